import type { CheckContext, CheckRule } from '../checks/check-context.js';
import type { WordingReference } from '../wording/reference-tables.js';
import { factOf, gradeRule, type GradeSpan, type Span } from './grade-finding.js';
import { firstTerm, foldUnits, type Sentence } from './sentences.js';

/*
 * R27: reports of leaders' activities need at least the deputy head's sign-off (`important`). A leader is a
 * title (区委书记, 区长 …), a configured name (leader-names.txt) or a name of the leader reference tables
 * (习近平, 李强 …, wordlists/reference/); an activity (调研, 主持, 一行 …) must stand in the same sentence, so
 * 市长热线 or a title in a regulation does not escalate.
 * R27 puts reports whose subject is this level's principal leader at G2; telling the level from the text alone
 * is not reliable, so the rule asks for `important` and the message names the G2 case for the reviewer.
 * R30, TC78: studying a leader's thought or speech (学习贯彻习近平新时代中国特色社会主义思想, 传达学习……重要讲话
 * 精神) is no activity of that leader, and neither is a name in a list of those present (习近平、李强……等出席).
 * A national leader's activity is the subject of the post only when the title names a national leader or a
 * central body (李强主持召开国务院常务会议, 中共中央政治局常务委员会召开会议); in the body of a local story
 * (我区企业亮相进博会) it is background and keeps the post general.
 */

export const LEADER_LISTS = {
  titles: 'leader-titles',
  names: 'leader-names',
  activities: 'leader-activities',
} as const;

const MESSAGE =
  '：领导活动报道，至少须由分管负责人审定签发；以本级党政主要领导为主体的，须由主要负责人审定签发';

/** A study verb earlier in the clause: the leader is what is studied (学习李强总理……的讲话精神). */
const STUDIED = /(?:学习|贯彻|领会|践行|落实|传达|宣讲|研读|解读|介绍)[^，,。；;：:]*$/;
/** A name followed by a body of thought (习近平新时代……思想, 习近平法治思想). */
const THOUGHT = /^(?:同志)?(?:新时代|[\u4e00-\u9fff]{0,4}思想)/;
const STUDY_REACH = 30;
const THOUGHT_REACH = 8;

const before = (sentence: Sentence, span: Span, reach: number) => {
  const at = span.start - sentence.start;
  return sentence.folded.slice(Math.max(0, at - reach), at);
};
const after = (sentence: Sentence, span: Span, reach: number) => {
  const at = span.end - sentence.start;
  return sentence.folded.slice(at, at + reach);
};

/** Whether the leader is studied or quoted as a theory rather than reported acting. */
const isStudied = (sentence: Sentence, leader: Span) =>
  STUDIED.test(before(sentence, leader, STUDY_REACH)) || THOUGHT.test(after(sentence, leader, THOUGHT_REACH));

/** Whether a name is an item of an enumeration of leaders (习近平、赵乐际、李强等出席). */
const isListed = (sentence: Sentence, name: Span) =>
  before(sentence, name, 1) === '、' || after(sentence, name, 1) === '、';

/** The lists that name a leader, titles first. */
const LEADER_NAMING = [LEADER_LISTS.titles, LEADER_LISTS.names] as const;

/**
 * The first leader of the sentence, reported acting (see isStudied): a title, a configured name, or a name of
 * the reference tables not listed among others. Of leaders starting together, a title before a name before a
 * reference name. Loops without intermediate lists: it runs for every sentence that names an activity.
 */
function firstLeader(sentence: Sentence, referenceNames: readonly string[]): Span | undefined {
  let first: Span | undefined;
  // Indexed loops, no closure: a for…of allocated an iterator result per match.
  for (const list of LEADER_NAMING) {
    for (let i = 0; i < sentence.matches.length; i++) {
      const match = sentence.matches[i]!;
      if (match.list.name === list) first = earlierActing(sentence, first, match);
    }
  }
  // Every name of the reference tables has at least two characters.
  const folded = sentence.folded;
  for (const name of referenceNames) {
    for (let at = folded.indexOf(name); at !== -1; at = folded.indexOf(name, at + name.length)) {
      const span = { start: sentence.start + at, end: sentence.start + at + name.length };
      if (!isListed(sentence, span)) first = earlierActing(sentence, first, span);
    }
  }
  return first;
}

/** `leader` when it starts before `first` and is reported acting; `first` otherwise. */
const earlierActing = (sentence: Sentence, first: Span | undefined, leader: Span): Span | undefined =>
  (first === undefined || leader.start < first.start) && !isStudied(sentence, leader) ? leader : first;

/** The first leader title or name of a sentence that also reports an activity of that leader. */
export function leaderActivity(
  sentence: Sentence,
  referenceNames: readonly string[] = [],
): GradeSpan | undefined {
  const activity = firstTerm(sentence, LEADER_LISTS.activities);
  if (activity === undefined) return undefined;
  const leader = firstLeader(sentence, referenceNames);
  if (leader === undefined) return undefined;
  return {
    start: leader.start,
    end: leader.end,
    facts: [...factOf(sentence, '领导', leader), ...factOf(sentence, '活动', activity)],
  };
}

const namesCache = new WeakMap<WordingReference, readonly string[]>();

/** The leaders' names of the central and local reference tables (R11), longest first. */
export function referenceLeaderNames(reference: WordingReference | undefined): readonly string[] {
  if (reference === undefined) return [];
  let names = namesCache.get(reference);
  if (names === undefined) {
    const all = [...reference.central.leaders, ...reference.local.leaders].map((leader) => leader.name);
    names = [...new Set(all)].filter((name) => name.length >= 2).sort((a, b) => b.length - a.length);
    namesCache.set(reference, names);
  }
  return names;
}

/** A central body in the title: the post reports the national level. */
const CENTRAL_BODY = /中共中央|中央政治局|国务院|全国人大|全国政协|中央军委/;

/** The reference names that count in this draft: all of them when the title is about the national level. */
function countedNames(context: CheckContext): readonly string[] {
  const names = referenceLeaderNames(context.lists.wording);
  const title = foldUnits(context.title.view.text);
  return CENTRAL_BODY.test(title) || names.some((name) => title.includes(name)) ? names : [];
}

const LEADER_RULE = { id: 'grade:leader', category: 'leader', grade: 'important' } as const;

export const leaderRule: CheckRule = (context: CheckContext) => {
  const names = countedNames(context);
  const find = (sentence: Sentence) => leaderActivity(sentence, names);
  return gradeRule(LEADER_RULE, [{ find, message: MESSAGE, needs: { lists: [LEADER_LISTS.activities] } }])(
    context,
  );
};
