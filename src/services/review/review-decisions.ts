import type { Grade } from '../../domain/checks/finding.js';
import type { Clock } from '../../domain/clock.js';
import type { Person } from '../../domain/people.js';
import { err } from '../../domain/result.js';
import type { PersonEvent } from '../../domain/workflow/review-events.js';
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
  async function decide(by: Person, id: string, event: PersonEvent): Answer {
    const found = await load(by, id);
    if (!found) return err({ code: 'draft_not_found', id });
    return deps.commits.byPerson(found, event);
  }

  return {
    async approve(by, id, input) {
      const leaders = await deps.leadersOf(by);
      return decide(by, id, { type: 'approve', by, leaders, at: at(), ...input });
    },
    async reject(by, id, input) {
      const leaders = await deps.leadersOf(by);
      return decide(by, id, { type: 'reject', by, leaders, at: at(), ...input });
    },
    raiseGrade: (by, id, input) => decide(by, id, { type: 'raise_grade', by, at: at(), ...input }),
  };
}
