import { buildAutomaton, FIRST_CODE } from './automaton.js';
import { EMOJI_HIGH_FIRST, EMOJI_HIGH_LAST, foldKey, foldTable, SKIP } from './fold-table.js';
import { EMOJI_HIGH, HitBuffer, NOISE, OUTSIDE, scanExact, scanFolded } from './scan.js';

export interface MatcherEntry<T = unknown> {
  pattern: string;
  allow?: boolean;
  ascii?: 'substring' | 'token';
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

const ALLOW = 1;
const TOKEN = 2;

/** Entries grouped by their folded key; several entries may share a key. */
interface Dictionary {
  keys: string[];
  /** Entry indices of key k are groupEntries[groupStart[k] .. groupStart[k + 1]). */
  groupStart: Int32Array;
  groupEntries: Int32Array;
  /** The entry of key k when it is its only entry and has no flags (the common case), else -1. */
  soleEntry: Int32Array;
  flags: Uint8Array;
  hasAllow: boolean;
  size: number;
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

function buildDictionary(entries: readonly (string | MatcherEntry)[], normalize: boolean): Dictionary {
  const byKey = new Map<string, number[]>();
  const flags = new Uint8Array(entries.length);
  let size = 0;
  entries.forEach((entry, index) => {
    const pattern = typeof entry === 'string' ? entry : entry.pattern;
    const key = normalize ? foldKey(pattern) : pattern;
    if (key.length === 0) return;
    if (typeof entry !== 'string')
      flags[index] = (entry.allow ? ALLOW : 0) | (entry.ascii === 'token' ? TOKEN : 0);
    const group = byKey.get(key);
    if (group) group.push(index);
    else byKey.set(key, [index]);
    size++;
  });
  const keys = [...byKey.keys()].sort(compareUnits);
  const groupStart = new Int32Array(keys.length + 1);
  const groupEntries = new Int32Array(size);
  let next = 0;
  keys.forEach((key, k) => {
    groupStart[k] = next;
    for (const index of byKey.get(key)!) groupEntries[next++] = index;
  });
  groupStart[keys.length] = next;
  const soleEntry = new Int32Array(keys.length).fill(-1);
  keys.forEach((_, k) => {
    const index = groupEntries[groupStart[k]!]!;
    if (groupStart[k + 1]! - groupStart[k]! === 1 && flags[index] === 0) soleEntry[k] = index;
  });
  const hasAllow = flags.some((flag) => (flag & ALLOW) !== 0);
  return { keys, groupStart, groupEntries, soleEntry, flags, hasAllow, size };
}

function compareUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Dense codes for the units that occur in keys, most frequent first, so the double array packs tightly. */
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

type Visit<E> = (start: number, end: number, entry: E) => void;

/**
 * Expands raw hits into entries and visits them in order, dropping token entries inside words and deny hits
 * that lie inside an allow hit. Allow spans are gathered in a first pass (only when some entry is an allow
 * entry), so the second pass can drop suppressed hits before anything is allocated for them.
 */
function visitHits<E>(
  text: string,
  hits: HitBuffer,
  dictionary: Dictionary,
  entries: readonly E[],
  isWordUnit: (unit: number) => boolean,
  visit: Visit<E>,
): void {
  const { groupStart, groupEntries, soleEntry, flags } = dictionary;
  const data = hits.data;
  const allowed = dictionary.hasAllow ? allowSpans(text, hits, dictionary, isWordUnit) : NO_SPANS;
  let nextAllow = 0;
  let reach = -1;
  for (let h = 0; h < hits.length; h += 3) {
    const start = data[h]!;
    const end = data[h + 1]!;
    // Hits come sorted by start: every allow span starting no later than this hit may contain it.
    while (nextAllow < allowed.length && allowed[nextAllow]! <= start) {
      reach = Math.max(reach, allowed[nextAllow + 1]!);
      nextAllow += 2;
    }
    if (end <= reach) continue;
    const key = data[h + 2]!;
    const sole = soleEntry[key]!;
    if (sole >= 0) {
      visit(start, end, entries[sole]!);
      continue;
    }
    for (let g = groupStart[key]!; g < groupStart[key + 1]!; g++) {
      const index = groupEntries[g]!;
      const flag = flags[index]!;
      if (flag & ALLOW || (flag & TOKEN && !isToken(text, start, end, isWordUnit))) continue;
      visit(start, end, entries[index]!);
    }
  }
}

const NO_SPANS: readonly number[] = [];

/** [start, end] pairs of the allow hits, in hit order (by start). */
function allowSpans(
  text: string,
  hits: HitBuffer,
  dictionary: Dictionary,
  isWordUnit: (unit: number) => boolean,
): number[] {
  const { groupStart, groupEntries, soleEntry, flags } = dictionary;
  const data = hits.data;
  const spans: number[] = [];
  for (let h = 0; h < hits.length; h += 3) {
    const key = data[h + 2]!;
    if (soleEntry[key]! >= 0) continue;
    const start = data[h]!;
    const end = data[h + 1]!;
    for (let g = groupStart[key]!; g < groupStart[key + 1]!; g++) {
      const flag = flags[groupEntries[g]!]!;
      if (!(flag & ALLOW) || (flag & TOKEN && !isToken(text, start, end, isWordUnit))) continue;
      spans.push(start, end);
      break;
    }
  }
  return spans;
}

function isToken(text: string, start: number, end: number, isWordUnit: (unit: number) => boolean): boolean {
  if (start > 0 && isWordUnit(text.charCodeAt(start - 1))) return false;
  return end >= text.length || !isWordUnit(text.charCodeAt(end));
}
