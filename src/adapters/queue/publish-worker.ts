import type { Logger } from '../../services/ports/logger.js';
import { NO_METRICS, type Metrics } from '../../services/ports/metrics.js';
import { errorText, stderrLogger } from '../logging/pino-logger.js';
import { logWorkerErrors } from './worker-errors.js';
import { isPlatformFailure } from '../../domain/platform-failure.js';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { storageFailureOf } from '../../errors/storage-failure.js';
import type { FailedAttempt, PublishJob } from '../../domain/publishing/publication.js';
import { NotYetError, PermanentPublishError, type PublishService } from '../../services/publish-service.js';
import { bullmqBase, endConnectionWithWorker, PUBLISH_QUEUE_NAME } from './bullmq-publish-queue.js';

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
  /** Counts how each run ended, by platform and code. */
  metrics?: Pick<Metrics, 'publishOutcome'>;
}

/**
 * The BullMQ worker that runs publish jobs. Permanent failures become UnrecoverableError (no retries spent);
 * others are retried with capped exponential backoff and jitter; the last failed attempt marks the target failed.
 * A failure of our own Redis is no attempt at all: the job waits and runs again (see deferWhileStorageFails).
 */
export function startPublishWorker(
  publish: PublishService,
  options: PublishWorkerOptions,
): Worker<PublishJob> {
  const logger = options.logger ?? stderrLogger();
  const retries = retryDelays(options);
  const count = options.metrics ?? NO_METRICS;
  const run = (job: Job<PublishJob>, token?: string) =>
    runJob(publish, job, logger, retries, count).catch((error: unknown) =>
      deferWhileStorageFails(job, token, error, { logger, retries }),
    );
  const base = bullmqBase(options, PUBLISH_QUEUE_NAME);
  const worker = new Worker<PublishJob>(PUBLISH_QUEUE_NAME, run, {
    ...base,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)),
    // A crashed worker must never turn a job into a failure: it resumes, and the publisher asks first.
    maxStalledCount: 1_000,
    settings: { backoffStrategy: (attempt: number, _type, error) => retries.delayOf(attempt, error) },
  });
  endConnectionWithWorker(worker, base.connection);
  logWorkerErrors(worker, logger);
  return worker;
}

/**
 * Retry delays: capped exponential backoff with jitter, chosen when an attempt fails (so the target can show
 * when it runs again) and handed to BullMQ with the error it is thrown with.
 */
interface RetryDelays {
  choose(attempt: number, error: unknown): number;
  delayOf(attempt: number, error: unknown): number;
}

function retryDelays(options: PublishWorkerOptions): RetryDelays {
  const random = options.random ?? Math.random;
  const chosen = new WeakMap<object, number>();
  const fresh = (attempt: number) => {
    const capped = Math.min(options.backoffMaxMs, options.backoffMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(capped * (0.5 + random() / 2));
  };
  const isObject = (error: unknown): error is object => typeof error === 'object' && error !== null;
  return {
    choose(attempt, error) {
      const delay = fresh(attempt);
      if (isObject(error)) chosen.set(error, delay);
      return delay;
    },
    delayOf: (attempt, error) => (isObject(error) ? chosen.get(error) : undefined) ?? fresh(attempt),
  };
}

/**
 * Rethrows any failure but our own Redis's. When Redis is down, failing over or has no replica to confirm a write
 * (storageFailureOf), the job is moved to the delayed set without spending an attempt and runs again later: the
 * platform was not the one failing, and a job failed here would leave its draft approved for good (the target's
 * failure could not be saved either, and recovery re-adds only jobs that are missing). Rerunning is safe: the
 * publisher asks the platform before sending again.
 */
async function deferWhileStorageFails(
  job: Job<PublishJob>,
  token: string | undefined,
  error: unknown,
  options: { logger: Logger; retries: RetryDelays },
): Promise<never> {
  const failure = storageFailureOf(error);
  if (!failure || token === undefined) throw error;
  // Starts that spent no attempt: this deferral's and earlier ones' (a stalled run's too), for the backoff.
  const deferrals = Math.max(1, job.attemptsStarted - job.attemptsMade);
  const delayMs = options.retries.delayOf(deferrals, undefined);
  options.logger.warn('publish deferred: storage unavailable', {
    draft: job.data.draft,
    target: job.data.target,
    code: failure,
    reason: errorText(error),
    retry_in_ms: delayMs,
  });
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

async function runJob(
  publish: PublishService,
  job: Job<PublishJob>,
  logger: Logger,
  retries: RetryDelays,
  metrics: Pick<Metrics, 'publishOutcome'>,
): Promise<void> {
  const platform = job.data.target.split(':', 1)[0] ?? 'unknown';
  try {
    await publish.run(job.data);
    metrics.publishOutcome(platform, 'completed', '0');
  } catch (error) {
    // Not an attempt (deferWhileStorageFails): neither a retry to note nor a failure to give up on.
    if (storageFailureOf(error)) throw error;
    const attempt = { draft: job.data.draft, target: job.data.target, attempt: job.attemptsMade + 1 };
    if (error instanceof PermanentPublishError) {
      logger.warn('publish failed permanently', { ...attempt, reason: error.message });
      metrics.publishOutcome(platform, 'failed', error.failure.platformCode);
      throw new UnrecoverableError(error.message);
    }
    const failed = failedAttempt(error, attempt.attempt);
    const fields = { ...attempt, kind: failed.kind, code: failed.platformCode, reason: errorText(error) };
    if (attempt.attempt >= (job.opts.attempts ?? 1)) {
      metrics.publishOutcome(platform, 'failed', failed.platformCode);
      logger.warn('publish gave up', fields);
      const explanation = `多次重试仍未成功：${failed.explanation}`;
      const platformCode = failed.kind === 'unknown' ? 'retries_exhausted' : failed.platformCode;
      await publish.giveUp(job.data, { platformCode, explanation });
      throw error;
    }
    const delayMs = retries.choose(attempt.attempt, error);
    const retry = await publish.retrying(job.data, failed, delayMs).catch((unsaved: unknown) => {
      logger.error('publish retry not recorded', { ...attempt, reason: errorText(unsaved) });
      return undefined;
    });
    metrics.publishOutcome(platform, 'retry', failed.platformCode);
    logger.warn('publish attempt failed, will retry', { ...fields, next_retry_at: retry?.nextRetryAt });
    throw error;
  }
}

/** What a failed attempt that is retried (or has run out of retries) shows: its kind, code and explanation. */
function failedAttempt(error: unknown, attempt: number): FailedAttempt {
  if (isPlatformFailure(error) && error.kind !== 'permanent') {
    return { kind: error.kind, platformCode: error.code, explanation: error.explanation, attempt };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof NotYetError) {
    return { kind: 'waiting', platformCode: 'waiting', explanation: message, attempt };
  }
  return { kind: 'unknown', platformCode: 'error', explanation: message, attempt };
}
