/** Decoding the units as UTF-16LE is several times faster than String.fromCharCode on native order. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
/** Units per String.fromCharCode call on big-endian hosts, well below the engine's argument limit. */
const CHUNK = 4096;

/** Reused between calls: its units are decoded into a new string before the next call writes them. */
let buffer = new Uint16Array(8192);

/** A buffer of at least `length` units, valid until the next call (checks are synchronous). */
export function unitBuffer(length: number): Uint16Array {
  if (buffer.length < length) buffer = new Uint16Array(Math.max(length, buffer.length * 2));
  return buffer;
}

/** The string of the first `length` units of `units`. */
export function decodeUnits(units: Uint16Array, length: number): string {
  const used = units.subarray(0, length);
  if (LITTLE_ENDIAN) return UTF16.decode(used);
  let result = '';
  for (let at = 0; at < used.length; at += CHUNK) {
    result += String.fromCharCode(...used.subarray(at, at + CHUNK));
  }
  return result;
}

/**
 * A string of the same length as `text`, each UTF-16 unit replaced by `table[unit]`, so offsets carry over.
 * Built in a typed array and decoded once: concatenating per unit allocates a string per CJK character, and a
 * table is read inline where a callback per unit is a call.
 */
export function mapUnits(text: string, table: Uint16Array): string {
  const units = unitBuffer(text.length);
  for (let i = 0; i < text.length; i++) units[i] = table[text.charCodeAt(i)]!;
  return decodeUnits(units, text.length);
}

/** The 64K table of `map`, for mapUnits. */
export function unitTable(map: (unit: number) => number): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) table[unit] = map(unit);
  return table;
}
