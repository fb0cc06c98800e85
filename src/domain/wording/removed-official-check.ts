import type { CheckContext, FieldScan } from '../checks/check-context.js';
import { findingAt } from '../checks/check-context.js';
import type { Finding } from '../checks/finding.js';
import type { RemovedOfficial, WordingReference } from './reference-tables.js';
import { newestDate, provenance } from './reference-tables.js';
import { draftDate, literalFinder, MAX_FINDINGS, perTable } from './wording-scan.js';

/** Disciplinary and warning-education context: the mention is a lesson, a person confirms it (R15, TC60). */
const WARNING =
  /违纪|违法|警示|镜鉴|落马|被查|审查调查|立案|开除党籍|双开|受贿|贪污|腐败|判处|案件|反面典型/u;
/** Praise and instruction: the removed official presented as a leader to follow (R15, TC59). */
const PRAISE = /莅临|指导|指出|强调|视察|调研|重要讲话|批示|指示|关怀|亲切/u;
/** How far on each side of the name the sentence is read (bounded, so the rule stays linear). */
const REACH = 60;
const SENTENCE_END = /[。！？!?；;\n]/u;
const KIND = '落马官员参考表';

const finderOf = perTable((reference: WordingReference) => ({
  find: literalFinder(
    reference,
    reference.removed.officials.map((row) => row.name),
  ),
  byName: new Map(reference.removed.officials.map((row) => [row.name, row])),
  newest: newestDate(reference.removed.officials),
}));

/**
 * R15: an official removed from office, named in a draft dated after the removal. Praise or 同志 blocks; a
 * warning-education or disciplinary context escalates to important for a person to confirm; an earlier draft
 * (a historical document) passes.
 */
export function checkRemovedOfficials(
  context: CheckContext,
  scan: FieldScan,
  reference: WordingReference,
): Finding[] {
  const { find, byName, newest } = finderOf(reference);
  const date = draftDate(context) ?? newest;
  const text = scan.view.text;
  const findings: Finding[] = [];
  for (const occurrence of find(text)) {
    if (findings.length >= MAX_FINDINGS) break;
    const row = byName.get(occurrence.text)!;
    if (date < row.from || inExcludedWord(text, occurrence.start, row)) continue;
    const sentence = sentenceAround(text, occurrence.start, occurrence.end);
    const comrade = text.startsWith('同志', occurrence.end);
    const block = comrade || (!WARNING.test(sentence) && PRAISE.test(sentence));
    const since = `${row.from.slice(0, 7)} 已落马${row.was ? `（原${row.was}）` : ''}`;
    const finding = findingAt(scan, occurrence.start, occurrence.end, {
      rule: 'wording:removed-official',
      category: 'wording',
      action: block ? 'block' : 'escalate',
      message: block
        ? `严重表述错误：「${row.name}」${since}，不得以正面语境提及（单项否决风险）${provenance(KIND, reference.removed)}`
        : `「${row.name}」${since}：用于纪检通报、警示教育的，须人工确认${provenance(KIND, reference.removed)}`,
    });
    if (!block) finding.grade = 'important';
    findings.push(finding);
  }
  return findings;
}

function inExcludedWord(text: string, start: number, row: RemovedOfficial): boolean {
  return row.exclude.some((word) => {
    const at = word.indexOf(row.name);
    return at !== -1 && text.startsWith(word, start - at);
  });
}

/** The sentence around [start, end), at most REACH units each side. */
function sentenceAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && start - from < REACH && !SENTENCE_END.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && to - end < REACH && !SENTENCE_END.test(text[to]!)) to++;
  return text.slice(from, to);
}
