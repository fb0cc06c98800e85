import { Queue, type RedisOptions, type Worker } from 'bullmq';
import { publicationJobId } from '../../domain/publishing/publication.js';
import type { PublishJob } from '../../domain/publishing/publication.js';
import type { PublishQueue } from '../../services/ports/publishing.js';
import { parseRedisAddress } from '../../config/redis-address.js';
import { clusterAuth, clusterNodes, sentinelOptions } from '../redis/redis-connection.js';
import { Cluster } from 'ioredis';
import type { RedisClient } from '../redis/redis-client.js';

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

/** What BullMQ is given to reach Redis: options for one node or Sentinel, a client of our own for a Cluster. */
export type BullmqConnection = RedisOptions | Cluster;

/**
 * Connection options rather than a client: BullMQ then opens, and on close() closes, connections of its own
 * (it never closes a client it was handed, which would keep the process alive after shutdown). They must retry
 * forever (`maxRetriesPerRequest: null`) for its blocking commands. BullMQ opens only single-node connections
 * from options, so a Cluster is a client made here: whoever closes the queue or worker ends it after
 * (endBullmqConnection).
 */
export function bullmqConnection(url: string): BullmqConnection {
  const parsed = parseRedisAddress(url);
  if (parsed.kind === 'cluster')
    return new Cluster(clusterNodes(url), {
      redisOptions: { ...clusterAuth(url), maxRetriesPerRequest: null },
    });
  if (parsed.kind === 'sentinel') return { ...sentinelOptions(url), maxRetriesPerRequest: null };
  const parsedUrl = new URL(url);
  return {
    host: parsedUrl.hostname,
    port: Number(parsedUrl.port || 6379),
    db: Number(parsedUrl.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
    ...(parsedUrl.username ? { username: decodeURIComponent(parsedUrl.username) } : {}),
    ...(parsedUrl.password ? { password: decodeURIComponent(parsedUrl.password) } : {}),
    ...(parsedUrl.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Ends the Cluster client bullmqConnection made, once the queue or worker given it is closed or disconnected. */
export function endBullmqConnection(connection: BullmqConnection): void {
  if (connection instanceof Cluster) connection.disconnect();
}

/**
 * The connection and key prefix of a worker of, or a queue handle on, the queue named `queue` (a connection each:
 * a worker ends its own, see below). Every Queue and Worker of one queue is built here, so they share its prefix.
 */
export function bullmqBase(options: { redisUrl: string; redisPrefix: string }, queue: string) {
  return {
    connection: bullmqConnection(options.redisUrl),
    prefix: bullmqPrefix(options.redisPrefix, options.redisUrl, queue),
  };
}

/** Closes a queue gracefully, then ends the Cluster client made for it (if any). */
export async function closeQueue(queue: Queue, connection: BullmqConnection): Promise<void> {
  await queue.close();
  endBullmqConnection(connection);
}

/** Drops a queue's connections at once (close() would wait for a Redis that is down), then its Cluster client. */
export async function disconnectQueue(queue: Queue, connection: BullmqConnection): Promise<void> {
  await queue.disconnect();
  endBullmqConnection(connection);
}

/** Ends the worker's Cluster client (if bullmqConnection made one) once the worker has closed. */
export function endConnectionWithWorker(worker: Worker, connection: BullmqConnection): void {
  worker.once('closed', () => endBullmqConnection(connection));
}

/**
 * BullMQ's key prefix for the queue named `queue`: `<prefix>bull` on one node (as it always was); on a Cluster
 * `{<prefix>bull:<queue>}`, a hash tag per queue, so each queue's keys share a slot (BullMQ's scripts use several
 * keys of one queue at once) while different queues hash to different slots and so spread over the masters.
 * qianfa uses no flows (whose jobs span queues), which a per-queue tag would split.
 */
export function bullmqPrefix(redisPrefix: string, redisUrl: string, queue: string): string {
  const prefix = `${redisPrefix}bull`;
  return parseRedisAddress(redisUrl).kind === 'cluster' ? `{${prefix}:${queue}}` : prefix;
}

/** PublishQueue on BullMQ: the job id is derived from draft, version and target, so adding twice adds once. */
export class BullmqPublishQueue implements PublishQueue {
  readonly queue: Queue<PublishJob>;
  private readonly connection: BullmqConnection;

  constructor(private readonly options: PublishQueueOptions) {
    const base = bullmqBase(options, PUBLISH_QUEUE_NAME);
    this.connection = base.connection;
    this.queue = new Queue<PublishJob>(PUBLISH_QUEUE_NAME, base);
  }

  async add(jobs: readonly PublishJob[], hint?: { mostlyQueued: boolean }): Promise<void> {
    // A fresh approval's jobs are new: asking first would only add a round trip to the decision's follow-up.
    const missing = hint?.mostlyQueued ? await this.withoutExisting(jobs) : jobs;
    if (missing.length === 0) return;
    await this.queue.addBulk(
      missing.map((job) => ({
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

  /**
   * The jobs not in the queue yet, asked with one EXISTS each in one round trip. BullMQ would refuse the others
   * too, but at the cost of a script, an INCR and an event-stream entry each (a recovery re-adds every approved
   * draft's jobs). Only ever an optimisation: addBulk still refuses a job added meanwhile.
   */
  private async withoutExisting(jobs: readonly PublishJob[]): Promise<readonly PublishJob[]> {
    if (jobs.length === 0) return jobs;
    // BullMQ's client is an ioredis one; its own typing hides the commands.
    const client = (await this.queue.getBackend().client) as unknown as RedisClient;
    const asked = client.pipeline();
    for (const job of jobs) asked.exists(this.queue.toKey(publicationJobId(job)));
    const replies = (await asked.exec()) ?? [];
    return jobs.filter((_, i) => replies[i]?.[1] !== 1);
  }

  async pending(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }

  close(): Promise<void> {
    return closeQueue(this.queue, this.connection);
  }

  /** Drops the connections at once, when close() would wait for a Redis that is down. */
  disconnect(): Promise<void> {
    return disconnectQueue(this.queue, this.connection);
  }
}
