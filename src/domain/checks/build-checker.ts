import type { Draft, DraftField } from '../draft.js';
import { createMatcher, type MatcherEntry } from '../matching/matcher.js';
import { buildFieldView } from '../text/field-view.js';
import type { CheckContext, CheckRule, FieldScan, ReferenceLists, WordMatch } from './check-context.js';
import { findingAt } from './check-context.js';
import type { CheckScope } from './check-scope.js';
import { refinePublicity } from './publicity-context.js';
import type { CheckReport, Finding, Grade } from './finding.js';
import { maxGrade } from './finding.js';
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

  const scan = (field: DraftField, original: string, draft: Draft): FieldScan => {
    const view = buildFieldView(original, field === 'title' ? 'text' : (draft.format ?? 'text'));
    const matches: WordMatch[] = [];
    matcher.forEachMatch(view.text, (start, end, { data }) =>
      matches.push({ start, end, list: data!.list, entry: data!.entry }),
    );
    return { field, original, view, matches };
  };

  return {
    check(draft, scope = {}) {
      const context: CheckContext = {
        draft,
        scope,
        title: scan('title', draft.title, draft),
        body: scan('body', draft.body, draft),
        lists: referenceLists,
        wordlists: byName,
      };
      const findings = [
        ...wordFindings(context.title),
        ...wordFindings(context.body),
        ...rules.flatMap((rule) => rule(context)),
      ];
      return summarise(refinePublicity(context, findings));
    },
  };
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
  return outermost(scan.matches.filter((match) => match.list.type === 'words')).map((match) => {
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
  });
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

const ACTION_ORDER = { block: 0, escalate: 1, review: 2, info: 3 } as const;

/** An info hint inside a block of the same category tells the drafter nothing more (赌博 inside 澳门赌博). */
function covers(block: Finding, info: Finding): boolean {
  return (
    block.category === info.category &&
    block.field === info.field &&
    block.start <= info.start &&
    block.end >= info.end
  );
}

/** Orders findings by field and position, drops repeats and covered hints, and derives `blocked` and `grade`. */
function summarise(findings: Finding[]): CheckReport {
  const seen = new Set<string>();
  const blocks = findings.filter((finding) => finding.action === 'block');
  const unique = findings.filter((finding) => {
    if (finding.action === 'info' && blocks.some((block) => covers(block, finding))) return false;
    const key = `${finding.rule}|${finding.field}|${finding.start}|${finding.end}|${finding.suggestion ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort(
    (a, b) =>
      (a.field === b.field ? 0 : a.field === 'title' ? -1 : 1) ||
      a.start - b.start ||
      a.end - b.end ||
      ACTION_ORDER[a.action] - ACTION_ORDER[b.action],
  );
  let grade: Grade = 'general';
  for (const finding of unique) {
    if (finding.action === 'escalate' && finding.grade) grade = maxGrade(grade, finding.grade);
  }
  return { blocked: unique.some((finding) => finding.action === 'block'), grade, findings: unique };
}
