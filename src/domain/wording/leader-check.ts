import type { CheckContext, FieldScan } from '../checks/check-context.js';
import { findingAt } from '../checks/check-context.js';
import type { Finding } from '../checks/finding.js';
import { confusable } from './confusable.js';
import type { Leader, LeaderTable, WordingReference } from './reference-tables.js';
import { datedRowsOf, holdsOn, newestDate, provenance } from './reference-tables.js';
import type { Occurrence } from './wording-scan.js';
import { coveredBy, draftDate, literalFinder, MAX_FINDINGS, outermost, perTable } from './wording-scan.js';

/** Words after a three-character name that make the string a leader's name (speech and meeting patterns). */
const SPEECH_WORDS = [
  '同志',
  '重要讲话',
  '讲话',
  '主持',
  '出席',
  '指出',
  '强调',
  '会见',
  '考察',
  '视察',
  '批示',
  '指示',
  '致信',
  '签署',
];
/** Right before a title chain: the title is history (时任国务院总理李克强), not a claim about today. */
const HISTORY_MARKERS = ['时任', '原', '前'];
/** What may separate two names of one enumeration once titles are taken out. */
const ENUMERATION_GAP = /^(?:[、，,\s和及与]|同志)*$/u;
const MAX_GAP = 40;
const KIND = '领导人参考表';

interface Tables {
  /** Every title form (full and short) → the offices it names. */
  forms: Map<string, string[]>;
  leaders: Map<string, { leader: Leader; table: LeaderTable }>;
  findTitles: (text: string) => Occurrence[];
  findNames: (text: string) => Occurrence[];
  findSpeech: (text: string) => Occurrence[];
  /** Each name with one character blanked (习\0平 → 习近平 at 1): a window is looked up, not compared with all. */
  slips: Map<string, { name: string; at: number }[]>;
  newest: string;
}

const HOLE = '\u0000';
const blanked = (text: string, at: number) => text.slice(0, at) + HOLE + text.slice(at + 1);

const tablesOf = perTable((reference: WordingReference): Tables => {
  const forms = new Map<string, string[]>();
  const leaders = new Map<string, { leader: Leader; table: LeaderTable }>();
  for (const table of [reference.central, reference.local]) {
    for (const office of table.offices) {
      for (const form of [office.name, ...office.short])
        forms.set(form, [...(forms.get(form) ?? []), office.name]);
    }
    for (const leader of table.leaders) leaders.set(leader.name, { leader, table });
  }
  const slips = new Map<string, { name: string; at: number }[]>();
  for (const name of leaders.keys()) {
    for (let at = 0; at < name.length; at++) {
      const key = blanked(name, at);
      slips.set(key, [...(slips.get(key) ?? []), { name, at }]);
    }
  }
  return {
    forms,
    leaders,
    slips,
    findTitles: literalFinder(reference, forms.keys()),
    findNames: literalFinder(reference, leaders.keys()),
    findSpeech: literalFinder(reference, SPEECH_WORDS),
    newest: newestDate([...datedRowsOf(reference.central), ...datedRowsOf(reference.local)]),
  };
});

/** The tables read as of one day. */
class AsOf {
  constructor(
    readonly tables: Tables,
    readonly reference: WordingReference,
    readonly date: string,
    /** How the message says when: 现 (the tables as they stand) or 于 2024-05-01. */
    readonly when: string,
  ) {}

  holds(name: string, offices: readonly string[]): boolean {
    const row = this.tables.leaders.get(name);
    return !!row?.leader.titles.some((term) => offices.includes(term.title) && holdsOn(term, this.date));
  }

  holders(offices: readonly string[]): string[] {
    return [...this.tables.leaders.keys()].filter((name) => this.holds(name, offices));
  }

  rankOf(): Map<string, number> {
    const period = this.reference.central.periods.find((row) => holdsOn(row, this.date));
    return new Map((period?.order ?? []).map((name, index) => [name, index]));
  }

  provenanceOf(name: string | undefined): string {
    const table = (name !== undefined && this.tables.leaders.get(name)?.table) || this.reference.central;
    return provenance(KIND, table);
  }
}

/** R12, R13, R14 over one field. */
export function checkLeaders(context: CheckContext, scan: FieldScan, reference: WordingReference): Finding[] {
  const tables = tablesOf(reference);
  const date = draftDate(context);
  const asOf = new AsOf(tables, reference, date ?? tables.newest, date === undefined ? '现' : `于 ${date} `);
  const text = scan.view.text;
  // 副委员长 is not 委员长: a title right after 副 that does not itself start with 副 names a deputy's office.
  const titles = outermost(tables.findTitles(text)).filter(
    (title) => title.text.startsWith('副') || text[title.start - 1] !== '副',
  );
  const names = outermost(tables.findNames(text));
  return [
    ...titleMismatches(scan, asOf, titles, names),
    ...nameSlips(scan, asOf, titles, tables.findSpeech(text)),
    ...orderErrors(scan, asOf, titles, names),
  ];
}

