import { GRADES } from '../checks/finding.js';
import type { DomainError } from '../domain-error.js';
import type { Role } from '../people.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { auditEffect } from './review-audit.js';
import type { ReviewOutcome } from './review-effects.js';
import type { RaiseGradeEvent } from './review-events.js';
import { isAuthor, refuseOutsider } from './review-guards.js';
import { buildStages, settleReview } from './review-progress.js';
import type { ReviewState } from './review-state.js';
import { acknowledgingStageIndex } from './review-state.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { chainFor } from './workflow-definition.js';

const RAISABLE: readonly ReviewState['status'][] = ['blocked', 'in_review', 'rejected'];

/**
 * Raises the grade: the chain becomes the new grade's chain, keeping decisions already made on stages
 * (same id and role) that still exist for this version. Anyone on the chain may raise it, and the
 * drafter; nobody can lower it.
 */
export function raiseGrade(
  state: ReviewState,
  event: RaiseGradeEvent,
  definition: WorkflowDefinition,
): Result<ReviewOutcome<ReviewState>, DomainError> {
  const refusal = refuseRaise(state, event);
  if (refusal) return err(refusal);
  const stages = buildStages(chainFor(definition, event.grade), state.stages);
  const reviewing = stages[acknowledgingStageIndex(stages)]?.decision;
  const next: ReviewState = {
    ...state,
    grade: event.grade,
    requestedGrade: event.grade,
    stages,
    acknowledged: reviewing?.verdict === 'approved' ? (reviewing.acknowledged ?? []) : [],
  };
  const audit = auditEffect(next, 'grade_raised', event.by, event.at, {
    from: state.grade,
    to: event.grade,
    comment: event.comment,
    kept: stages.filter((stage) => stage.decision).map((stage) => stage.id),
  });
  const outcome = settleReview(next);
  return ok({ state: outcome.state, effects: [audit, ...outcome.effects] });
}

function refuseRaise(state: ReviewState, event: RaiseGradeEvent): DomainError | undefined {
  const { by } = event;
  const chainRoles = [...new Set(state.stages.map((stage) => stage.role))];
  const drafter = isAuthor(state, by);
  const onChain = drafter || chainRoles.some((role: Role) => by.roles.includes(role));
  const rank = GRADES.indexOf(event.grade);
  return (
    refuseOutsider(state, by) ??
    (RAISABLE.includes(state.status) ? undefined : { code: 'not_in_review', status: state.status }) ??
    (by.outsourced && !drafter ? { code: 'outsourced_cannot_decide' } : undefined) ??
    (onChain ? undefined : { code: 'not_on_chain', roles: chainRoles }) ??
    (event.grade === state.grade ? { code: 'grade_unchanged', grade: state.grade } : undefined) ??
    (rank < GRADES.indexOf(state.grade)
      ? {
          code: 'grade_cannot_be_lowered',
          current: state.grade,
          requested: event.grade,
          floor: state.checkerGrade,
        }
      : undefined)
  );
}
