import type { CheckRule } from '../checks/check-context.js';
import { factOf, gradeRule, type GradeSpan } from './grade-finding.js';
import { termsIn, type Sentence } from './sentences.js';

/*
 * R27: reports of leaders' activities need at least the deputy head's sign-off (`important`). A leader is a
 * title (区委书记, 区长 …) or a configured name (leader-names.txt); an activity (调研, 主持, 一行 …) must stand in
 * the same sentence, so 市长热线 or a title in a regulation does not escalate.
 * R27 puts reports whose subject is this level's principal leader at G2; telling the level from the text alone
 * is not reliable, so the rule asks for `important` and the message names the G2 case for the reviewer.
 */

export const LEADER_LISTS = {
  titles: 'leader-titles',
  names: 'leader-names',
  activities: 'leader-activities',
} as const;

const MESSAGE =
  '：领导活动报道，至少须由分管负责人审定签发；以本级党政主要领导为主体的，须由主要负责人审定签发';

/** The first leader title or name of a sentence that also reports an activity. */
export function leaderActivity(sentence: Sentence): GradeSpan | undefined {
  const activity = termsIn(sentence, LEADER_LISTS.activities)[0];
  if (activity === undefined) return undefined;
  const leaders = [...termsIn(sentence, LEADER_LISTS.titles), ...termsIn(sentence, LEADER_LISTS.names)];
  const leader = leaders.sort((a, b) => a.start - b.start)[0];
  if (leader === undefined) return undefined;
  return {
    start: leader.start,
    end: leader.end,
    facts: [...factOf(sentence, '领导', leader), ...factOf(sentence, '活动', activity)],
  };
}

export const leaderRule: CheckRule = gradeRule(
  { id: 'grade:leader', category: 'leader', grade: 'important' },
  [{ find: leaderActivity, message: MESSAGE }],
);
