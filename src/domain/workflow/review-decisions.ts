import type { DomainError } from '../domain-error.js';
import { personRef } from '../people.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { auditEffect } from './review-audit.js';
import type { ReviewOutcome } from './review-effects.js';
import type { ApproveEvent, DecisionEvent, RejectEvent } from './review-events.js';
import { canDecide, refuseDecision } from './review-guards.js';
import { settleReview } from './review-progress.js';
import type { Decision, ReviewState } from './review-state.js';
import { acknowledgingStageIndex, currentStageIndex } from './review-state.js';

type Outcome = Result<ReviewOutcome<ReviewState>, DomainError>;

export function approveStage(state: ReviewState, given: ApproveEvent): Outcome {
  const event = asDecided(state, given);
  if (!('type' in event)) return err(event);
  const index = currentStageIndex(state) ?? 0;
  const acknowledges = index === acknowledgingStageIndex(state.stages);
  const acknowledged = acknowledges
    ? state.reviewRules.filter(
        (rule) => state.acknowledged.includes(rule) || event.acknowledged?.includes(rule),
      )
    : [];
  const decision: Decision = {
    verdict: 'approved',
    by: personRef(event.by),
    ...(event.onBehalfOf ? { onBehalfOf: personRef(event.onBehalfOf) } : {}),
    at: event.at,
    ...(event.comment === undefined ? {} : { comment: event.comment }),
    ...(acknowledged.length > 0 ? { acknowledged } : {}),
  };
  const decided = withDecision(state, index, decision);
  const next = acknowledges ? { ...decided, acknowledged } : decided;
  const stage = next.stages[index];
  const outcome = settleReview(next);
  const audit = auditEffect(next, 'approved', event.by, event.at, {
    stage: stage?.id ?? '',
    role: stage?.role ?? '',
    comment: event.comment,
    acknowledged: acknowledges ? acknowledged : undefined,
    on_behalf_of: event.onBehalfOf?.id,
    final: outcome.state.status === 'approved',
  });
  return ok({ state: outcome.state, effects: [audit, ...outcome.effects] });
}

/** A rejection ends review of this version and returns the draft to its drafter. */
export function rejectStage(state: ReviewState, given: RejectEvent): Outcome {
  const event = asDecided(state, given);
  if (!('type' in event)) return err(event);
  const index = currentStageIndex(state) ?? 0;
  const decision: Decision = {
    verdict: 'rejected',
    by: personRef(event.by),
    ...(event.onBehalfOf ? { onBehalfOf: personRef(event.onBehalfOf) } : {}),
    at: event.at,
    comment: event.comment,
  };
  const next: ReviewState = { ...withDecision(state, index, decision), status: 'rejected' };
  const stage = next.stages[index];
  return ok({
    state: next,
    effects: [
      auditEffect(next, 'rejected', event.by, event.at, {
        stage: stage?.id ?? '',
        role: stage?.role ?? '',
        comment: event.comment,
        on_behalf_of: event.onBehalfOf?.id,
      }),
      { type: 'return_to_drafter' },
    ],
  });
}

/**
 * The event as it will be decided, or why it cannot be: when `by`'s own role falls short and one of their
 * `leaders` is who the stage waits for, they decide as 代 for that leader.
 */
function asDecided<E extends DecisionEvent>(state: ReviewState, event: E): E | DomainError {
  const refusal = refuseDecision(state, event);
  if (!refusal) return event;
  if (refusal.code !== 'role_insufficient' || event.onBehalfOf || !event.leaders) return refusal;
  const leader = canDecide(state, event.by, event.leaders)?.onBehalfOf;
  if (!leader) return refusal;
  const asStandIn = { ...event, onBehalfOf: leader };
  return refuseDecision(state, asStandIn) ?? asStandIn;
}

function withDecision(state: ReviewState, index: number, decision: Decision): ReviewState {
  // Object.assign, not `{ ...stage, decision }`: see docs/scaling.md, "Hidden classes".
  const stages = state.stages.map((stage, at) =>
    at === index ? Object.assign({}, stage, { decision }) : stage,
  );
  return { ...state, stages };
}
