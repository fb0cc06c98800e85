import type { CheckReport, Grade } from '../checks/finding.js';
import { maxGrade } from '../checks/finding.js';
import type { ReviewEffect } from './review-effects.js';
import type { ReviewState, StageState } from './review-state.js';
import { currentStageIndex } from './review-state.js';
import type { StageDefinition } from './workflow-definition.js';

/** The grade in force: the checker's, raised by whatever a person asked for. */
export function effectiveGrade(checkerGrade: Grade, requested: Grade | undefined): Grade {
  return requested === undefined ? checkerGrade : maxGrade(checkerGrade, requested);
}

export function highestRequest(previous: Grade | undefined, requested: Grade | undefined): Grade | undefined {
  if (previous === undefined) return requested;
  return requested === undefined ? previous : maxGrade(previous, requested);
}

/** Rule ids the reviewing stage must acknowledge, sorted, each once. */
export function reviewRulesOf(report: CheckReport): string[] {
  const rules = report.findings
    .filter((finding) => finding.action === 'review')
    .map((finding) => finding.rule);
  return [...new Set(rules)].sort();
}

/**
 * The stages of `chain`, keeping a decision from `previous` only where a stage with the same id and
 * role still exists (a grade raise keeps what was decided on this version; a new version keeps nothing).
 */
export function buildStages(
  chain: readonly StageDefinition[],
  previous: readonly StageState[] = [],
): StageState[] {
  return chain.map(({ id, role, label }) => {
    const decision = previous.find((stage) => stage.id === id && stage.role === role)?.decision;
    return decision ? { id, role, label, decision } : { id, role, label };
  });
}

/**
 * Settles an in-review state after a change: approved with `enqueue_publish` when no stage is left,
 * else a `notify` for the stage that now waits.
 */
export function settleReview(state: ReviewState): { state: ReviewState; effects: ReviewEffect[] } {
  if (state.status !== 'in_review') return { state, effects: [] };
  const index = currentStageIndex(state);
  const stage = index === undefined ? undefined : state.stages[index];
  if (!stage) return { state: { ...state, status: 'approved' }, effects: [{ type: 'enqueue_publish' }] };
  return { state, effects: [{ type: 'notify' }] };
}
