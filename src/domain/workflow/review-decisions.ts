import type { DomainError } from '../domain-error.js';
import { personRef } from '../people.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { auditEffect } from './review-audit.js';
import type { ReviewOutcome } from './review-effects.js';
import type { ApproveEvent, RejectEvent } from './review-events.js';
import { refuseDecision } from './review-guards.js';
import { settleReview } from './review-progress.js';
import type { Decision, ReviewState } from './review-state.js';
import { acknowledgingStageIndex, currentStageIndex } from './review-state.js';

type Outcome = Result<ReviewOutcome<ReviewState>, DomainError>;

export function approveStage(state: ReviewState, event: ApproveEvent): Outcome {
  const refusal = refuseDecision(state, event);
  if (refusal) return err(refusal);
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
export function rejectStage(state: ReviewState, event: RejectEvent): Outcome {
  const refusal = refuseDecision(state, event);
  if (refusal) return err(refusal);
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
  const { org, draft } = next;
  return ok({
    state: next,
    effects: [
      auditEffect(next, 'rejected', event.by, event.at, {
        stage: stage?.id ?? '',
        role: stage?.role ?? '',
        comment: event.comment,
        on_behalf_of: event.onBehalfOf?.id,
      }),
      {
        type: 'return_to_drafter',
        org,
        draft,
        drafter: next.drafter.id,
        by: event.by.id,
        comment: event.comment,
      },
    ],
  });
}

function withDecision(state: ReviewState, index: number, decision: Decision): ReviewState {
  const stages = state.stages.map((stage, at) => (at === index ? { ...stage, decision } : stage));
  return { ...state, stages };
}
