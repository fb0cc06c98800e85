import type { Logger } from '../../services/ports/logger.js';
import { errorText, stderrLogger } from '../logging/pino-logger.js';
import { logWorkerErrors } from './worker-errors.js';
import { Queue, Worker } from 'bullmq';
import {
  bullmqBase,
  closeQueue,
  disconnectQueue,
  endBullmqConnection,
  endConnectionWithWorker,
} from './bullmq-publish-queue.js';

/** A job run every so often: its queue, and one scheduler id for every process (upserting it replaces it). */
export interface RepeatingJobKind {
  queueName: string;
  schedulerId: string;
  /** What it is, for the log: `bypass scan`. */
  what: string;
}

export const BYPASS_SCAN: RepeatingJobKind = {
  queueName: 'qianfa-bypass-scan',
  schedulerId: 'bypass-scan',
  what: 'bypass scan',
};

/** The compliance monitor's cadence check of every account (issue 13). */
export const CADENCE_CHECK: RepeatingJobKind = {
  queueName: 'qianfa-cadence-check',
  schedulerId: 'cadence-check',
  what: 'cadence check',
};

/** Writes the summaries of ended windows of unauthenticated gateway refusals into the trail (issue 14). */
export const GATEWAY_REFUSAL_SUMMARY: RepeatingJobKind = {
  queueName: 'qianfa-gateway-refusal-summary',
  schedulerId: 'gateway-refusal-summary',
  what: 'gateway refusal summary',
};

/** The patrol of every published article (issue 13, point 4). */
export const PATROL: RepeatingJobKind = {
  queueName: 'qianfa-patrol',
  schedulerId: 'patrol',
  what: 'patrol of published articles',
};

/** Archives the version bodies of drafts published longer ago than the retention (issue 17, point 3). */
export const VERSION_ARCHIVE: RepeatingJobKind = {
  queueName: 'qianfa-version-archive',
  schedulerId: 'version-archive',
  what: 'version body archiving',
};

/** Review reminders and escalations come due (issue 17): derived from the awaiting index, no job per draft. */
export const REVIEW_REMINDERS: RepeatingJobKind = {
  queueName: 'qianfa-review-reminders',
  schedulerId: 'review-reminders',
  what: 'review reminder patrol',
};

/** 定时发布: queues the scheduled publications whose time has come. */
export const SCHEDULED_RELEASE: RepeatingJobKind = {
  queueName: 'qianfa-scheduled-release',
  schedulerId: 'scheduled-release',
  what: 'scheduled publication release',
};

export interface RepeatingJobOptions {
  redisUrl: string;
  redisPrefix: string;
  /** Time between runs. */
  everyMs: number;
  /** One run; its summary is kept as the job's result. */
  run: () => Promise<unknown>;
  /** Where failed runs and worker errors go; stderr when absent. */
  logger?: Logger;
}

/** The repeating job: its schedule (kept in Redis, shared by every process) and this process's worker. */
export interface RepeatingJob {
  readonly worker: Worker;
  close(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Schedules `kind` with BullMQ's job scheduler, so however many processes start there is one schedule and each
 * run goes to one worker, and starts a worker for it in this process. The first run is due at once.
 */
export async function startRepeatingJob(
  kind: RepeatingJobKind,
  options: RepeatingJobOptions,
): Promise<RepeatingJob> {
  const queueBase = bullmqBase(options, kind.queueName);
  const queue = new Queue(kind.queueName, queueBase);
  try {
    await queue.upsertJobScheduler(
      kind.schedulerId,
      { every: options.everyMs },
      {
        name: 'run',
        // A failed run is not retried: the next one comes soon and starts from where the last one stopped.
        opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
  } catch (error) {
    await closeQueue(queue, queueBase.connection);
    throw error;
  }
  const workerBase = bullmqBase(options, kind.queueName);
  const worker = new Worker(kind.queueName, () => options.run(), { ...workerBase, concurrency: 1 });
  endConnectionWithWorker(worker, workerBase.connection);
  const logger = options.logger ?? stderrLogger();
  logWorkerErrors(worker, logger);
  worker.on('failed', (job, error) =>
    logger.warn(`${kind.what} failed`, { job: job?.id, reason: errorText(error) }),
  );
  return {
    worker,
    async close() {
      await worker.close();
      await closeQueue(queue, queueBase.connection);
    },
    async disconnect() {
      await Promise.all([worker.disconnect(), disconnectQueue(queue, queueBase.connection)]);
      endBullmqConnection(workerBase.connection);
    },
  };
}
