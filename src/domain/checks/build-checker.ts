import type { Draft, DraftField } from '../draft.js';
import { createMatcher, type MatcherEntry } from '../matching/matcher.js';
import { buildFieldView } from '../text/field-view.js';
import type { CheckContext, CheckRule, FieldScan, ReferenceLists, WordMatch } from './check-context.js';
import { findingAt } from './check-context.js';
import type { CheckScope } from './check-scope.js';
import type { CheckReport, Finding } from './finding.js';
import { allowedInView, withoutAllowed } from './org-allow.js';
import { listedFindings, summariseFindings } from './summarise-findings.js';
import { refineIllegalLinks } from './links-check.js';
import { refinePublicity } from './publicity-context.js';
import type { WordEntry, Wordlist } from './wordlist-types.js';

interface EntryData {
  list: Wordlist;
  entry: WordEntry;
}

export interface Checker {
  /** Synchronous and pure: the same draft and scope always give the same report. */
  check(draft: Draft, scope?: CheckScope): CheckReport;
}

/**
 * Compiles the lists into one automaton and returns the checker. Every `words`, `terms` and `allow` list goes
 * into the same matcher, so a draft is scanned once per field whatever the number of lists.
 */
export function buildChecker(
  wordlists: readonly Wordlist[],
  rules: readonly CheckRule[],
  referenceLists: ReferenceLists,
): Checker {
  const matcher = createMatcher(matcherEntries(wordlists));
  const byName = new Map(wordlists.map((list) => [list.name, list]));

  const scan = (field: DraftField, original: string, draft: Draft, scope: CheckScope): ScanResult => {
    const view = buildFieldView(original, field === 'title' ? 'text' : (draft.format ?? 'text'));
    const allowed = allowedInView(scope.allow, view);
    const matches: WordMatch[] = [];
    const counts = new Map<Wordlist, number>();
    const overflow = new Map<Wordlist, WordMatch>();
    matcher.forEachMatch(view.text, (start, end, { data }) => {
      const { list, entry } = data!;
      if (allowed?.(start, end)) return;
      const count = (counts.get(list) ?? 0) + 1;
      counts.set(list, count);
      if (count <= MATCHES_PER_LIST) matches.push({ start, end, list, entry });
      else if (count === MATCHES_PER_LIST + 1) overflow.set(list, { start, end, list, entry });
    });
    return { scan: { field, original, view, matches }, overflow: [...overflow.values()] };
  };

  return {
    check(draft, scope = {}) {
      const title = scan('title', draft.title, draft, scope);
      const body = scan('body', draft.body, draft, scope);
      const context: CheckContext = {
        draft,
        scope,
        title: title.scan,
        body: body.scan,
        lists: referenceLists,
        wordlists: byName,
      };
      const findings = [
        ...wordFindings(context.title),
        ...wordFindings(context.body),
        ...[title, body].flatMap(repetitionFindings),
        ...rules.flatMap((rule) => rule(context)),
      ];
      const views = { title: context.title.view, body: context.body.view };
      const refined = refinePublicity(context, withoutAllowed(findings, views, scope.allow));
      return summariseFindings(refineIllegalLinks(refined));
    },
  };
}

/**
 * Matches kept per list and field. A real post never comes near it; a draft of one listed word repeated a
 * million times would otherwise cost an object per match. Words lists have already reported by then; matches
 * past the cap are not seen by the rules, so the drafter and reviewer are told where reading stopped.
 */
const MATCHES_PER_LIST = 5000;

interface ScanResult {
  scan: FieldScan;
  /** The first match past MATCHES_PER_LIST of each list that overflowed. */
  overflow: WordMatch[];
}

function repetitionFindings({ scan, overflow }: ScanResult): Finding[] {
  return overflow.map((match) =>
    findingAt(scan, match.start, match.end, {
      rule: 'integrity:repetition',
      category: 'integrity',
      action: 'review',
      message: `「${match.list.description}」类词语出现超过 ${MATCHES_PER_LIST} 次，自此处起未逐一检查；稿件疑似被大量灌入重复内容，请通篇核对后再审签。`,
    }),
  );
}

function matcherEntries(wordlists: readonly Wordlist[]): MatcherEntry<EntryData>[] {
  return wordlists
    .filter((list) => list.type === 'words' || list.type === 'terms' || list.type === 'allow')
    .flatMap((list) =>
      list.entries.map((entry) => ({
        pattern: entry.text,
        allow: list.type === 'allow',
        ascii: list.ascii,
        data: { list, entry },
      })),
    );
}

/** Matches of `words` lists become findings as their list header says. */
function wordFindings(scan: FieldScan): Finding[] {
  const byList = new Map<Wordlist, WordMatch[]>();
  for (const match of outermost(scan.matches.filter(({ list }) => list.type === 'words'))) {
    const matches = byList.get(match.list);
    if (matches === undefined) byList.set(match.list, [match]);
    else matches.push(match);
  }
  // A list has one action: the first matches stand for the rest, which are counted, not built.
  return [...byList.values()].flatMap((matches) =>
    listedFindings(matches, (match) => wordFinding(scan, match)),
  );
}

function wordFinding(scan: FieldScan, match: WordMatch): Finding {
  const { list, entry } = match;
  const text = scan.view.text.slice(match.start, match.end);
  const finding = findingAt(scan, match.start, match.end, {
    rule: `wordlist:${list.name}`,
    category: list.category!,
    action: list.action ?? 'block',
    message: (list.message ?? '「{text}」：{description}')
      .replaceAll('{text}', text)
      .replaceAll('{description}', list.description),
  });
  if (entry.suggestion !== undefined) finding.suggestion = entry.suggestion;
  if (list.grade !== undefined) finding.grade = list.grade;
  return finding;
}

/** Drops a match lying inside a longer match of the same list: 皇冠足球 inside 皇冠足球比分 says nothing new. */
function outermost(matches: WordMatch[]): WordMatch[] {
  // By start, longest first: every earlier match starts no later, so the widest reach so far decides.
  const ordered = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const widest = new Map<Wordlist, WordMatch>();
  return ordered.filter((match) => {
    const outer = widest.get(match.list);
    if (outer && outer.end >= match.end && (outer.start < match.start || outer.end > match.end)) return false;
    if (!outer || match.end > outer.end) widest.set(match.list, match);
    return true;
  });
}
