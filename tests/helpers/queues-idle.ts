import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { orgsToWalk } from '../../src/adapters/redis/org-of-ids.js';
import { DELIVERY_QUEUE_NAME } from '../../src/adapters/queue/bullmq-notification-queues.js';
import {
  bullmqConnection,
  bullmqPrefix,
  endBullmqConnection,
  PUBLISH_QUEUE_NAME,
} from '../../src/adapters/queue/bullmq-publish-queue.js';
import { until } from './until.js';

interface AppQueues {
  redisUrl: string;
  keys: RedisKeys;
}

/**
 * Waits until no publish job is waiting, running or due for a retry under the app's prefix: the worker is done,
 * the draft settled and any alert raised, so a test can assert on what publishing left behind (and on what it
 * did not do) without sleeping.
 */
export function untilPublishingIdle(app: AppQueues): Promise<void> {
  return untilQueueIdle(app, PUBLISH_QUEUE_NAME);
}

/**
 * Waits until every notification job committed so far was fanned out and every delivery it queued was delivered
 * (or given up): nothing more is on its way.
 */
export async function untilDeliveriesIdle(app: AppQueues): Promise<void> {
  await untilOutboxDrained(app);
  await untilQueueIdle(app, DELIVERY_QUEUE_NAME);
}

/** Waits until the notification outbox (each organisation's, under hashTags) holds no job (each is deleted once fanned out). */
export async function untilOutboxDrained(app: AppQueues): Promise<void> {
  const redis = new Redis(app.redisUrl, { lazyConnect: true });
  try {
    const { keys } = app;
    const waiting = async (org: string) => redis.xlen(keys.notificationOutbox(org));
    await until('the notification outbox to be drained', async () => {
      const lengths = await Promise.all((await orgsToWalk(redis, keys)).map(waiting));
      return lengths.every((length) => length === 0);
    });
  } finally {
    redis.disconnect();
  }
}

/** How often a publish job was started and how many of those starts were spent attempts; null when absent. */
export async function publishJobRuns(
  app: AppQueues,
  id: string,
): Promise<{ started: number; spent: number; state: string } | null> {
  return withQueue(app, PUBLISH_QUEUE_NAME, async (queue) => {
    const job = await queue.getJob(id);
    if (!job) return null;
    return { started: job.attemptsStarted, spent: job.attemptsMade, state: await job.getState() };
  });
}

async function untilQueueIdle(app: AppQueues, name: string): Promise<void> {
  await withQueue(app, name, (queue) =>
    until(`the ${name} queue to be idle`, async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((count) => count === 0);
    }),
  );
}

/** A handle on the app's queue named `name` for the length of `use`. */
async function withQueue<T>(app: AppQueues, name: string, use: (queue: Queue) => Promise<T>): Promise<T> {
  const connection = bullmqConnection(app.redisUrl);
  const queue = new Queue(name, { connection, prefix: bullmqPrefix(app.keys.prefix, app.redisUrl, name) });
  try {
    return await use(queue);
  } finally {
    await queue.close();
    endBullmqConnection(connection);
  }
}
