import { foldKey } from './fold-table.js';
import type { HitBuffer } from './scan.js';

/*
 * The matcher's dictionary: entries grouped by folded key (the automaton knows keys, not entries), and the
 * step that turns the scanner's raw key hits back into entry matches.
 */

export interface DictionaryEntry {
  pattern: string;
  allow?: boolean;
  ascii?: 'substring' | 'token';
}

const ALLOW = 1;
const TOKEN = 2;

/** Entries grouped by their folded key; several entries may share a key. */
export interface Dictionary {
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

/** Groups the entries by key (folded when normalising); entries empty after folding are left out. */
export function buildDictionary(
  entries: readonly (string | DictionaryEntry)[],
  normalize: boolean,
): Dictionary {
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
export type Visit<E> = (start: number, end: number, entry: E) => void;

/**
 * Expands raw hits into entries and visits them in order, dropping token entries inside words and deny hits
 * that lie inside an allow hit. Allow spans are gathered in a first pass (only when some entry is an allow
 * entry), so the second pass can drop suppressed hits before anything is allocated for them.
 */
export function visitHits<E>(
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
