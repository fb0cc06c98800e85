import { to as openccTo } from 'opencc-js/preset/t2cn';

/**
 * A 64K table over UTF-16 code units that folds evasive spellings onto one canonical unit:
 * NFKC (full-width → half-width, ① → 1, ⑴ → 1, compatibility ideographs), lower case, and
 * traditional → simplified (opencc-js's own single-character dictionary). Noise that may sit between the
 * characters of a term (whitespace, zero-width and format characters, punctuation, symbols, box drawing,
 * combining marks) maps to SKIP. Letters and digits are never SKIP.
 */

/** Table value of a unit that is noise between the characters of a term. U+FFFF is a noncharacter. */
export const SKIP = 0xffff;

/** High surrogates of U+1F000–U+1FBFF (emoji, pictographs, flags); a pair starting with one is noise. */
export const EMOJI_HIGH_FIRST = 0xd83c;
export const EMOJI_HIGH_LAST = 0xd83e;

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const NOISE = /^[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\p{Mn}\p{Me}\s]$/u;
const SIGNIFICANT = /[\p{L}\p{N}]/gu;

let table: Uint16Array | undefined;

/** The fold table, built on first use. Values are folded units or SKIP. */
export function foldTable(): Uint16Array {
  table ??= buildFoldTable();
  return table;
}

/** Folds every unit of `text` and drops noise: the key under which list entries collide. */
export function foldKey(text: string): string {
  const fold = foldTable();
  const units: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (isEmojiPairAt(text, i)) {
      i++;
      continue;
    }
    const folded = fold[text.charCodeAt(i)]!;
    if (folded !== SKIP) units.push(folded);
  }
  return String.fromCharCode(...units);
}

/** True when the unit at `index` starts a surrogate pair in the emoji planes. */
export function isEmojiPairAt(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  if (high < EMOJI_HIGH_FIRST || high > EMOJI_HIGH_LAST) return false;
  const low = text.charCodeAt(index + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}

function buildFoldTable(): Uint16Array {
  const traditional = traditionalToSimplified();
  const result = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    result[unit] = foldUnit(unit, traditional);
  }
  result[SKIP] = SKIP;
  return result;
}

function foldUnit(unit: number, traditional: ReadonlyMap<number, number>): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit;
  // Unified ideographs and Hangul syllables are their own NFKC and lower case; this halves the build time.
  if (isPlainLetterBlock(unit)) return simplified(simplified(unit, traditional), traditional);
  let folded = unit;
  // Two rounds make the table idempotent (e.g. a compatibility ideograph → traditional → simplified).
  for (let round = 0; round < 2; round++) {
    folded = lowerCase(compatibilityForm(folded));
    folded = simplified(folded, traditional);
  }
  const char = String.fromCharCode(folded);
  if (LETTER_OR_DIGIT.test(char)) return folded;
  // A letter whose compatibility form is not one (half-width ﾞ → combining U+3099) stays as it is.
  if (LETTER_OR_DIGIT.test(String.fromCharCode(unit))) return unit;
  return NOISE.test(char) ? SKIP : folded;
}

function simplified(unit: number, traditional: ReadonlyMap<number, number>): number {
  return traditional.get(unit) ?? unit;
}

function isPlainLetterBlock(unit: number): boolean {
  return (
    (unit >= 0x3400 && unit <= 0x4dbf) ||
    (unit >= 0x4e00 && unit <= 0x9fff) ||
    (unit >= 0xac00 && unit <= 0xd7a3)
  );
}

/**
 * NFKC of one unit when it stays one unit. When it expands, keep its only letter/digit (⑴ → 1, ㈤ → 五);
 * expansions with several (™ → TM, ⑽ → 10) keep the unit itself.
 */
function compatibilityForm(unit: number): number {
  const normalized = String.fromCharCode(unit).normalize('NFKC');
  if (normalized.length === 1) return normalized.charCodeAt(0);
  const significant = normalized.match(SIGNIFICANT);
  if (significant?.length === 1 && significant[0].length === 1) return significant[0].charCodeAt(0);
  return unit;
}

function lowerCase(unit: number): number {
  const lower = String.fromCharCode(unit).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : unit;
}

/** Single-unit pairs of opencc-js's traditional → simplified (mainland) dictionaries; phrases are ignored. */
function traditionalToSimplified(): Map<number, number> {
  const pairs = new Map<number, number>();
  // opencc-js's DictLike: "from to|from to|…" or a list of [from, to] pairs.
  const groups = (openccTo.cn ?? []) as readonly (readonly unknown[])[];
  for (const group of groups) {
    for (const dict of group) {
      const entries =
        typeof dict === 'string'
          ? dict.split('|').map((entry) => entry.split(' '))
          : (dict as readonly (readonly string[])[]);
      for (const [from, to] of entries) {
        if (from?.length === 1 && to?.length === 1) pairs.set(from.charCodeAt(0), to.charCodeAt(0));
      }
    }
  }
  return pairs;
}
