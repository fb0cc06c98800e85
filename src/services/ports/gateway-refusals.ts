import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type { RefusalTally, UnauthenticatedRefusal } from '../../domain/gateway/refusal-summary.js';

/** One chain's window of refusals, claimed by a process to write its summary. */
export interface ClaimedWindow {
  chain: string;
  start: Date;
  end: Date;
  tally: RefusalTally;
  /** Until when this process holds it (ms since the epoch): the claim's token. */
  leasedUntil: number;
}

/**
 * Counts of unauthenticated gateway refusals per chain and window, kept until their summary is in the trail.
 *
 * The adapter must guarantee: `count` is atomic (concurrent processes lose no call); the counts survive a restart;
 * a window claimed by one process is not handed to another until `leaseMs` has passed (a process that dies after
 * claiming leaves it to the next); `summarise` appends the summary to the window's chain and forgets the window
 * in one atomic step, and only while the claim is still the caller's — so each window is summarised exactly once.
 */
export interface RefusalTallies {
  count(refusal: UnauthenticatedRefusal, window: { start: Date; end: Date }): Promise<void>;
  /** Windows that ended at or before `endedBy`, oldest first, at most `limit`, each claimed for `leaseMs`. */
  claimEnded(endedBy: Date, leaseMs: number, limit: number): Promise<ClaimedWindow[]>;
  /**
   * Appends `summary` to the window's chain and forgets the window (null: forgets it only, e.g. its counts
   * expired); false if the claim was lost meanwhile.
   */
  summarise(window: ClaimedWindow, summary: AuditEvent | null): Promise<boolean>;
}
