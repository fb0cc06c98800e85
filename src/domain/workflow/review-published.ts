import type { DomainError } from '../domain-error.js';
import { hasRole, mayAdminister, personRef, type Person } from '../people.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { auditEffect } from './review-audit.js';
import type { ReviewOutcome } from './review-effects.js';
import type {
  CancelScheduleEvent,
  PublishedEvent,
  PublishFailedEvent,
  RetryPublishEvent,
} from './review-events.js';
import { refuseOutsider, refuseVersion } from './review-guards.js';
import type { ReviewState } from './review-state.js';
import { isPublishing } from './review-status.js';

type Outcome = Result<ReviewOutcome<ReviewState>, DomainError>;

/**
 * Every target of the approved version is published: the draft becomes `published`, after which no new version
 * can be stored. Marking a published draft again changes nothing (the same state comes back).
 */
export function markPublished(state: ReviewState, event: PublishedEvent): Outcome {
  if (state.status === 'published') return ok({ state, effects: [] });
  if (!isPublishing(state.status)) return err({ code: 'not_approved', status: state.status });
  const stale = refuseVersion(state, event.version);
  if (stale) return err(stale);
  const { failedTargets: _none, ...published } = state;
  return ok({ state: { ...published, status: 'published' }, effects: [] });
}

/**
 * A target failed for good: the draft is `publish_failed` (发布失败) until a person has the target retried or
 * puts a new version; its other targets still publish. The failure itself is recorded with the publication.
 */
export function markFailed(state: ReviewState, event: PublishFailedEvent): Outcome {
  if (state.status === 'published') return ok({ state, effects: [] });
  if (!isPublishing(state.status)) return err({ code: 'not_approved', status: state.status });
  const stale = refuseVersion(state, event.version);
  if (stale) return err(stale);
  const { target, code, explanation } = event;
  const others = (state.failedTargets ?? []).filter((failed) => failed.target !== target);
  const failedTargets = [...others, { target, code, explanation }];
  return ok({ state: { ...state, status: 'publish_failed', failedTargets }, effects: [] });
}

/**
 * A decider or administrator has a failed target published again: it is queued as a new round of its own
 * (the publication keeps its progress, so whatever reached the platform before is asked for, not repeated).
 * The draft is `approved` again once no target is left failed.
 */
export function retryTarget(state: ReviewState, event: RetryPublishEvent): Outcome {
  const failed = state.failedTargets?.find((each) => each.target === event.target);
  const refusal = refusePublishing(state, event.by) ?? refuseVersion(state, event.version);
  if (refusal) return err(refusal);
  if (!failed) return err({ code: 'target_not_failed', target: event.target, status: state.status });
  const failedTargets = (state.failedTargets ?? []).filter((each) => each !== failed);
  const round = (state.retries?.[failed.target] ?? 0) + 1;
  const next: ReviewState = {
    ...state,
    status: failedTargets.length > 0 ? 'publish_failed' : 'approved',
    failedTargets,
    retries: { ...state.retries, [failed.target]: round },
  };
  const details = {
    target: failed.target,
    round,
    previous_code: failed.code,
    previous_explanation: failed.explanation,
  };
  const audit = auditEffect(next, 'publish_retried', event.by, event.at, details);
  return ok({ state: next, effects: [audit, { type: 'enqueue_publish' }] });
}

/**
 * The approved version is withdrawn (撤回) before its scheduled publication: nothing of it is published, and the
 * drafter may put a new version. The service has checked that the schedule is still waiting.
 */
export function cancelSchedule(state: ReviewState, event: CancelScheduleEvent): Outcome {
  const refusal =
    refusePublishing(state, event.by) ??
    (state.status === 'approved' ? undefined : { code: 'not_approved' as const, status: state.status }) ??
    refuseVersion(state, event.version) ??
    (event.comment.trim() === '' ? { code: 'comment_required' as const } : undefined);
  if (refusal) return err(refusal);
  const withdrawal = { by: personRef(event.by), at: event.at, comment: event.comment };
  const next: ReviewState = { ...state, status: 'withdrawn', withdrawal };
  const audit = auditEffect(next, 'schedule_cancelled', event.by, event.at, { comment: event.comment });
  return ok({ state: next, effects: [audit, { type: 'cancel_publishing' }] });
}

/**
 * Why `person` may not retry or call off the publishing of a draft, or undefined when they may: the draft's
 * organisation's administrators and whoever there holds a role of its chain; never an outsourced operator. The
 * service asks before anything else, so nobody else learns what the draft targets or when it is due.
 */
export function refusePublishing(
  state: Pick<ReviewState, 'org' | 'stages'>,
  person: Person,
): DomainError | undefined {
  const outsider = refuseOutsider(state, person);
  if (outsider) return outsider;
  if (person.outsourced) return { code: 'publishing_not_allowed' };
  const allowed =
    mayAdminister(person, state.org) || state.stages.some((stage) => hasRole(person, stage.role));
  return allowed ? undefined : { code: 'publishing_not_allowed' };
}
