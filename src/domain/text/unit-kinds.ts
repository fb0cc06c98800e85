import { isMojibakeCue } from './mojibake.js';
import { unitTable } from './map-units.js';

/*
 * Kinds of units that some check needs before its patterns can match at all. A field lacking the kind skips
 * the pattern; one read of the field's units answers every check that asks, where each would read them again.
 */

/** A latin letter, ASCII or full width: every link and executable address has one. */
export const LATIN_LETTER = 1;
/** A cue of mojibake (see isMojibakeCue). */
export const MOJIBAKE_CUE = 2;
/** U+FFFD, what a decoder puts for bytes it could not read. */
export const REPLACEMENT_CHAR = 4;
/** An exclamation or question mark, either width: every emotional run of them holds one. */
export const TONE_MARK = 8;
/** The high surrogate of the crying and angry faces (U+1F4xx–U+1F6xx, U+1F9xx). */
export const EMOJI_HIGH = 16;

/** A zero-width character, bidi control, soft hyphen or variation selector: what integrity:invisible finds. */
export const INVISIBLE = 32;

const INVISIBLE_RANGES: ReadonlyArray<[number, number]> = [
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0xfeff, 0xfeff],
  [0x00ad, 0x00ad],
  [0x180e, 0x180e],
  [0xfe00, 0xfe0f],
];

function isInvisible(unit: number): boolean {
  return INVISIBLE_RANGES.some(([first, last]) => unit >= first && unit <= last);
}

const TONE_MARKS = new Set([...'!！?？'].map((char) => char.charCodeAt(0)));
const EMOJI_HIGHS = new Set([0xd83d, 0xd83e]);

let kindsOfUnit: Uint16Array | undefined;

function kindsOf(unit: number): number {
  const folded = unit >= 0xff21 && unit <= 0xff5a ? unit - 0xfee0 : unit;
  const letter = (folded | 0x20) >= 0x61 && (folded | 0x20) <= 0x7a ? LATIN_LETTER : 0;
  return (
    letter |
    (isMojibakeCue(unit) ? MOJIBAKE_CUE : 0) |
    (unit === 0xfffd ? REPLACEMENT_CHAR : 0) |
    (TONE_MARKS.has(unit) ? TONE_MARK : 0) |
    (EMOJI_HIGHS.has(unit) ? EMOJI_HIGH : 0) |
    (isInvisible(unit) ? INVISIBLE : 0)
  );
}

/** The kinds of the text's units, OR-ed together. */
export function unitKinds(text: string): number {
  const table = kindsTable();
  let kinds = 0;
  for (let i = 0; i < text.length; i++) kinds |= table[text.charCodeAt(i)]!;
  return kinds;
}

/** The kinds of the unit at `index` of the text. */
export function kindsAt(text: string, index: number): number {
  return kindsTable()[text.charCodeAt(index)]!;
}

const kindsTable = (): Uint16Array => (kindsOfUnit ??= unitTable(kindsOf));
