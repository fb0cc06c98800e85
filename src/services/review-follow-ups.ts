import type { DraftWithVersion } from '../domain/draft-record.js';
import { stageDecidedLast } from '../domain/workflow/stage-wait.js';
import type { Metrics } from './ports/metrics.js';
import type { ReviewFollowUps } from './ports/follow-ups.js';
import { createPublishService, type PublishService, type PublishServiceDeps } from './publish-service.js';
import type { ReviewCommits } from './review/review-commits.js';

/**
 * The effect runner: what each effect of a committed review change sets off, in the order the machine gave
 * them. Publishing receives the draft as committed and reads nothing back from the review; notifications are a
 * job the commit itself stores (DraftChange.notify), fanned out by the workers.
 */
export function createReviewFollowUps(deps: {
  publish: Pick<PublishService, 'enqueue' | 'release'>;
  metrics?: Pick<Metrics, 'reviewWaited'>;
  /** A draft became published (a correction's original is then marked). */
  published?: (committed: DraftWithVersion) => Promise<void>;
}): ReviewFollowUps {
  const { publish } = deps;
  return {
    async run(committed, effects) {
      const decided = stageDecidedLast(committed);
      if (decided) deps.metrics?.reviewWaited(decided.grade, decided.waitedMs / 1000);
      for (const effect of effects) {
        if (effect.type === 'enqueue_publish') await publish.enqueue(committed);
        if (effect.type === 'cancel_publishing') await publish.release(committed);
      }
      if (committed.record.review.status === 'published') await deps.published?.(committed);
    },
  };
}

/**
 * The review's follow-ups and the publish service, wired both ways: follow-ups start publishing, and publishing
 * settles drafts through review commits that run these same follow-ups. `commitsFor` makes those commits.
 */
export function createFollowUpsWithPublishing(
  deps: Omit<PublishServiceDeps, 'commits'> & {
    metrics?: Pick<Metrics, 'reviewWaited'>;
    published?: (committed: DraftWithVersion) => Promise<void>;
    commitsFor: (followUps: ReviewFollowUps) => ReviewCommits;
  },
): { followUps: ReviewFollowUps; publish: PublishService } {
  const late: { service?: PublishService } = {};
  const made = (): PublishService => {
    if (!late.service) throw new Error('a review follow-up ran before the publish service was made');
    return late.service;
  };
  const followUps = createReviewFollowUps({
    publish: { enqueue: (committed) => made().enqueue(committed), release: (found) => made().release(found) },
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.published ? { published: deps.published } : {}),
  });
  late.service = createPublishService({ ...deps, commits: deps.commitsFor(followUps) });
  return { followUps, publish: late.service };
}
