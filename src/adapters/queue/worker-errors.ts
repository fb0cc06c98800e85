import type { Worker } from 'bullmq';
import type { Logger } from '../../services/ports/logger.js';
import { onceUntilRecovered } from '../logging/pino-logger.js';

/**
 * A worker-level error (Redis gone) must not crash the process, nor fill the log: the first of an outage is
 * logged, then nothing until the worker runs a job again. Job failures are the processor's to report.
 */
export function logWorkerErrors(worker: Worker, logger: Logger): void {
  const outage = onceUntilRecovered(logger, 'queue worker error', { queue: worker.name });
  worker.on('error', outage.onError);
  worker.on('active', outage.recovered);
}
