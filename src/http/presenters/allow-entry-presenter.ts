import type { Finding } from '../../domain/checks/finding.js';
import type { AllowEntry } from '../../services/check-settings-service.js';

/** What a draft's finding shows once a decider marked it as a false positive. */
export const MARKED_LABEL = '已标记为误报';

export function presentAllowEntry(entry: AllowEntry) {
  const { id, org, text, finding, draft, version, reason, by, at } = entry;
  return { id, org, text, finding, draft, version, reason, marked_by: by, marked_at: at };
}

/** The findings with `false_positive` on each one an allow entry was made from (null on the others). */
export function withMarks(findings: readonly Finding[], marks: readonly AllowEntry[]) {
  return findings.map((finding) => {
    const mark = marks.find(
      ({ finding: marked }) =>
        marked.rule === finding.rule &&
        marked.field === finding.field &&
        marked.start === finding.start &&
        marked.end === finding.end,
    );
    const falsePositive = mark
      ? { label: MARKED_LABEL, entry: mark.id, reason: mark.reason, marked_by: mark.by, marked_at: mark.at }
      : null;
    return { ...finding, false_positive: falsePositive };
  });
}