/** R13: 国家副主席李强, 李强委员长: a title next to a leader who does not hold it on the draft's date. */
function titleMismatches(scan: FieldScan, asOf: AsOf, titles: Occurrence[], names: Occurrence[]): Finding[] {
  const text = scan.view.text;
  const byEnd = new Map(titles.map((title, index) => [title.end, index]));
  const byStart = new Map(titles.map((title, index) => [title.start, index]));
  const used = new Set<number>();
  const findings: Finding[] = [];
  const judge = (title: Occurrence, name: Occurrence, before: boolean) => {
    const offices = asOf.tables.forms.get(title.text)!;
    if (asOf.holds(name.text, offices)) return;
    const holders = asOf.holders(offices);
    const start = Math.min(title.start, name.start);
    const end = Math.max(title.end, name.end);
    const finding = findingAt(scan, start, end, {
      rule: 'wording:leader-title',
      category: 'wording',
      action: 'block',
      message:
        `严重表述错误「${text.slice(start, end)}」：${name.text}${asOf.when}不任${title.text}` +
        (holders.length > 0 ? `，${title.text}为${holders.join('、')}` : '') +
        `（单项否决风险）${asOf.provenanceOf(name.text)}`,
    });
    if (holders.length === 1)
      finding.suggestion = before ? `${title.text}${holders[0]}` : `${holders[0]}${title.text}`;
    findings.push(finding);
  };
  for (const name of names) {
    if (findings.length >= MAX_FINDINGS) break;
    const after = byStart.get(name.end);
    if (after !== undefined) {
      used.add(after);
      judge(titles[after]!, name, false);
    }
    const chain: number[] = [];
    const spaced = /\s/.test(text[name.start - 1] ?? '') ? byEnd.get(name.start - 1) : undefined;
    let index = byEnd.get(name.start) ?? spaced;
    while (index !== undefined && !used.has(index)) {
      chain.push(index);
      const start = titles[index]!.start;
      index = text[start - 1] === '、' ? byEnd.get(start - 1) : byEnd.get(start);
    }
    const first = chain.length > 0 ? titles[chain[chain.length - 1]!]! : undefined;
    if (first && HISTORY_MARKERS.some((marker) => text.startsWith(marker, first.start - marker.length)))
      continue;
    for (const at of chain) judge(titles[at]!, name, true);
  }
  return findings;
}

/**
 * R12: a leader's name with one character slipped to a homophone or look-alike, in leader context: next to a
 * title the leader holds (李墙总理, 总理李墙), or for three-character names before 同志 or a speech word.
 */
function nameSlips(scan: FieldScan, asOf: AsOf, titles: Occurrence[], speech: Occurrence[]): Finding[] {
  const text = scan.view.text;
  const listed = coveredBy(scan, ['wording-errors']);
  const findings: Finding[] = [];
  const seen = new Set<number>();
  const tryWindow = (start: number, end: number, offices: readonly string[] | undefined) => {
    if (start < 0 || end > text.length || seen.has(start) || findings.length >= MAX_FINDINGS) return;
    const window = text.slice(start, end);
    if (asOf.tables.leaders.has(window) || listed(start, end)) return;
    // Leader context: a title the leader holds, or for a three-character name 同志 or a speech word.
    const inContext = (name: string) => (offices ? asOf.holds(name, offices) : name.length >= 3);
    for (let at = 0; at < window.length; at++) {
      const slip = asOf.tables.slips
        .get(blanked(window, at))
        ?.find(({ name }) => inContext(name) && confusable(window[at]!, name[at]!));
      if (!slip) continue;
      const { name } = slip;
      seen.add(start);
      findings.push({
        ...findingAt(scan, start, end, {
          rule: 'wording:leader-name',
          category: 'wording',
          action: 'block',
          message: `严重表述错误「${window}」：领导人姓名错字，应为“${name}”（单项否决风险）${asOf.provenanceOf(name)}`,
        }),
        suggestion: name,
      });
      return;
    }
  };
  for (const title of titles) {
    const offices = asOf.tables.forms.get(title.text)!;
    for (const length of [2, 3]) {
      tryWindow(title.start - length, title.start, offices);
      tryWindow(title.end, title.end + length, offices);
    }
  }
  for (const word of speech) tryWindow(word.start - 3, word.start, undefined);
  return findings;
}

/** R14: two or more Standing Committee members in one enumeration, out of the official order. */
function orderErrors(scan: FieldScan, asOf: AsOf, titles: Occurrence[], names: Occurrence[]): Finding[] {
  const rank = asOf.rankOf();
  const text = scan.view.text;
  const members = names.filter((name) => rank.has(name.text));
  const titleStarts = new Map(titles.map((title) => [title.start, title.end]));
  const findings: Finding[] = [];
  let run: Occurrence[] = [];
  const close = () => {
    const ranks = run.map((name) => rank.get(name.text)!);
    if (ranks.some((value, index) => index > 0 && value < ranks[index - 1]!)) {
      const right = [...new Set(run.map((name) => name.text))].sort((a, b) => rank.get(a)! - rank.get(b)!);
      const first = run[0]!;
      const last = run[run.length - 1]!;
      findings.push({
        ...findingAt(scan, first.start, last.end, {
          rule: 'wording:leader-order',
          category: 'wording',
          action: 'block',
          message: `严重表述错误：领导人排序有误，应为“${right.join('、')}”（单项否决风险）${provenance(KIND, asOf.reference.central)}`,
        }),
        suggestion: right.join('、'),
      });
    }
    run = [];
  };
  for (const name of members) {
    if (findings.length >= MAX_FINDINGS) break;
    const previous = run[run.length - 1];
    if (previous && !sameEnumeration(text, previous.end, name.start, titleStarts)) close();
    run.push(name);
  }
  close();
  return findings;
}

/** Whether only separators, 同志 and titles lie between two names. */
function sameEnumeration(text: string, from: number, to: number, titleStarts: Map<number, number>): boolean {
  if (to - from > MAX_GAP) return false;
  let gap = '';
  for (let at = from; at < to;) {
    const titleEnd = titleStarts.get(at);
    if (titleEnd !== undefined && titleEnd <= to) at = titleEnd;
    else gap += text[at++];
  }
  return ENUMERATION_GAP.test(gap);
}
