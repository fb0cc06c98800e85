import { buildAutomaton, FIRST_CODE } from './automaton.js';
import { buildDictionary, visitHits, type DictionaryEntry, type Visit } from './dictionary.js';
import { EMOJI_HIGH_FIRST, EMOJI_HIGH_LAST, foldTable, SKIP } from './fold-table.js';
import { EMOJI_HIGH, HitBuffer, NOISE, OUTSIDE, scanExact, scanFolded } from './scan.js';

/** An entry: `allow` entries suppress the matches they contain; `token` entries match whole ASCII tokens only. */
export interface MatcherEntry<T = unknown> extends DictionaryEntry {
  data?: T;
}

export interface MatcherOptions {
  /** Fold case, width, NFKC and traditional characters and pass over noise. Default true. */
  normalize?: boolean;
  /** Most noise units passed over in a row between two characters of a term. Default 3. */
  maxGap?: number;
}

/** A hit in UTF-16 offsets of the scanned text; `end` is exclusive. */
export interface Match<E> {
  start: number;
  end: number;
  entry: E;
}

export interface Matcher<E> {
  /** Every match, ordered by start, then end. */
  findAll(text: string): Match<E>[];
  /** The same matches in the same order, without allocating a result per match. */
  forEachMatch(text: string, visit: (start: number, end: number, entry: E) => void): void;
  /** Number of entries that take part in matching (entries empty after folding are left out). */
  readonly size: number;
}

/** Builds a matcher that finds every overlapping occurrence of the entries; see MatcherEntry for the options. */
export function createMatcher<E extends string | MatcherEntry>(
  entries: readonly E[],
  options: MatcherOptions = {},
): Matcher<E> {
  const normalize = options.normalize ?? true;
  const maxGap = options.maxGap ?? 3;
  const dictionary = buildDictionary(entries, normalize);
  const { codeOf, codeLimit } = alphabetOf(dictionary.keys);
  const automaton = buildAutomaton(dictionary.keys, codeOf, codeLimit);
  const classes = normalize ? foldedClasses(codeOf) : codeOf;
  const ring = new Int32Array(ringSize(automaton.maxDepth));
  const hits = new HitBuffer();
  const isWordUnit = normalize ? foldedWordUnit : rawWordUnit;
  return {
    size: dictionary.size,
    forEachMatch(text: string, visit: Visit<E>): void {
      hits.length = 0;
      if (normalize) scanFolded(text, automaton, classes, maxGap, ring, hits);
      else scanExact(text, automaton, classes, hits);
      visitHits(text, hits, dictionary, entries, isWordUnit, visit);
    },
    findAll(text: string): Match<E>[] {
      const matches: Match<E>[] = [];
      this.forEachMatch(text, (start, end, entry) => matches.push({ start, end, entry }));
      return matches;
    },
  };
}

function alphabetOf(keys: readonly string[]): { codeOf: Uint16Array; codeLimit: number } {
  const counts = new Int32Array(0x10000);
  for (const key of keys) for (let i = 0; i < key.length; i++) counts[key.charCodeAt(i)]!++;
  const units: number[] = [];
  counts.forEach((count, unit) => {
    if (count > 0) units.push(unit);
  });
  units.sort((a, b) => counts[b]! - counts[a]! || a - b);
  if (units.length + FIRST_CODE > 0xffff) throw new RangeError('匹配词表使用的字符种类过多');
  const codeOf = new Uint16Array(0x10000);
  units.forEach((unit, i) => (codeOf[unit] = FIRST_CODE + i));
  return { codeOf, codeLimit: FIRST_CODE + units.length };
}

/** One lookup per unit: fold, then alphabet code, or a reserved code for noise and emoji high surrogates. */
function foldedClasses(codeOf: Uint16Array): Uint16Array {
  const fold = foldTable();
  const classes = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    const folded = fold[unit]!;
    if (unit >= EMOJI_HIGH_FIRST && unit <= EMOJI_HIGH_LAST) classes[unit] = EMOJI_HIGH;
    else classes[unit] = folded === SKIP ? NOISE : codeOf[folded] || OUTSIDE;
  }
  return classes;
}

function ringSize(maxDepth: number): number {
  let size = 1;
  while (size < maxDepth) size *= 2;
  return size;
}

function foldedWordUnit(unit: number): boolean {
  return isAsciiWordUnit(foldTable()[unit] ?? SKIP);
}

function rawWordUnit(unit: number): boolean {
  return isAsciiWordUnit(unit) || (unit >= 0x41 && unit <= 0x5a);
}

function isAsciiWordUnit(unit: number): boolean {
  return (unit >= 0x30 && unit <= 0x39) || (unit >= 0x61 && unit <= 0x7a);
}
