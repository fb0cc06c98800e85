import type { DomainError } from '../domain-error.js';
import type { Result } from '../result.js';
import { err } from '../result.js';
import { approveStage, rejectStage } from './review-decisions.js';
import type { ReviewOutcome } from './review-effects.js';
import type { ReviewEvent } from './review-events.js';
import { raiseGrade } from './review-grade.js';
import { cancelSchedule, markFailed, markPublished, retryTarget } from './review-published.js';
import type { ReviewState } from './review-state.js';
import { storeNewVersion, submitDraft, withdrawDraft } from './review-versions.js';
import type { WorkflowDefinition } from './workflow-definition.js';

/**
 * The review state machine: decides what an event does to a draft's review and returns the next state
 * plus the effects to run (`append_audit`, `notify`, `enqueue_publish`, `return_to_drafter`). It runs
 * nothing and reads no clock. `state` is undefined before `submit`. Every transition is here, publishing's
 * too (`published`, `publish_failed`, `retry_publish`), and a stand-in (代) is decided in one call from the event's `leaders`.
 *
 * @example
 * const result = decideReview(state, { type: 'approve', by, version: 2, at }, definition);
 * if (!result.ok) return refuse(result.error); // e.g. { code: 'stale_version', current: 3, given: 2 }
 */
export function decideReview(
  state: ReviewState | undefined,
  event: ReviewEvent,
  definition: WorkflowDefinition,
): Result<ReviewOutcome<ReviewState>, DomainError> {
  if (event.type === 'submit') {
    return state ? err({ code: 'already_submitted' }) : submitDraft(event, definition);
  }
  if (!state) return err({ code: 'draft_not_submitted' });
  switch (event.type) {
    case 'new_version':
      return storeNewVersion(state, event, definition);
    case 'approve':
      return approveStage(state, event);
    case 'reject':
      return rejectStage(state, event);
    case 'raise_grade':
      return raiseGrade(state, event, definition);
    case 'published':
      return markPublished(state, event);
    case 'publish_failed':
      return markFailed(state, event);
    case 'retry_publish':
      return retryTarget(state, event);
    case 'cancel_schedule':
      return cancelSchedule(state, event);
    case 'withdraw':
      return withdrawDraft(state, event);
  }
}
