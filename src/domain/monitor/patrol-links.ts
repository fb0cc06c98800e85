/** What one probe of a link found: its final HTTP status, or why nothing answered. */
export type LinkProbe =
  { reachable: true; status: number } | { reachable: false; status?: number; reason: string };

/** A link's record across patrols: how many patrols in a row found it unreachable. */
export interface LinkRecord {
  failures: number;
  /** The last probe's status or reason, for the alert. */
  last: string;
  /** The run that last counted it, so a link found in many articles counts once per patrol. */
  run: string;
}

/**
 * A link is dead once two patrols in a row found it unreachable: one failure may be a server restarting or a
 * network blip (flapping), and a daily patrol (R51) then reports within two days.
 */
export const DEAD_AFTER_FAILURES = 2;

/** 2xx and 3xx-followed answers are reachable; 4xx, 5xx, timeouts, refused connections and egress refusals are not. */
export function isReachableStatus(status: number): boolean {
  return status >= 200 && status < 400;
}

/** The link's record after this run's probe (counted once per run however many articles carry it). */
export function nextLinkRecord(previous: LinkRecord | undefined, probe: LinkProbe, run: string): LinkRecord {
  if (previous?.run === run) return previous;
  const last = probe.reachable ? String(probe.status) : (probe.status?.toString() ?? probe.reason);
  return { failures: probe.reachable ? 0 : (previous?.failures ?? 0) + 1, last, run };
}

export function isDead(record: LinkRecord): boolean {
  return record.failures >= DEAD_AFTER_FAILURES;
}
