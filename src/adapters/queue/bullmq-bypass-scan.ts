import type { Logger } from '../../services/ports/logger.js';
import { errorText, stderrLogger } from '../logging/pino-logger.js';
import { logWorkerErrors } from './worker-errors.js';
import { Queue, Worker } from 'bullmq';
import { bullmqConnection, bullmqPrefix } from './bullmq-publish-queue.js';

export const BYPASS_SCAN_QUEUE_NAME = 'qianfa-bypass-scan';
/** One scheduler id for every process: upserting it again replaces the schedule instead of adding one. */
export const BYPASS_SCAN_SCHEDULER_ID = 'bypass-scan';

export interface BypassScanJobOptions {
  redisUrl: string;
  redisPrefix: string;
  /** Time between scans. */
  everyMs: number;
  /** One scan; its summary is kept as the job's result. */
  scan: () => Promise<unknown>;
  /** Where failed scans and worker errors go; stderr when absent. */
  logger?: Logger;
}

/** The repeatable scan: its schedule (kept in Redis, shared by every process) and this process's worker. */
export interface BypassScanJob {
  readonly worker: Worker;
  close(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Schedules the bypass scan with BullMQ's job scheduler, so however many processes start there is one schedule
 * and each run goes to one worker, and starts a worker for it in this process. The first run is due at once.
 */
export function startBypassScanJob(options: BypassScanJobOptions): Promise<BypassScanJob> {
  return startScheduledJob({
    ...options,
    queueName: BYPASS_SCAN_QUEUE_NAME,
    schedulerId: BYPASS_SCAN_SCHEDULER_ID,
    label: 'bypass scan',
  });
}

/** Which repeatable job: its queue, its one scheduler id, and its name in logs. */
export interface ScheduledJobOptions extends BypassScanJobOptions {
  queueName: string;
  schedulerId: string;
  label: string;
}

/**
 * A repeatable job on BullMQ's job scheduler (the bypass scan, the monitor's cadence check): one schedule in
 * Redis however many processes start, each run on one worker, not retried (the next run comes soon).
 */
export async function startScheduledJob(options: ScheduledJobOptions): Promise<BypassScanJob> {
  const base = { connection: bullmqConnection(options.redisUrl), prefix: bullmqPrefix(options.redisPrefix) };
  const queue = new Queue(options.queueName, base);
  try {
    await queue.upsertJobScheduler(
      options.schedulerId,
      { every: options.everyMs },
      {
        name: 'scan',
        // A failed scan is not retried: the next one comes soon and reads from the same watermarks.
        opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
  } catch (error) {
    await queue.close();
    throw error;
  }
  const worker = new Worker(options.queueName, () => options.scan(), { ...base, concurrency: 1 });
  // The scheduler runs the scan again soon; a failed one is logged, not retried.
  const logger = options.logger ?? stderrLogger();
  logWorkerErrors(worker, logger);
  worker.on('failed', (job, error) =>
    logger.warn(`${options.label} failed`, { job: job?.id, reason: errorText(error) }),
  );
  return {
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
    async disconnect() {
      await Promise.all([worker.disconnect(), queue.disconnect()]);
    },
  };
}
