import type { Grade } from '../../domain/checks/finding.js';

/** How a publish job's run ended: done (published, or nothing left to do), failed for good, or retried. */
export type PublishOutcome = 'completed' | 'failed' | 'retry';

/** How one delivery to a person's channel ended. */
export type DeliveryOutcome = 'sent' | 'retry' | 'given_up' | 'moot';

/**
 * What the service counts and times for operators (`/metrics`). Every method is cheap and never throws; labels
 * are from small fixed sets (platform, code, channel, grade, route pattern), never ids or people.
 */
export interface Metrics {
  httpRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  publishOutcome(platform: string, outcome: PublishOutcome, code: string): void;
  delivery(channel: string, outcome: DeliveryOutcome): void;
  checked(seconds: number): void;
  auditAppended(seconds: number): void;
  /** A stage of a draft of this grade was decided after waiting this long. */
  reviewWaited(grade: Grade, seconds: number): void;
}

/** Counts nothing: for code run without an installation's metrics (tests, embedding without them). */
export const NO_METRICS: Metrics = {
  httpRequest: () => undefined,
  publishOutcome: () => undefined,
  delivery: () => undefined,
  checked: () => undefined,
  auditAppended: () => undefined,
  reviewWaited: () => undefined,
};

/** The metrics as text for a scraper (the Prometheus exposition format). */
export interface MetricsExposition {
  readonly contentType: string;
  render(): Promise<string>;
}
