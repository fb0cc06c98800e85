import { pino, type DestinationStream } from 'pino';
import type { ErrorLogger, LogFields, Logger } from '../../services/ports/logger.js';

/**
 * The Logger on pino: one JSON line per entry (level, time, pid, msg, fields), to stderr unless told otherwise.
 * The pid tells apart the lines of `qianfa serve --processes N`, which share one stderr.
 */
export function createPinoLogger(destination: DestinationStream = pino.destination(2)): Logger {
  const log = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return {
    error: (message, fields) => log.error(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
  };
}

/**
 * Lines to stderr are written in batches (one write per request was a tenth of a submission's CPU): once
 * `bytes` are waiting, else after `maxDelayMs`, and at once after an error or warning. Below PIPE_BUF (4,096),
 * a batch of whole lines stays one atomic write on the pipe several service processes share. pino writes what
 * is left when the process exits; a SIGKILL loses at most `maxDelayMs` of info lines.
 */
const STDERR_BATCH = { bytes: 2_048, maxDelayMs: 500 };

function batchedStderrLogger(): Logger {
  const stream = pino.destination({ dest: 2, minLength: STDERR_BATCH.bytes, sync: false });
  const logger = createPinoLogger(stream);
  let waiting = false;
  const flush = () => {
    if (waiting) stream.flush();
    waiting = false;
  };
  setInterval(flush, STDERR_BATCH.maxDelayMs).unref();
  return {
    error: (message, fields) => {
      logger.error(message, fields);
      waiting = true;
      flush();
    },
    warn: (message, fields) => {
      logger.warn(message, fields);
      waiting = true;
      flush();
    },
    info: (message, fields) => {
      logger.info(message, fields);
      waiting = true;
    },
  };
}

let shared: Logger | undefined;

/** The process's own logger (stderr, batched), for what runs without one given. */
export function stderrLogger(): Logger {
  return (shared ??= batchedStderrLogger());
}

/** A full Logger from one that may only have `error` (a host's): warnings go to its error, info nowhere. */
export function loggerFrom(given: ErrorLogger & Partial<Logger>): Logger {
  return {
    error: (message, fields) => given.error(message, fields),
    warn: (message, fields) => (given.warn ? given.warn(message, fields) : given.error(message, fields)),
    info: (message, fields) => given.info?.(message, fields),
  };
}

/**
 * A connection's 'error' listener that logs the first error of an outage and stays quiet until `recovered`
 * is called (on 'ready'), so a Redis that is down for a minute gives two lines, not one per retry.
 */
export function onceUntilRecovered(
  logger: Logger,
  message: string,
  fields: LogFields = {},
): { onError: (error: unknown) => void; recovered: () => void } {
  let down = false;
  return {
    onError(error) {
      if (down) return;
      down = true;
      logger.error(message, { ...fields, error: errorText(error) });
    },
    recovered() {
      if (!down) return;
      down = false;
      logger.info(`${message}: recovered`, fields);
    },
  };
}

/** An error's text for a log field: its message (a classified failure's says what the platform answered). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
