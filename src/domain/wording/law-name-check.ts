import { distance } from 'fastest-levenshtein';
import type { CheckContext, FieldScan } from '../checks/check-context.js';
import { findingAt } from '../checks/check-context.js';
import type { Finding } from '../checks/finding.js';
import type { LawName, WordingReference } from './reference-tables.js';
import { holdsOn, newestDate, provenance } from './reference-tables.js';
import { coveredBy, draftDate, MAX_FINDINGS, perTable } from './wording-scan.js';

const PREFIX = '中华人民共和国';
/** A citation: what lies between 《 and 》 on one line, at most 60 units. */
const CITATION = /《([^《》\n]{2,60})》/gu;
/** National laws and regulations end so; 办法, 细则 and 规则 are mostly ministries' rules, not in the table. */
const LAW_SHAPE = /(?:法|法典|条例|规定)$/u;
/** A local regulation (江苏省…条例, 南通市…规定) or a Party regulation: not in the national table. */
const NOT_NATIONAL = /^(?:[\p{Script=Han}]{2,8}?(?:省|市|自治区|自治州|州|县|区|盟|旗)|中国共产党|党)/u;
/** Quoting a repealed name on purpose: 原《…》, 旧《…》, 《…》（已废止）. */
const REPEALED_NOTE = /^[（(]?(?:已废止|已失效|废止|失效)/u;
/** A sentence that tells the repealed law's history: 《食品卫生法》于2009年废止, 被《食品安全法》取代. */
const HISTORY_WORDS = /废止|失效|取代|代替|替代|施行前|修订前|实施前|同时停止/u;
const SENTENCE_END = /[。！？!?；;\n]/u;
/** Distinct unknown names looked up per field: the nearest-name search is the costly part. */
const MAX_LOOKUPS = 200;
const KIND = '法律法规名称表';

const indexOf = perTable((reference: WordingReference) => {
  const byName = new Map<string, LawName>(reference.laws.laws.map((law) => [law.name, law]));
  const byLength = new Map<number, string[]>();
  for (const law of reference.laws.laws) {
    if (law.to !== undefined) continue;
    byLength.set(law.name.length, [...(byLength.get(law.name.length) ?? []), law.name]);
  }
  return { byName, byLength, newest: newestDate(reference.laws.laws) };
});

/**
 * Law names (R16, TC57): a cited national law or administrative regulation that is not in the table blocks
 * with the nearest name in force as its suggestion; a repealed name cited as current asks for review. Local
 * and Party regulations are not in the table and are left alone.
 */
export function checkLawNames(
  context: CheckContext,
  scan: FieldScan,
  reference: WordingReference,
): Finding[] {
  const { byName, byLength, newest } = indexOf(reference);
  const date = draftDate(context) ?? newest;
  const text = scan.view.text;
  const listed = coveredBy(scan, ['wording-errors']);
  const nearest = new Map<string, string | undefined>();
  const findings: Finding[] = [];
  for (const match of text.matchAll(CITATION)) {
    if (findings.length >= MAX_FINDINGS) break;
    const cited = match[1]!.trim();
    const prefixed = cited.startsWith(PREFIX) && cited.length > PREFIX.length;
    const name = prefixed ? cited.slice(PREFIX.length) : cited;
    const start = match.index;
    const end = start + match[0].length;
    const known = byName.get(name);
    const at = (action: 'block' | 'review', message: string) =>
      findingAt(scan, start, end, { rule: 'wording:law-name', category: 'wording', action, message });
    if (known) {
      if (holdsOn(known, date) || known.to === undefined || citesHistory(text, start, end, known.to))
        continue;
      const right = known.by === undefined ? undefined : `《${prefixed ? PREFIX : ''}${known.by}》`;
      const finding = at(
        'block',
        `严重表述错误：「${cited}」已于 ${known.to} 废止，${right ? `现行为${right}` : '请改用现行名称'}；引用旧法请写“原《…》”${provenance(KIND, reference.laws)}`,
      );
      findings.push(right ? { ...finding, suggestion: right } : finding);
      continue;
    }
    if (!LAW_SHAPE.test(name) || (!prefixed && NOT_NATIONAL.test(name)) || listed(start + 1, end - 1))
      continue;
    if (!nearest.has(name) && nearest.size < MAX_LOOKUPS)
      nearest.set(name, closest(name, prefixed, byLength));
    const suggestion = nearest.get(name);
    if (suggestion !== undefined) {
      const right = `《${prefixed ? PREFIX : ''}${suggestion}》`;
      findings.push({
        ...at(
          'block',
          `严重表述错误：法律法规名称「${cited}」有误，应为${right}${provenance(KIND, reference.laws)}`,
        ),
        suggestion: right,
      });
    } else if (prefixed) {
      findings.push(
        at(
          'review',
          `「${cited}」不在现行法律、行政法规名称表中，请核对名称${provenance(KIND, reference.laws)}`,
        ),
      );
    }
  }
  return findings;
}

/**
 * A repealed name cited on purpose: 原《…》 or 旧《…》, （已废止） after it, or a sentence that tells its history
 * (于2009年废止, 被…取代) or dates the citation before the repeal (1995年颁布的《食品卫生法》).
 */
function citesHistory(text: string, start: number, end: number, repealed: string): boolean {
  if (/[原旧]/u.test(text[start - 1] ?? '') || REPEALED_NOTE.test(text.slice(end, end + 5))) return true;
  const sentence = sentenceAround(text, start, end);
  if (HISTORY_WORDS.test(sentence)) return true;
  const repealYear = Number(repealed.slice(0, 4));
  return [...sentence.matchAll(/(?<!\d)((?:19|20)\d\d)年/gu)].some((year) => Number(year[1]) < repealYear);
}

/** The sentence holding text[start, end), at most 80 units either side. */
function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(Math.max(0, start - 80), start);
  const after = text.slice(end, end + 80);
  const cut = [...before.matchAll(new RegExp(SENTENCE_END, 'gu'))].at(-1);
  const stop = SENTENCE_END.exec(after);
  return (cut ? before.slice(cut.index + 1) : before) + (stop ? after.slice(0, stop.index) : after);
}

