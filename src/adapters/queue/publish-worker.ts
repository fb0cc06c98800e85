import type { Logger } from '../../services/ports/logger.js';
import { errorText, stderrLogger } from '../logging/pino-logger.js';
import { logWorkerErrors } from './worker-errors.js';
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
  /** Where failed attempts and worker errors go; stderr when absent. */
  logger?: Logger;
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
  const logger = options.logger ?? stderrLogger();
  const worker = new Worker<PublishJob>(PUBLISH_QUEUE_NAME, (job) => runJob(publish, job, logger), {
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
  logWorkerErrors(worker, logger);
  return worker;
}

async function runJob(publish: PublishService, job: Job<PublishJob>, logger: Logger): Promise<void> {
  try {
    await publish.run(job.data);
  } catch (error) {
    const attempt = { draft: job.data.draft, target: job.data.target, attempt: job.attemptsMade + 1 };
    if (error instanceof PermanentPublishError) {
      logger.warn('publish failed permanently', { ...attempt, reason: error.message });
      throw new UnrecoverableError(error.message);
    }
    const lastAttempt = attempt.attempt >= (job.opts.attempts ?? 1);
    logger.warn(lastAttempt ? 'publish gave up' : 'publish attempt failed, will retry', {
      ...attempt,
      reason: errorText(error),
    });
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
