import type { DomainError } from '../domain-error.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import type { ReviewOutcome } from './review-effects.js';
import type { PublishedEvent, PublishFailedEvent } from './review-events.js';
import { refuseVersion } from './review-guards.js';
import type { ReviewState } from './review-state.js';

type Outcome = Result<ReviewOutcome<ReviewState>, DomainError>;

/**
 * Every target of the approved version is published: the draft becomes `published`, after which no new version
 * can be stored. Marking a published draft again changes nothing (the same state comes back).
 */
export function markPublished(state: ReviewState, event: PublishedEvent): Outcome {
  if (state.status === 'published') return ok({ state, effects: [] });
  if (state.status !== 'approved') return err({ code: 'not_approved', status: state.status });
  const stale = refuseVersion(state, event.version);
  return stale ? err(stale) : ok({ state: { ...state, status: 'published' }, effects: [] });
}

/**
 * A target failed for good: the draft stays as it is (approved; its other targets may still publish, and an
 * administrator decides what to do). The failure itself is recorded with the publication.
 */
export function keepAfterFailure(state: ReviewState, event: PublishFailedEvent): Outcome {
  if (state.status !== 'approved' && state.status !== 'published') {
    return err({ code: 'not_approved', status: state.status });
  }
  const stale = refuseVersion(state, event.version);
  return stale ? err(stale) : ok({ state, effects: [] });
}
