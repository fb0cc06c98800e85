import type { DomainError } from '../domain-error.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import type { ReviewState } from './review-state.js';

/**
 * Every target of the approved version is published: the draft becomes `published`, after which no new version
 * can be stored. Marking a published draft again changes nothing.
 */
export function markPublished(state: ReviewState): Result<ReviewState, DomainError> {
  if (state.status === 'published') return ok(state);
  if (state.status !== 'approved') return err({ code: 'not_approved', status: state.status });
  return ok({ ...state, status: 'published' });
}
