import { isPlatformFailure } from '../../domain/platform-failure.js';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { PublicationFailure } from '../../domain/publishing/publication.js';
import type { PublishJob } from '../../domain/publishing/publication.js';
import { PermanentPublishError, type PublishService } from '../../services/publish-service.js';
import { bullmqConnection, bullmqPrefix, PUBLISH_QUEUE_NAME } from './bullmq-publish-queue.js';

export interface PublishWorkerOptions {
  redisUrl: string;
  redisPrefix: string;
  concurrency: number;
  /** First retry delay; each later one doubles, up to `backoffMaxMs`, with ±50 % jitter. */
  backoffMs: number;
  backoffMaxMs: number;
  /** How long a job stays locked to its worker; a worker that died releases it after this (then it resumes). */
  lockMs: number;
  /** Test seam: the jitter source. */
  random?: () => number;
}

/**
 * The BullMQ worker that runs publish jobs. Permanent failures become UnrecoverableError (no retries spent);
 * others are retried with capped exponential backoff and jitter; the last failed attempt marks the target failed.
 */
export function startPublishWorker(
  publish: PublishService,
  options: PublishWorkerOptions,
): Worker<PublishJob> {
  const random = options.random ?? Math.random;
  const worker = new Worker<PublishJob>(PUBLISH_QUEUE_NAME, (job) => runJob(publish, job), {
    connection: bullmqConnection(options.redisUrl),
    prefix: bullmqPrefix(options.redisPrefix),
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)),
    // A crashed worker must never turn a job into a failure: it resumes, and the publisher asks first.
    maxStalledCount: 1_000,
    settings: {
      backoffStrategy: (attemptsMade: number) => {
        const capped = Math.min(options.backoffMaxMs, options.backoffMs * 2 ** Math.max(0, attemptsMade - 1));
        return Math.round(capped * (0.5 + random() / 2));
      },
    },
  });
  // Failures are recorded per publication; a worker-level error (Redis gone) must not crash the process.
  worker.on('error', () => undefined);
  return worker;
}

async function runJob(publish: PublishService, job: Job<PublishJob>): Promise<void> {
  try {
    await publish.run(job.data);
  } catch (error) {
    if (error instanceof PermanentPublishError) throw new UnrecoverableError(error.message);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (lastAttempt) await publish.giveUp(job.data, failureOf(error));
    throw error;
  }
}

/** The explanation of a transient failure that ran out of retries. */
function failureOf(error: unknown): PublicationFailure {
  const classified = isPlatformFailure(error);
  const explanation = classified ? error.explanation : error instanceof Error ? error.message : String(error);
  const code = classified ? error.code : 'retries_exhausted';
  return { platformCode: code, explanation: `多次重试仍未成功：${explanation}` };
}
