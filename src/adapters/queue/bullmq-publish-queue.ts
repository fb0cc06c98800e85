import { Queue, type RedisOptions } from 'bullmq';
import { publicationJobId } from '../../domain/publishing/publication.js';
import type { PublishJob } from '../../domain/publishing/publication.js';
import type { PublishQueue } from '../../services/ports/publishing.js';
import { parseRedisAddress } from '../../config/redis-address.js';
import { sentinelOptions } from '../redis/redis-connection.js';

export const PUBLISH_QUEUE_NAME = 'qianfa-publish';
/** The name of the custom backoff strategy the worker defines (capped exponential with jitter). */
export const PUBLISH_BACKOFF = 'capped-exponential';

export interface PublishQueueOptions {
  redisUrl: string;
  /** Our key prefix; BullMQ's keys go under `<prefix>bull`. */
  redisPrefix: string;
  /** Attempts per job before it is given up (transient failures only; permanent ones stop at once). */
  attempts: number;
}

/**
 * Connection options rather than a client: BullMQ then opens, and on close() closes, connections of its own
 * (it never closes a client it was handed, which would keep the process alive after shutdown). They must retry
 * forever (`maxRetriesPerRequest: null`) for its blocking commands.
 */
export function bullmqConnection(url: string): RedisOptions {
  if (parseRedisAddress(url).kind === 'sentinel')
    return { ...sentinelOptions(url), maxRetriesPerRequest: null };
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: Number(parsed.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

export const bullmqPrefix = (redisPrefix: string): string => `${redisPrefix}bull`;

/** PublishQueue on BullMQ: the job id is derived from draft, version and target, so adding twice adds once. */
export class BullmqPublishQueue implements PublishQueue {
  readonly queue: Queue<PublishJob>;

  constructor(private readonly options: PublishQueueOptions) {
    this.queue = new Queue<PublishJob>(PUBLISH_QUEUE_NAME, {
      connection: bullmqConnection(options.redisUrl),
      prefix: bullmqPrefix(options.redisPrefix),
    });
  }

  async add(jobs: readonly PublishJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: 'publish',
        data: job,
        opts: {
          jobId: publicationJobId(job),
          attempts: this.options.attempts,
          backoff: { type: PUBLISH_BACKOFF },
          // Kept a while for inspection; a job id freed later is harmless: the publication state guards repeats.
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
  }

  async pending(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  /** Drops the connections at once, when close() would wait for a Redis that is down. */
  disconnect(): Promise<void> {
    return this.queue.disconnect();
  }
}
