import type { DomainError } from '../domain-error.js';
import type { Person } from '../people.js';
import { hasRole, personRef } from '../people.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { auditEffect, checkedDetails } from './review-audit.js';
import type { ReviewOutcome } from './review-effects.js';
import type { NewVersionEvent, SubmitEvent, WithdrawEvent } from './review-events.js';
import { canDecide, refuseOutsider, refuseVersion } from './review-guards.js';
import {
  buildStages,
  effectiveGrade,
  highestRequest,
  reviewRulesOf,
  settleReview,
} from './review-progress.js';
import type { ReviewState } from './review-state.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { chainFor } from './workflow-definition.js';

type Outcome = Result<ReviewOutcome<ReviewState>, DomainError>;

export function submitDraft(event: SubmitEvent, definition: WorkflowDefinition): Outcome {
  const refusal = refuseNonDrafter(event.by);
  if (refusal) return err(refusal);
  const author = personRef(event.by);
  const base = { draft: event.draft, org: event.by.org, drafter: author };
  const state = startVersion(base, event, 1, undefined, definition);
  const created = auditEffect(state, 'created', event.by, event.at, {
    hash: state.version.hash,
    grade: state.grade,
    requested_grade: event.requestedGrade,
    status: state.status,
  });
  return settled(state, [
    created,
    auditEffect(state, 'checked', event.by, event.at, checkedDetails(event.report)),
  ]);
}

/** A new version voids every approval (R42): review restarts at stage 1 with the new version's grade. */
export function storeNewVersion(
  state: ReviewState,
  event: NewVersionEvent,
  definition: WorkflowDefinition,
): Outcome {
  const refusal =
    refuseOutsider(state, event.by) ??
    (state.status === 'published' ? { code: 'already_published' as const } : undefined) ??
    refuseVersion(state, event.baseVersion) ??
    refuseReviser(state, event.by);
  if (refusal) return err(refusal);
  const next = startVersion(state, event, event.baseVersion + 1, state.requestedGrade, definition);
  const stored = auditEffect(next, 'new_version', event.by, event.at, {
    hash: next.version.hash,
    base_version: event.baseVersion,
    grade: next.grade,
    requested_grade: event.requestedGrade,
    status: next.status,
    voided: state.stages.filter((stage) => stage.decision).map((stage) => stage.id),
  });
  return settled(next, [
    stored,
    auditEffect(next, 'checked', event.by, event.at, checkedDetails(event.report)),
  ]);
}

/**
 * The drafter takes the draft back (撤回) before anyone decided on its current version: it waits for nobody, and
 * the drafter may put a new version (review restarts) or leave it.
 */
export function withdrawDraft(state: ReviewState, event: WithdrawEvent): Outcome {
  const decided = state.stages.find((stage) => stage.decision);
  const refusal =
    refuseOutsider(state, event.by) ??
    (event.by.id === state.drafter.id ? undefined : { code: 'withdraw_not_allowed' as const }) ??
    (state.status === 'in_review' || state.status === 'blocked'
      ? undefined
      : { code: 'not_in_review' as const, status: state.status }) ??
    refuseVersion(state, event.version) ??
    (decided ? { code: 'review_started' as const, stage: decided.label } : undefined);
  if (refusal) return err(refusal);
  const comment = event.comment?.trim();
  const withdrawal = { by: personRef(event.by), at: event.at, ...(comment ? { comment } : {}) };
  const next: ReviewState = { ...state, status: 'withdrawn', withdrawal };
  return ok({
    state: next,
    effects: [auditEffect(next, 'withdrawn', event.by, event.at, comment ? { comment } : {})],
  });
}

/**
 * A new version voids every approval, so not anyone may put one: the draft's own drafter, or whoever holds its
 * waiting stage (correcting it before deciding; they then may not approve their own version).
 */
function refuseReviser(state: ReviewState, by: Person): DomainError | undefined {
  if (by.id === state.drafter.id) return undefined;
  return canDecide(state, by) === undefined ? { code: 'revision_not_allowed' } : undefined;
}

function startVersion(
  base: Pick<ReviewState, 'draft' | 'org' | 'drafter'>,
  event: SubmitEvent | NewVersionEvent,
  number: number,
  previousRequest: ReviewState['requestedGrade'],
  definition: WorkflowDefinition,
): ReviewState {
  const requestedGrade = highestRequest(previousRequest, event.requestedGrade);
  const grade = effectiveGrade(event.report.grade, requestedGrade);
  return {
    draft: base.draft,
    org: base.org,
    drafter: base.drafter,
    version: { number, hash: event.hash, author: personRef(event.by) },
    grade,
    checkerGrade: event.report.grade,
    ...(requestedGrade === undefined ? {} : { requestedGrade }),
    status: event.report.blocked ? 'blocked' : 'in_review',
    stages: buildStages(chainFor(definition, grade)),
    reviewRules: reviewRulesOf(event.report),
    acknowledged: [],
  };
}

function refuseNonDrafter(by: Person): DomainError | undefined {
  return hasRole(by, 'drafter')
    ? undefined
    : { code: 'role_insufficient', required: 'drafter', actual: by.roles };
}

function settled(state: ReviewState, audit: ReviewOutcome<ReviewState>['effects']): Outcome {
  const outcome = settleReview(state);
  return ok({ state: outcome.state, effects: [...audit, ...outcome.effects] });
}
