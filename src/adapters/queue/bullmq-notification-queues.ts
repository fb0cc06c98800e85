import type { Logger } from '../../services/ports/logger.js';
import { stderrLogger } from '../logging/pino-logger.js';
import { logWorkerErrors } from './worker-errors.js';
import { isFailureOfKind } from '../../domain/platform-failure.js';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { ReviewTimer } from '../../domain/workflow/review-reminders.js';
import type {
  ChannelSender,
  Delivery,
  DeliveryQueue,
  ReviewTimers,
} from '../../services/ports/notifications.js';
import { bullmqConnection, bullmqPrefix } from './bullmq-publish-queue.js';

export const DELIVERY_QUEUE_NAME = 'qianfa-notify';
export const TIMER_QUEUE_NAME = 'qianfa-review-timers';
const DELIVERY_ATTEMPTS = 10;

export interface NotificationQueueOptions {
  redisUrl: string;
  redisPrefix: string;
  /** Where worker errors go; stderr when absent. */
  logger?: Logger;
}

/** BullMQ ids may not contain ':' (nor be integers). */
const jobIdOf = (key: string) => `n.${encodeURIComponent(key)}`;

/** DeliveryQueue on BullMQ: one job per delivery key, retried with backoff. */
export class BullmqDeliveryQueue implements DeliveryQueue {
  readonly queue: Queue<Delivery>;

  constructor(options: NotificationQueueOptions) {
    this.queue = new Queue<Delivery>(DELIVERY_QUEUE_NAME, {
      connection: bullmqConnection(options.redisUrl),
      prefix: bullmqPrefix(options.redisPrefix),
    });
  }

  async add(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map((delivery) => ({
        name: delivery.address.channel,
        data: delivery,
        opts: {
          jobId: jobIdOf(delivery.key),
          attempts: DELIVERY_ATTEMPTS,
          backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    );
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/** ReviewTimers on BullMQ delayed jobs: one per (draft, version, stage, level). */
export class BullmqReviewTimers implements ReviewTimers {
  readonly queue: Queue<ReviewTimer>;

  constructor(options: NotificationQueueOptions) {
    this.queue = new Queue<ReviewTimer>(TIMER_QUEUE_NAME, {
      connection: bullmqConnection(options.redisUrl),
      prefix: bullmqPrefix(options.redisPrefix),
    });
  }

  async schedule(timer: ReviewTimer, delayMs: number): Promise<void> {
    const key = [timer.draft, timer.version, timer.stage, timer.level].join('.');
    await this.queue.add(timer.level, timer, {
      jobId: `t.${encodeURIComponent(key)}`,
      delay: delayMs,
      attempts: 5,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  async pending(): Promise<{ timer: ReviewTimer; delayMs: number }[]> {
    return (await this.queue.getDelayed()).map((job) => ({ timer: job.data, delayMs: job.opts.delay ?? 0 }));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/** Workers sending deliveries on their channels and firing review timers. */
export function startNotificationWorkers(
  options: NotificationQueueOptions & {
    senders: readonly ChannelSender[];
    fire: (timer: ReviewTimer) => Promise<unknown>;
    onGivenUp: (delivery: Delivery, error: unknown) => Promise<void>;
  },
): Worker[] {
  const base = { connection: bullmqConnection(options.redisUrl), prefix: bullmqPrefix(options.redisPrefix) };
  const deliveries = new Worker<Delivery>(
    DELIVERY_QUEUE_NAME,
    (job) => sendDelivery(job, options.senders, options.onGivenUp),
    { ...base, concurrency: 8 },
  );
  const timers = new Worker<ReviewTimer>(TIMER_QUEUE_NAME, (job) => options.fire(job.data), base);
  for (const worker of [deliveries, timers]) logWorkerErrors(worker, options.logger ?? stderrLogger());
  return [deliveries, timers];
}

async function sendDelivery(
  job: Job<Delivery>,
  senders: readonly ChannelSender[],
  onGivenUp: (delivery: Delivery, error: unknown) => Promise<void>,
): Promise<void> {
  const sender = senders.find((candidate) => candidate.channel === job.data.address.channel);
  try {
    if (!sender) throw new UnrecoverableError(`没有配置 ${job.data.address.channel} 渠道`);
    await sender.send(job.data.address, job.data.message);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof UnrecoverableError || isFailureOfKind(error, 'permanent');
    const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (last) await onGivenUp(job.data, error);
    if (permanent && !(error instanceof UnrecoverableError)) {
      throw new UnrecoverableError(reason);
    }
    throw error;
  }
}
