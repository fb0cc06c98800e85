import type { CheckReport, Finding, Grade } from './finding.js';
import { maxGrade } from './finding.js';

/** Findings listed per rule and field; beyond it the rest are counted on the last one listed. */
export const FINDINGS_PER_RULE = 100;

const ACTION_ORDER = { block: 0, escalate: 1, review: 2, info: 3 } as const;

const byPosition = (a: Finding, b: Finding): number =>
  (a.field === b.field ? 0 : a.field === 'title' ? -1 : 1) ||
  a.start - b.start ||
  a.end - b.end ||
  ACTION_ORDER[a.action] - ACTION_ORDER[b.action];

/**
 * Orders findings by field and position, drops repeats and hints covered by a block, and derives `blocked` and
 * `grade` from every finding. A rule reporting more than FINDINGS_PER_RULE places in a field (a draft of one
 * word repeated) lists its most severe ones and counts the rest: the report stays small, the verdict does not
 * change. Runs in O(n log n).
 */
export function summariseFindings(findings: readonly Finding[]): CheckReport {
  const covered = coveredByBlock(findings);
  const seen = new Set<string>();
  const unique = findings.filter((finding) => {
    if (finding.action === 'info' && covered(finding)) return false;
    const key = `${finding.rule}|${finding.field}|${finding.start}|${finding.end}|${finding.suggestion ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  let grade: Grade = 'general';
  for (const finding of unique) {
    if (finding.action === 'escalate' && finding.grade) grade = maxGrade(grade, finding.grade);
  }
  const blocked = unique.some((finding) => finding.action === 'block');
  return { blocked, grade, findings: capPerRule(unique).sort(byPosition) };
}

/**
 * An info hint inside a block of the same category and field tells the drafter nothing more (赌博 inside
 * 澳门赌博). Blocks are sorted by start per category and field with the running widest end, so each hint is
 * one binary search.
 */
function coveredByBlock(findings: readonly Finding[]): (info: Finding) => boolean {
  const groups = new Map<string, { starts: number[]; reach: number[] }>();
  const blocks = findings.filter((finding) => finding.action === 'block').sort((a, b) => a.start - b.start);
  for (const block of blocks) {
    const key = `${block.category}|${block.field}`;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { starts: [], reach: [] }));
    group.starts.push(block.start);
    group.reach.push(Math.max(block.end, group.reach.at(-1) ?? -1));
  }
  return (info) => {
    const group = groups.get(`${info.category}|${info.field}`);
    if (group === undefined) return false;
    const last = lastAtOrBefore(group.starts, info.start);
    return last >= 0 && group.reach[last]! >= info.end;
  };
}

/** Index of the last value ≤ `at` in ascending `values`, or -1. */
function lastAtOrBefore(values: readonly number[], at: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= at) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function capPerRule(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.rule}|${finding.field}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [finding]);
    else group.push(finding);
  }
  return [...groups.values()].flatMap((group) => {
    if (group.length <= FINDINGS_PER_RULE) return group;
    const kept = [...group]
      .sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || byPosition(a, b))
      .slice(0, FINDINGS_PER_RULE);
    kept[kept.length - 1] = withUnlisted(kept.at(-1)!, group.length - FINDINGS_PER_RULE);
    return kept;
  });
}

/** The finding that stands for `unlisted` more of its kind, saying so. */
export function withUnlisted(finding: Finding, unlisted: number): Finding {
  return { ...finding, message: `${finding.message}（同类问题另有 ${unlisted} 处未逐一列出，请通篇检查）` };
}

/** Builds findings for the first FINDINGS_PER_RULE items only; the last one built counts the others. */
export function listedFindings<T>(items: readonly T[], build: (item: T) => Finding): Finding[] {
  const findings = items.slice(0, FINDINGS_PER_RULE).map(build);
  const unlisted = items.length - findings.length;
  if (unlisted > 0) findings[findings.length - 1] = withUnlisted(findings.at(-1)!, unlisted);
  return findings;
}

/**
 * Builds findings for the first FINDINGS_PER_RULE items of each rule only, the last one built counting the
 * others, as `capPerRule` would list them when each rule has one action. Items with the same `sameAs` key must
 * give the same rule (or none), so the rule of a repeated item is learned by building its first one.
 */
export function listedPerRule<T>(
  items: readonly T[],
  sameAs: (item: T) => string,
  build: (item: T) => Finding | undefined,
): Finding[] {
  const ruleOf = new Map<string, string | undefined>();
  const byRule = new Map<string, { listed: Finding[]; unlisted: number }>();
  for (const item of items) {
    const key = sameAs(item);
    const known = ruleOf.has(key);
    const rule = ruleOf.get(key);
    if (known && rule === undefined) continue;
    const full = rule !== undefined && byRule.get(rule)!.listed.length >= FINDINGS_PER_RULE;
    const finding = full ? undefined : build(item);
    if (!known) ruleOf.set(key, finding?.rule);
    if (!full && finding === undefined) continue;
    const ruleName = finding?.rule ?? rule!;
    let group = byRule.get(ruleName);
    if (group === undefined) byRule.set(ruleName, (group = { listed: [], unlisted: 0 }));
    if (finding !== undefined && group.listed.length < FINDINGS_PER_RULE) group.listed.push(finding);
    else group.unlisted++;
  }
  return [...byRule.values()].flatMap(({ listed, unlisted }) => {
    if (unlisted > 0) listed[listed.length - 1] = withUnlisted(listed.at(-1)!, unlisted);
    return listed;
  });
}
