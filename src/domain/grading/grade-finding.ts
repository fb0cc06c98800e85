import type { CheckRule, FieldScan } from '../checks/check-context.js';
import { findingAt } from '../checks/check-context.js';
import type { Category, Finding, Grade } from '../checks/finding.js';
import { foldedTextOf, sentencesOf, type Sentence } from './sentences.js';

export type Span = { start: number; end: number };

/** Where a reason shows, and the facts that raised the grade (事件：爆炸；伤亡：2人死亡), for the message. */
export interface GradeSpan extends Span {
  facts?: readonly string[];
}

/** One reason a draft needs a higher grade: where it shows in a sentence, and what the reviewer is told. */
export interface GradeReason {
  find: (sentence: Sentence) => GradeSpan | undefined;
  /** Follows the quoted text: `「…」${message}`. */
  message: string;
  /**
   * What every span `find` returns needs in its sentence: a match of one of `lists` or one of `marks` (words of
   * the folded text). A field holding none of them is passed over without reading its sentences one by one.
   */
  needs?: ReasonNeeds;
}

export interface ReasonNeeds {
  lists?: readonly string[];
  marks?: readonly string[];
}

export interface GradeRuleId {
  id: string;
  category: Category;
  grade: Grade;
}

/** `「text」message（依据：facts）`: every grade finding names the facts that raised it. */
export function gradeFinding(scan: FieldScan, rule: GradeRuleId, span: GradeSpan, message: string): Finding {
  const text = scan.view.text.slice(span.start, span.end);
  const facts = span.facts?.length ? `（依据：${span.facts.join('；')}）` : '';
  return findingAt(scan, span.start, span.end, {
    rule: rule.id,
    category: rule.category,
    action: 'escalate',
    grade: rule.grade,
    message: `「${text}」${message}${facts}`,
  });
}

/**
 * A rule that escalates each field once per reason, at the first sentence where the reason shows: the grade
 * belongs to the draft, and one place is enough to show why.
 */
export function gradeRule(rule: GradeRuleId, reasons: readonly GradeReason[]): CheckRule {
  const findingsIn = (scan: FieldScan): Finding[] => {
    const sentences = sentencesOf(scan);
    return reasons.flatMap(({ find, message, needs }) => {
      if (needs !== undefined && !fieldHolds(scan, needs)) return [];
      const span = firstSpan(sentences, find);
      return span === undefined ? [] : [gradeFinding(scan, rule, span, message)];
    });
  };
  return (context) => [...findingsIn(context.title), ...findingsIn(context.body)];
}

/** Whether some sentence of the field may hold what a reason needs (a sentence is a slice of its field). */
function fieldHolds(scan: FieldScan, { lists = [], marks = [] }: ReasonNeeds): boolean {
  const matched = listsMatchedIn(scan);
  if (lists.some((list) => matched.has(list))) return true;
  const folded = foldedTextOf(scan);
  return marks.some((mark) => folded.includes(mark));
}

/** The names of the lists matched in the field, computed once per scan: the reasons of every rule ask. */
function listsMatchedIn(scan: FieldScan): ReadonlySet<string> {
  scan.listsMatched ??= new Set(scan.matches.map((match) => match.list.name));
  return scan.listsMatched;
}

export function firstSpan(sentences: readonly Sentence[], find: GradeReason['find']): GradeSpan | undefined {
  for (const sentence of sentences) {
    const span = find(sentence);
    if (span !== undefined) return span;
  }
  return undefined;
}

/** The text of a match or pattern hit in the sentence, labelled for a fact list: `时间：今日14时许`. */
export function factOf(sentence: Sentence, label: string, span: Span | undefined): string[] {
  if (span === undefined) return [];
  return [`${label}：${sentence.folded.slice(span.start - sentence.start, span.end - sentence.start)}`];
}
