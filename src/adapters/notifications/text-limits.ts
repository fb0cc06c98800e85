const ELLIPSIS = '…';

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The text cut to at most `maxBytes` of UTF-8, on a character boundary, ending in "…" when cut. Platforms
 * truncate over-long fields themselves, byte-wise, which can leave half a Chinese character at the end.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Length(ELLIPSIS);
  let used = 0;
  let kept = '';
  for (const character of text) {
    used += utf8Length(character);
    if (used > budget) break;
    kept += character;
  }
  return kept + ELLIPSIS;
}

/** The text cut to at most `maxCharacters` code points, ending in "…" when cut. */
export function truncateCharacters(text: string, maxCharacters: number): string {
  const characters = [...text];
  if (characters.length <= maxCharacters) return text;
  return characters.slice(0, maxCharacters - 1).join('') + ELLIPSIS;
}
