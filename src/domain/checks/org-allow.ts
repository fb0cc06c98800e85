import type { Draft, DraftField } from '../draft.js';
import { foldKey } from '../matching/fold-table.js';
import { createMatcher, type Matcher } from '../matching/matcher.js';
import { buildFieldView } from '../text/field-view.js';
import { toOriginalSpan, type TextView } from '../text/text-view.js';
import type { Finding } from './finding.js';
import { validateWordlists, warningAt, type WordlistProblems } from './wordlist-validation.js';
import type { Wordlist } from './wordlist-types.js';

/*
 * Organisation allow entries (误报标记): reviewers teach the checker that a piece of text is a false positive in
 * their organisation. Only findings about wording can be taught away: word-list matches (`wordlist:*`), opinion,
 * wording and grading findings. Personal data, links, sources, titles, platform limits and anything else
 * (hidden HTML, invisible characters, contact patterns) are never waived, whatever an entry says.
 */

/** Rule id prefixes of the findings a reviewer may mark as false positives (and that allow entries drop). */
export const MARKABLE_RULE_PREFIXES: readonly string[] = ['wordlist:', 'opinion:', 'wording:', 'grade:'];

/** Categories never waived, even when their rule id has a markable prefix. */
const NEVER_WAIVED = new Set<string>(['privacy', 'link', 'source', 'title', 'platform']);

/** Fewest characters an entry keeps after folding: one character would fire everywhere. */
export const MIN_ALLOW_ENTRY_LENGTH = 2;

export function isMarkable(finding: Pick<Finding, 'rule' | 'category'>): boolean {
  return (
    !NEVER_WAIVED.has(finding.category) &&
    MARKABLE_RULE_PREFIXES.some((prefix) => finding.rule.startsWith(prefix))
  );
}

/** The allow entry a finding becomes: the text checks read there (HTML reduced to text), folded as the matcher folds. */
export function allowTextOf(draft: Draft, finding: Pick<Finding, 'field' | 'start' | 'end'>): string {
  const original = finding.field === 'title' ? draft.title : draft.body;
  const view = buildFieldView(original, finding.field === 'title' ? 'text' : (draft.format ?? 'text'));
  let text = '';
  for (let i = 0; i < view.text.length; i++) {
    if (view.starts[i]! >= finding.start && view.ends[i]! <= finding.end) text += view.text[i];
  }
  return foldKey(text);
}

/** Whether an entry is long enough after folding to be stored. */
export function isLongEnough(entry: string): boolean {
  return [...foldKey(entry)].length >= MIN_ALLOW_ENTRY_LENGTH;
}

const CACHE_SIZE = 64;
const matchers = new Map<string, Matcher<string>>();

/** One compiled matcher per entry set, the most recently used kept (organisations reuse theirs on every check). */
function matcherFor(entries: readonly string[]): Matcher<string> {
  const key = [...entries].sort().join('\n');
  let matcher = matchers.get(key);
  if (matcher) matchers.delete(key);
  else matcher = createMatcher(entries.filter(isLongEnough));
  matchers.set(key, matcher);
  if (matchers.size > CACHE_SIZE) matchers.delete(matchers.keys().next().value!);
  return matcher;
}

/** Original spans covered by occurrences of the entries in a view, by start, with the widest end so far. */
function coverage(matcher: Matcher<string>, view: TextView): { starts: number[]; reach: number[] } {
  const spans: { start: number; end: number }[] = [];
  matcher.forEachMatch(view.text, (start, end) => spans.push(toOriginalSpan(view, start, end)));
  spans.sort((a, b) => a.start - b.start);
  const reach: number[] = [];
  for (const span of spans) reach.push(Math.max(span.end, reach.at(-1) ?? -1));
  return { starts: spans.map((span) => span.start), reach };
}

/** True when [start, end) lies inside one covered span: the last span starting at or before `start` reaches `end`. */
function covered({ starts, reach }: ReturnType<typeof coverage>, start: number, end: number): boolean {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! <= start) low = mid + 1;
    else high = mid;
  }
  return low > 0 && reach[low - 1]! >= end && end > start;
}

/**
 * Whether a span of the view, in view coordinates, lies inside an occurrence of one of the entries; undefined
 * when there are no entries. The checker drops such list matches before it counts and caps them, so text an
 * organisation allowed, repeated, can never push a real match out of sight.
 */
export function allowedInView(
  entries: readonly string[] | undefined,
  view: TextView,
): ((start: number, end: number) => boolean) | undefined {
  if (!entries || entries.length === 0) return undefined;
  const matcher = matcherFor(entries);
  if (matcher.size === 0) return undefined;
  const spans = coverage(matcher, view);
  return (start, end) => {
    const original = toOriginalSpan(view, start, end);
    return covered(spans, original.start, original.end);
  };
}

/**
 * Drops every markable finding whose span lies inside an occurrence of an organisation allow entry, found in the
 * field's folded view. Other findings are kept whatever the entries say. Linear in the text and the findings
 * (plus a sort of the occurrences).
 */
export function withoutAllowed(
  findings: readonly Finding[],
  views: Record<DraftField, TextView>,
  entries: readonly string[] | undefined,
): Finding[] {
  if (!entries || entries.length === 0 || !findings.some(isMarkable)) return [...findings];
  const matcher = matcherFor(entries);
  if (matcher.size === 0) return [...findings];
  const spans = { title: coverage(matcher, views.title), body: coverage(matcher, views.body) };
  return findings.filter(
    (finding) => !isMarkable(finding) || !covered(spans[finding.field], finding.start, finding.end),
  );
}

/**
 * `qianfa validate --org`: an organisation's entries checked as `qianfa validate` checks a list, against the
 * shipped lists (one character, entries that fold alike, an entry that makes a deny entry never match), plus a
 * warning for an entry that contains no markable finding any more (`hasDenyMatch` false): it is useless.
 * Problems are located as `location:N`, N the entry's position in `entries` (1-based).
 */
export function validateAllowEntries(
  entries: readonly { id: string; text: string }[],
  shipped: readonly Wordlist[],
  hasDenyMatch: (text: string) => boolean,
  location: string,
): WordlistProblems {
  const own: Wordlist = {
    name: location,
    type: 'allow',
    description: location,
    source: 'reviewers',
    ascii: 'substring',
    entries: entries.map((entry, index) => ({ text: entry.text, line: index + 1 })),
  };
  const all = validateWordlists([...shipped, own], foldKey, (list) => (list === own ? location : list.name));
  const ours = (problem: string) => problem.startsWith(`${location}:`);
  const useless = entries.flatMap((entry, index) =>
    hasDenyMatch(entry.text)
      ? []
      : [
          warningAt(
            location,
            index + 1,
            `「${entry.text}」（${entry.id}）不含任何可标记的命中，条目已无作用，可撤销`,
          ),
        ],
  );
  return { errors: all.errors.filter(ours), warnings: [...all.warnings.filter(ours), ...useless] };
}
