/**
 * Counts failed authentications per key (a source address, a gateway appid) and refuses a key that failed too
 * often, for a while. A success does not clear the count: one valid credential must not unlock guessing others.
 */
export interface FailureLimiter {
  /** Milliseconds until the key may try again when it is refused now; undefined when it may try. */
  refusedFor(key: string): Promise<number | undefined>;
  /** Counts a failure. True exactly once per window: for the failure that reached the limit (record that one). */
  failed(key: string): Promise<boolean>;
}
