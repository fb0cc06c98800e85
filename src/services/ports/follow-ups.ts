import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { ReviewEffect } from '../../domain/workflow/review-effects.js';

/**
 * Runs what a committed review change asks for (`notify`, `enqueue_publish`, `return_to_drafter`) once it is
 * durable. It receives the committed draft with its version, so no follower reads it again.
 */
export interface ReviewFollowUps {
  run(committed: DraftWithVersion, effects: readonly ReviewEffect[]): Promise<void>;
}
