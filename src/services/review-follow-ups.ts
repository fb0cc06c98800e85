import { stageDecidedLast } from '../domain/workflow/stage-wait.js';
import type { Metrics } from './ports/metrics.js';
import type { ReviewFollowUps } from './ports/follow-ups.js';
import type { NotificationService } from './notification-service.js';
import type { PublishEnqueue } from './publishing/publish-enqueue.js';

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
      }
    },
  };
}