/**
 * The name in force nearest to `name` if near enough to be a slip: the same name with the other kind
 * (网络安全条例 → 网络安全法), or one of the same kind (a 规定 is never "corrected" to an 办法) one edit away; two
 * when the citation claims to be national (中华人民共和国…) or the name in force holds it with words left out
 * (信息公开条例 → 政府信息公开条例, 道路交通法 → 道路交通安全法). Never more than a third, and a tie places nothing.
 */
function closest(name: string, prefixed: boolean, byLength: Map<number, string[]>): string | undefined {
  const kind = LAW_SHAPE.exec(name)![0];
  const stem = name.slice(0, -kind.length);
  const limit = Math.min(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (let length = name.length - 2; length <= name.length + 2; length++) {
    for (const candidate of byLength.get(length) ?? []) {
      if (stem.length >= 2 && otherKind(candidate, stem, kind)) return candidate;
      const added = length - name.length;
      if (!candidate.endsWith(kind)) continue;
      const d = distance(name, candidate);
      const shortened = stem.length >= 4 && added > 0 && d === added && isSubsequence(name, candidate);
      if (d > (shortened ? 2 : limit) || d > bestDistance) continue;
      if (d > 1 && !prefixed && !shortened && !candidate.includes(name)) continue;
      if (d === bestDistance) tied = true;
      else [best, bestDistance, tied] = [candidate, d, false];
    }
  }
  return tied ? undefined : best;
}

/** 网络安全法 for 网络安全条例: the same stem with the other of 法 and 条例. */
function otherKind(candidate: string, stem: string, kind: string): boolean {
  const other = kind === '条例' ? '法' : kind === '法' ? '条例' : undefined;
  return other !== undefined && candidate === stem + other;
}

/** Whether `short` is `long` with characters left out, in order. */
function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const unit of long) if (unit === short[at]) at++;
  return at === short.length;
}
