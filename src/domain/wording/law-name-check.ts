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
/** Quoting a repealed name on purpose: 原《…》, 《…》（已废止）. */
const REPEALED_NOTE = /^[（(]?(?:已废止|已失效|废止|失效)/u;
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
      if (holdsOn(known, date) || known.to === undefined) continue;
      if (text[start - 1] === '原' || REPEALED_NOTE.test(text.slice(end, end + 5))) continue;
      findings.push(
        at(
          'review',
          `「${cited}」已于 ${known.to} 废止，引用现行规定请改用现行名称；引用旧法请写“原《…》”${provenance(KIND, reference.laws)}`,
        ),
      );
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
 * The name in force nearest to `name` if near enough to be a slip, and of the same kind (a 规定 is never
 * "corrected" to an 办法): one edit; two when the citation claims to be national (中华人民共和国…) or the
 * name in force contains it whole (信息公开条例 → 政府信息公开条例: a word left out). Never more than a third.
 */
function closest(name: string, prefixed: boolean, byLength: Map<number, string[]>): string | undefined {
  const limit = Math.min(2, Math.floor(name.length / 3));
  const kind = LAW_SHAPE.exec(name)![0];
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (let length = name.length - limit; length <= name.length + limit; length++) {
    for (const candidate of byLength.get(length) ?? []) {
      if (!candidate.endsWith(kind)) continue;
      const d = distance(name, candidate);
      if (d >= bestDistance || (d > 1 && !prefixed && !candidate.includes(name))) continue;
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
