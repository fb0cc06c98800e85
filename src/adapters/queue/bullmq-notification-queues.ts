import type { Logger } from '../../services/ports/logger.js';
import { NO_METRICS, type Metrics } from '../../services/ports/metrics.js';
import { stderrLogger } from '../logging/pino-logger.js';
import { logWorkerErrors } from './worker-errors.js';
import { isFailureOfKind } from '../../domain/platform-failure.js';
import { Queue, UnrecoverableError, Worker, type BackoffOptions, type Job } from 'bullmq';
import type { ChannelAddress, Notification } from '../../domain/notification.js';
import type {
  ChannelSender,
  Delivery,
  DigestDue,
  DeliveryQueue,
  GivenUpDelivery,
  Outgoing,
  ReviewTimers,
} from '../../services/ports/notifications.js';
import {
  bullmqBase,
  closeQueue,
  disconnectQueue,
  endConnectionWithWorker,
  type BullmqConnection,
} from './bullmq-publish-queue.js';

export const DELIVERY_QUEUE_NAME = 'qianfa-notify';
export const TIMER_QUEUE_NAME = 'qianfa-review-timers';
const DELIVERY_ATTEMPTS = 10;
const FIRST_RETRY_MS = 1000;

export interface NotificationQueueOptions {
  redisUrl: string;
  redisPrefix: string;
  /** Where worker errors go; stderr when absent. */
  logger?: Logger;
}

/**
 * A delivery queued before deliveries stopped carrying the address and the link (an upgrade with messages still
 * queued): it is sent as it was queued, so none is lost.
 */
interface QueuedBeforeUpgrade {
  key: string;
  person: string;
  address: ChannelAddress;
  message: Notification;
}
type QueuedDelivery = Delivery | QueuedBeforeUpgrade;

/** How long delivery jobs done with are kept (a week sent, a month given up): their ids keep `add` idempotent. */
const DELIVERY_JOBS_KEPT = {
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

/** BullMQ ids may not contain ':' (nor be integers). */
const jobIdOf = (key: string) => `n.${encodeURIComponent(key)}`;

/** A job not done with yet (due later, due now, or taken by a worker that stopped), and when it is or was due. */
export interface PendingJob<T> {
  job: Job<T>;
  dueAt: number;
}

/**
 * The queue's jobs not done with, each with when it is due: a delayed job's due time is its score in the delayed
 * set (BullMQ scores it `due × 0x1000 + n`, commands/includes/getDelayedScore.lua; a retry's due time is nowhere
 * else), the others were due when they were added.
 */
async function pendingJobs<T>(queue: Queue<T>): Promise<PendingJob<T>[]> {
  const jobs = await queue.getJobs(['delayed', 'waiting', 'prioritized', 'active']);
  const client = await queue.backend.client;
  const scores = await Promise.all(jobs.map((job) => client.zscore(queue.keys.delayed!, job.id!)));
  return jobs.map((job, n) => {
    const score = scores[n];
    return { job, dueAt: score == null ? job.timestamp : Math.floor(Number(score) / 0x1000) };
  });
}

/**
 * The backoff of a job moved after `attemptsMade` attempts, its count starting again at 0: exponential backoff
 * doubles from a delay doubled that many times, so each next attempt waits what it would have.
 */
function backoffAfter(backoff: BackoffOptions | number | undefined, attemptsMade: number) {
  if (typeof backoff !== 'object' || backoff.type !== 'exponential')
    return backoff === undefined ? {} : { backoff };
  return { backoff: { ...backoff, delay: (backoff.delay ?? 0) * 2 ** attemptsMade } };
}

/** DeliveryQueue on BullMQ: one job per delivery key whose first attempt failed, retried with backoff. */
export class BullmqDeliveryQueue implements DeliveryQueue {
  readonly queue: Queue<Delivery>;
  private readonly connection: BullmqConnection;

  constructor(options: NotificationQueueOptions) {
    const base = bullmqBase(options, DELIVERY_QUEUE_NAME);
    this.connection = base.connection;
    this.queue = new Queue<Delivery>(DELIVERY_QUEUE_NAME, base);
  }

  async add(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map((delivery) => ({
        name: delivery.channel,
        data: delivery,
        opts: {
          jobId: jobIdOf(delivery.key),
          // The fan-out made the first attempt: the queue makes the rest, starting after the first backoff.
          attempts: DELIVERY_ATTEMPTS - 1,
          delay: FIRST_RETRY_MS,
          backoff: { type: 'exponential', delay: FIRST_RETRY_MS, jitter: 0.5 },
          ...DELIVERY_JOBS_KEPT,
        },
      })),
    );
  }

  /** The deliveries waiting for their next attempt (or due for it now): what a move carries over. */
  pendingRetries(): Promise<PendingJob<QueuedDelivery>[]> {
    return pendingJobs(this.queue as Queue<QueuedDelivery>);
  }

  /**
   * Sets these deliveries (read from another Redis) again, each due when it was, with the attempts it had left
   * and its backoff going on from where it was. Same job ids: set again, none is added twice.
   */
  async resume(pending: readonly PendingJob<QueuedDelivery>[]): Promise<void> {
    if (pending.length === 0) return;
    const queue = this.queue as Queue<QueuedDelivery>;
    await queue.addBulk(
      pending.map(({ job, dueAt }) => ({
        name: job.name,
        data: job.data,
        opts: {
          jobId: job.id!,
          ...DELIVERY_JOBS_KEPT,
          attempts: Math.max(1, (job.opts.attempts ?? 1) - job.attemptsMade),
          delay: Math.max(0, dueAt - Date.now()),
          ...backoffAfter(job.opts.backoff, job.attemptsMade),
        },
      })),
    );
  }

  close(): Promise<void> {
    return closeQueue(this.queue, this.connection);
  }

  disconnect(): Promise<void> {
    return disconnectQueue(this.queue, this.connection);
  }
}

