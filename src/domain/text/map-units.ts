/** Decoding the units as UTF-16LE is several times faster than String.fromCharCode on native order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
/** Units per String.fromCharCode call on big-endian hosts, well below the engine's argument limit. */
const CHUNK = 4096;

/**
 * A string of the same length as `text`, each UTF-16 unit replaced by `map(unit)`, so offsets carry over.
 * Built in a typed array and decoded once: concatenating per unit allocates a string per CJK character.
 */
export function mapUnits(text: string, map: (unit: number) => number): string {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = map(text.charCodeAt(i));
  if (LITTLE_ENDIAN) return UTF16.decode(units);
  let result = '';
  for (let at = 0; at < units.length; at += CHUNK) {
    result += String.fromCharCode(...units.subarray(at, at + CHUNK));
  }
  return result;
}
