/** Structured fields of a log line: ids, counts, the error's text; never secrets or draft bodies. */
export type LogFields = Record<string, unknown>;

/**
 * Where the service, its workers and jobs report what nobody is waiting for: a failure a worker handles itself,
 * a retry, a dependency that went away. The adapter writes one structured (JSON) line per call and must never
 * throw; it does not decide what to log (callers do) nor how often (see `onceUntilRecovered`).
 */
export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
}

/** The part of a Logger the HTTP edge needs; what a host application passes to createGate. */
export type ErrorLogger = Pick<Logger, 'error'>;