/** The name of a digest job on the review timers' queue (a reminder job queued before the patrol: its level). */
export const DIGEST_JOB_NAME = 'digest';

/** A digest job that fails is tried again a few times; a failed one is kept a week for inspection. */
const TIMER_JOB_RETRIES = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * ReviewTimers on BullMQ delayed jobs: a digest job per (organisation, person, channel, window). Reminders have no
 * job (the reminder patrol derives them from the awaiting index); jobs of theirs queued before it are dropped.
 */
export class BullmqReviewTimers implements ReviewTimers {
  readonly queue: Queue<DigestDue>;
  private readonly connection: BullmqConnection;

  constructor(options: NotificationQueueOptions) {
    const base = bullmqBase(options, TIMER_QUEUE_NAME);
    this.connection = base.connection;
    this.queue = new Queue<DigestDue>(TIMER_QUEUE_NAME, base);
  }

  async digests(due: readonly { due: DigestDue; delayMs: number }[]): Promise<void> {
    if (due.length === 0) return;
    await this.queue.addBulk(
      due.map(({ due: digest, delayMs }) => ({
        name: DIGEST_JOB_NAME,
        data: digest,
        opts: {
          jobId: `g.${encodeURIComponent([digest.org, digest.person, digest.channel, digest.window].join('.'))}`,
          delay: delayMs,
          ...TIMER_JOB_RETRIES,
        },
      })),
    );
  }

  /** The digest jobs set and not yet run, each with when it is due (ms since the epoch): what a move carries over. */
  async pendingDigests(): Promise<{ due: DigestDue; dueAt: number }[]> {
    return (await pendingJobs(this.queue))
      .filter(({ job }) => job.name === DIGEST_JOB_NAME)
      .map(({ job, dueAt }) => ({ due: job.data, dueAt }));
  }

  close(): Promise<void> {
    return closeQueue(this.queue, this.connection);
  }

  disconnect(): Promise<void> {
    return disconnectQueue(this.queue, this.connection);
  }
}

/** Workers sending deliveries on their channels and digests when their windows end. */
interface DeliveryWorkerOptions extends NotificationQueueOptions {
  senders: readonly ChannelSender[];
  /** The address and message of a delivery, put together as it is sent (undefined: moot, dropped). */
  outgoing: (delivery: Delivery) => Promise<Outgoing | undefined>;
  /** A digest window ended: its digest goes out. */
  sendDigest: (due: DigestDue) => Promise<unknown>;
  onGivenUp: (delivery: GivenUpDelivery, error: unknown) => Promise<void>;
  /** Counts deliveries by channel and outcome. */
  metrics?: Pick<Metrics, 'delivery'>;
}

export function startNotificationWorkers(options: DeliveryWorkerOptions): Worker[] {
  const deliveryBase = bullmqBase(options, DELIVERY_QUEUE_NAME);
  const deliveries = new Worker<QueuedDelivery>(DELIVERY_QUEUE_NAME, (job) => sendDelivery(job, options), {
    ...deliveryBase,
    concurrency: 8,
  });
  endConnectionWithWorker(deliveries, deliveryBase.connection);
  const timerBase = bullmqBase(options, TIMER_QUEUE_NAME);
  // A reminder or escalation job queued before the reminder patrol is dropped: the patrol sends what it would have.
  const timers = new Worker<DigestDue>(
    TIMER_QUEUE_NAME,
    async (job) => (job.name === DIGEST_JOB_NAME ? options.sendDigest(job.data) : 'moot'),
    timerBase,
  );
  endConnectionWithWorker(timers, timerBase.connection);
  for (const worker of [deliveries, timers]) logWorkerErrors(worker, options.logger ?? stderrLogger());
  return [deliveries, timers];
}

async function sendDelivery(
  job: Job<QueuedDelivery>,
  options: Pick<DeliveryWorkerOptions, 'senders' | 'outgoing' | 'onGivenUp' | 'metrics'>,
): Promise<void> {
  const queued = job.data;
  const channel = 'address' in queued ? queued.address.channel : queued.channel;
  const count = options.metrics ?? NO_METRICS;
  try {
    const outgoing = 'address' in queued ? queued : await options.outgoing(queued);
    if (!outgoing) return count.delivery(channel, 'moot'); // the person, their channel or the draft is gone
    const sender = options.senders.find((candidate) => candidate.channel === channel);
    if (!sender) throw new UnrecoverableError(`没有配置 ${channel} 渠道`);
    await sender.send(outgoing.address, outgoing.message);
    count.delivery(channel, 'sent');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof UnrecoverableError || isFailureOfKind(error, 'permanent');
    const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    count.delivery(channel, last ? 'given_up' : 'retry');
    if (last) await options.onGivenUp({ person: queued.person, channel }, error);
    if (permanent && !(error instanceof UnrecoverableError)) {
      throw new UnrecoverableError(reason);
    }
    throw error;
  }
}
