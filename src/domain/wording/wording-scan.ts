import type { CheckContext, FieldScan } from '../checks/check-context.js';
import { createMatcher, type Matcher } from '../matching/matcher.js';
import type { WordingReference } from './reference-tables.js';

/**
 * Most findings one wording check reports per field: a draft with that many serious errors is blocked many
 * times over, and a hostile one must not make the report (and the time to build it) grow without bound.
 */
export const MAX_FINDINGS = 100;

/** An exact occurrence of a literal in a field's view text. */
export interface Occurrence {
  start: number;
  end: number;
  text: string;
}

/** The day a draft speaks of: its own date, else the check's scope date; undefined: the tables as they stand. */
export function draftDate(context: CheckContext): string | undefined {
  return context.draft.date ?? context.scope.date;
}

/**
 * A finder of the literals in a text, exact (unfolded) and linear. The finders of one reference share a pool:
 * every field is scanned once for all their literals (not once per wording check), and each finder keeps the
 * occurrences of its own literals, in the order a matcher of them alone reports (by start, then end).
 */
export function literalFinder(
  reference: WordingReference,
  literals: Iterable<string>,
): (text: string) => Occurrence[] {
  return poolOf(reference).finder(literals);
}

const poolOf = perTable((_reference: WordingReference) => new LiteralPool());

/** Sets of literals found in one scan; a set is a bit of each literal's mask. */
class LiteralPool {
  private readonly masks = new Map<string, number>();
  private sets = 0;
  private matcher: Matcher<string> | undefined;
  /** The last text scanned and what it holds: the wording checks of a field ask one after the other. */
  private lastText: string | undefined;
  private lastFound: Occurrence[] = [];

  finder(literals: Iterable<string>): (text: string) => Occurrence[] {
    if (this.sets === 31) throw new RangeError('too many literal sets in one pool');
    const bit = 1 << this.sets++;
    for (const literal of literals) this.masks.set(literal, (this.masks.get(literal) ?? 0) | bit);
    // Sets join while the checks derive their tables on the first check: scan again with the new literals.
    this.matcher = undefined;
    this.lastText = undefined;
    return (text) =>
      this.occurrences(text).filter((occurrence) => (this.masks.get(occurrence.text)! & bit) !== 0);
  }

  private occurrences(text: string): Occurrence[] {
    if (text === this.lastText) return this.lastFound;
    this.matcher ??= createMatcher([...this.masks.keys()], { normalize: false });
    const found: Occurrence[] = [];
    this.matcher.forEachMatch(text, (start, end, entry) => found.push({ start, end, text: entry }));
    this.lastText = text;
    this.lastFound = found;
    return found;
  }
}

/**
 * Drops occurrences inside a longer one (总理 inside 国务院总理); the rest in text order. Linear: the matcher
 * reports by start, then end, so of the occurrences sharing a start the last is the longest.
 */
export function outermost(occurrences: readonly Occurrence[]): Occurrence[] {
  const kept: Occurrence[] = [];
  let reach = -1;
  for (const [index, occurrence] of occurrences.entries()) {
    if (occurrences[index + 1]?.start === occurrence.start || occurrence.end <= reach) continue;
    kept.push(occurrence);
    reach = occurrence.end;
  }
  return kept;
}

/**
 * Marks the view units that a match of one of `lists` covers, so a rule can leave what a list already says
 * (习近凭 in wording-errors.txt) to that list's finding. Linear: every match is a few units long.
 */
export function coveredBy(
  scan: FieldScan,
  lists: readonly string[],
): (start: number, end: number) => boolean {
  const listed = scan.matches.filter((match) => lists.includes(match.list.name));
  // Most fields have no such match: no map of the text's length is needed then.
  if (listed.length === 0) return () => false;
  const covered = new Uint8Array(scan.view.text.length);
  for (const match of listed) covered.fill(1, match.start, match.end);
  return (start, end) => covered[start] === 1 && covered[end - 1] === 1;
}

/** Memoises one derived value per table object (the tables are loaded once and never change). */
export function perTable<K extends object, V>(derive: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = derive(key);
      cache.set(key, value);
    }
    return value;
  };
}
