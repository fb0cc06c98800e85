import { Queue } from 'bullmq';
import {
  bullmqConnection,
  bullmqPrefix,
  PUBLISH_QUEUE_NAME,
} from '../../src/adapters/queue/bullmq-publish-queue.js';
import { until } from './until.js';

/**
 * Waits until no publish job is waiting, running or due for a retry under the app's prefix: the worker is done,
 * the draft settled and any alert raised, so a test can assert on what publishing left behind (and on what it
 * did not do) without sleeping.
 */
export async function untilPublishingIdle(app: {
  redisUrl: string;
  keys: { prefix: string };
}): Promise<void> {
  const queue = new Queue(PUBLISH_QUEUE_NAME, {
    connection: bullmqConnection(app.redisUrl),
    prefix: bullmqPrefix(app.keys.prefix),
  });
  try {
    await until('the publish queue to be idle', async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((count) => count === 0);
    });
  } finally {
    await queue.close();
  }
}
