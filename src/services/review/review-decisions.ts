import type { Grade } from '../../domain/checks/finding.js';
import type { Clock } from '../../domain/clock.js';
import type { Target } from '../../domain/draft-content.js';
import type { Person } from '../../domain/people.js';
import { err } from '../../domain/result.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { PersonEvent } from '../../domain/workflow/review-events.js';
import { canDecide } from '../../domain/workflow/review-guards.js';
import { refusePublishing } from '../../domain/workflow/review-published.js';
import type { DraftStore } from '../ports/drafts.js';
import type { Answer, ReviewCommits } from './review-commits.js';
import { loaderOf } from './review-reading.js';

/** Deciding a draft's waiting stage, and raising its grade. */
export interface ReviewDecisions {
  approve(
    by: Person,
    id: string,
    input: { version: number; stage?: string; comment?: string; acknowledged?: readonly string[] },
  ): Answer;
  reject(by: Person, id: string, input: { version: number; stage?: string; comment: string }): Answer;
  raiseGrade(by: Person, id: string, input: { grade: Grade; comment?: string }): Answer;
  /** Has a target that failed for good published again (重新发布): deciders of the chain and admins. */
  retryTarget(by: Person, id: string, target: Target): Answer;
  /** The drafter takes the draft back before anyone decided on it (撤回). */
  withdraw(by: Person, id: string, input: { version: number; comment?: string }): Answer;
  /** Withdraws the approved version before its scheduled publication (撤销定时发布): deciders and admins. */
  cancelSchedule(by: Person, id: string, input: { version: number; comment: string }): Answer;
}

export interface ReviewDecisionDeps {
  drafts: Pick<DraftStore, 'get'>;
  commits: ReviewCommits;
  /** The leaders a person stands in for right now (代): the machine decides for one of them when it waits. */
  leadersOf: (person: Person) => Promise<Person[]>;
  now: Clock;
}

export function createReviewDecisions(deps: ReviewDecisionDeps): ReviewDecisions {
  const load = loaderOf(deps.drafts);
  const at = () => deps.now().toISOString();

  /** Runs an event on a stored draft that stores no new version. */
  async function decide(
    by: Person,
    id: string,
    event: (found: DraftWithVersion) => Promise<PersonEvent>,
  ): Answer {
    const found = await load(by, id);
    if (!found) return err({ code: 'draft_not_found', id });
    return deps.commits.byPerson(found, await event(found));
  }

  /** The leaders `by` stands in for, read only when the waiting stage is not theirs to decide themselves. */
  async function leadersFor(by: Person, found: DraftWithVersion): Promise<Person[]> {
    return canDecide(found.record.review, by) ? [] : deps.leadersOf(by);
  }

  return {
    approve: (by, id, input) =>
      decide(by, id, async (found) => ({
        type: 'approve',
        by,
        leaders: await leadersFor(by, found),
        at: at(),
        ...input,
      })),
    reject: (by, id, input) =>
      decide(by, id, async (found) => ({
        type: 'reject',
        by,
        leaders: await leadersFor(by, found),
        at: at(),
        ...input,
      })),
    raiseGrade: (by, id, input) =>
      decide(by, id, () => Promise.resolve({ type: 'raise_grade', by, at: at(), ...input })),
    async retryTarget(by, id, target) {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      // Who may not retry is told so (and it is recorded) before learning what the draft targets.
      const mayAct = refusePublishing(found.record.review, by) === undefined;
      if (mayAct && !found.version.content.targets.includes(target)) {
        return err({ code: 'target_not_found', id, target });
      }
      const version = found.version.number;
      return deps.commits.byPerson(found, { type: 'retry_publish', by, version, target, at: at() });
    },
    withdraw: (by, id, input) =>
      decide(by, id, () => Promise.resolve({ type: 'withdraw', by, at: at(), ...input })),
    async cancelSchedule(by, id, input) {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      // Once its time has come the release queues it: from then on it is publishing, not waiting.
      const publishAt = found.version.content.publish_at;
      const when = at();
      const mayAct = refusePublishing(found.record.review, by) === undefined;
      if (mayAct && (publishAt === undefined || publishAt <= when)) {
        return err({ code: 'schedule_not_pending', id });
      }
      return deps.commits.byPerson(found, { type: 'cancel_schedule', by, at: when, ...input });
    },
  };
}
