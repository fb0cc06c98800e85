import type { Clock } from '../domain/clock.js';
import type { Target } from '../domain/draft-content.js';
import type { TargetState } from '../domain/accounts.js';
import type { Person } from '../domain/people.js';
import type { DraftChecker } from './draft-checker.js';
import type { AuditLog } from './ports/audit.js';
import type { DraftStore } from './ports/drafts.js';
import type { ReviewFollowUps } from './ports/follow-ups.js';
import { createReviewCommits, type ReviewCommits, type WorkflowOfDecision } from './review/review-commits.js';
import { createReviewDecisions, type ReviewDecisions } from './review/review-decisions.js';
import { createReviewReading, type ReviewReading } from './review/review-reading.js';
import {
  createReviewSubmissions,
  type ReviewSubmissionDeps,
  type ReviewSubmissions,
} from './review/review-submissions.js';

export type { DraftListQuery } from './review/review-reading.js';
export type { DraftSubmission, IdentifiedSubmission } from './review/review-submissions.js';

/** The review use cases: every change runs through decideReview and is committed with its audit entries. */
export interface ReviewService extends ReviewSubmissions, ReviewDecisions, ReviewReading {}

export interface ReviewServiceDeps {
  drafts: DraftStore;
  /** For refusals, which change no draft. */
  audit: AuditLog;
  /** Runs checks off the event loop with a time budget; a check over it refuses the draft as too complex. */
  checker: DraftChecker;
  /** The organisation's own check settings (allow entries, sources) and their revision. Absent: none. */
  checkSettingsFor?: ReviewSubmissionDeps['checkSettingsFor'];
  /** Read for each decision: the workflow may change between two (an admin's override). */
  workflowFor: WorkflowOfDecision;
  now: Clock;
  newId: () => string;
  /** Runs a committed change's effects (publishing, notifications). Absent: nothing runs them. */
  followUps?: ReviewFollowUps;
  /** The leaders a person stands in for right now (代). Absent: nobody stands in. */
  leadersOf?: (person: Person) => Promise<Person[]>;
  /** Whether the organisation has the account a target names, and in use. Absent: targets are not checked. */
  targetState?: (org: string, target: Target) => Promise<TargetState>;
}

export function createReviewService(deps: ReviewServiceDeps): ReviewService {
  const { drafts, audit, now } = deps;
  const leadersOf = deps.leadersOf ?? (() => Promise.resolve([]));
  const commits = createReviewCommits({
    drafts,
    audit,
    workflowFor: deps.workflowFor,
    followUps: followUpsOf(deps),
  });
  return {
    ...createReviewSubmissions({
      drafts,
      audit,
      commits,
      checker: deps.checker,
      checkSettingsFor: deps.checkSettingsFor ?? (() => Promise.resolve({ scope: {} })),
      targetState: deps.targetState ?? (() => Promise.resolve('active')),
      now,
      newId: deps.newId,
    }),
    ...createReviewDecisions({ drafts, commits, leadersOf, now }),
    ...createReviewReading({ drafts, audit, leadersOf }),
  };
}

/** The commit path alone, for publishing's events (`published`, `publish_failed`). */
export function createReviewCommitsFor(
  deps: Pick<ReviewServiceDeps, 'drafts' | 'audit' | 'workflowFor' | 'followUps'>,
): ReviewCommits {
  return createReviewCommits({ ...deps, followUps: followUpsOf(deps) });
}

function followUpsOf(deps: Pick<ReviewServiceDeps, 'followUps'>): ReviewFollowUps {
  return deps.followUps ?? { run: () => Promise.resolve() };
}
