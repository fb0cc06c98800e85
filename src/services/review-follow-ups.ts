import { stageDecidedLast } from '../domain/workflow/stage-wait.js';
import type { Metrics } from './ports/metrics.js';
import type { ReviewFollowUps } from './ports/follow-ups.js';
import type { NotificationService } from './notification-service.js';
import type { PublishEnqueue } from './publishing/publish-enqueue.js';
import { createPublishService, type PublishService, type PublishServiceDeps } from './publish-service.js';
import type { ReviewCommits } from './review/review-commits.js';

/**
 * The effect runner: what each effect of a committed review change sets off, in the order the machine gave
 * them. Publishing and notifications receive the draft as committed and read nothing back from the review.
 */
export function createReviewFollowUps(deps: {
  publish: PublishEnqueue;
  notifications: Pick<NotificationService, 'stageWaits' | 'returned'>;
  metrics?: Pick<Metrics, 'reviewWaited'>;
}): ReviewFollowUps {
  const { publish, notifications } = deps;
  return {
    async run(committed, effects) {
      const decided = stageDecidedLast(committed);
      if (decided) deps.metrics?.reviewWaited(decided.grade, decided.waitedMs / 1000);
      for (const effect of effects) {
        if (effect.type === 'enqueue_publish') await publish.enqueue(committed);
        if (effect.type === 'notify') await notifications.stageWaits(committed);
        if (effect.type === 'return_to_drafter') await notifications.returned(committed);
        if (effect.type === 'cancel_publishing') await publish.release(committed);
      }
    },
  };
}

/**
 * The review's follow-ups and the publish service, wired both ways: follow-ups start publishing, and publishing
 * settles drafts through review commits that run these same follow-ups. `commitsFor` makes those commits.
 */
export function createFollowUpsWithPublishing(
  deps: Omit<PublishServiceDeps, 'commits'> & {
    notifications: Pick<NotificationService, 'stageWaits' | 'returned'>;
    metrics?: Pick<Metrics, 'reviewWaited'>;
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
    notifications: deps.notifications,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  late.service = createPublishService({ ...deps, commits: deps.commitsFor(followUps) });
  return { followUps, publish: late.service };
}
