import type { CheckRule, FieldScan } from '../checks/check-context.js';
import { findingAt } from '../checks/check-context.js';
import type { Category, Finding, Grade } from '../checks/finding.js';
import { sentencesOf, type Sentence } from './sentences.js';

export type Span = { start: number; end: number };

/** One reason a draft needs a higher grade: where it shows in a sentence, and what the reviewer is told. */
export interface GradeReason {
  find: (sentence: Sentence) => Span | undefined;
  /** Follows the quoted text: `「…」${message}`. */
  message: string;
}

/**
 * A rule that escalates each field once per reason, at the first sentence where the reason shows: the grade
 * belongs to the draft, and one place is enough to show why.
 */
export function gradeRule(
  rule: { id: string; category: Category; grade: Grade },
  reasons: readonly GradeReason[],
): CheckRule {
  const findingsIn = (scan: FieldScan): Finding[] => {
    const sentences = sentencesOf(scan);
    return reasons.flatMap(({ find, message }) => {
      const span = firstSpan(sentences, find);
      if (span === undefined) return [];
      const text = scan.view.text.slice(span.start, span.end);
      return [
        findingAt(scan, span.start, span.end, {
          rule: rule.id,
          category: rule.category,
          action: 'escalate',
          grade: rule.grade,
          message: `「${text}」${message}`,
        }),
      ];
    });
  };
  return (context) => [...findingsIn(context.title), ...findingsIn(context.body)];
}

function firstSpan(sentences: readonly Sentence[], find: GradeReason['find']): Span | undefined {
  for (const sentence of sentences) {
    const span = find(sentence);
    if (span !== undefined) return span;
  }
  return undefined;
}
