/**
 * How a caller reacts to a failed call to WeChat, Weibo or WeCom, decided once by the adapter's error table:
 * - `transient`: try again later (network, timeout, 5xx, rate limits, "busy"). For calls that create something
 *   a timeout leaves the outcome unknown: ask the platform whether it happened before sending again.
 * - `token`: the access token was refused: fetch a fresh one once, then try again.
 * - `permanent`: retrying cannot help (content rejected, permission missing, wrong recipient): fail at once.
 */
export type FailureKind = 'transient' | 'token' | 'permanent';

/**
 * A classified failure of an outside platform: the adapters' PublisherError and NotificationError implement it.
 * Plain fields only, so a copy that lost its class (crossing a queue job) is still recognised.
 */
export interface PlatformFailure {
  readonly name: string;
  readonly kind: FailureKind;
  /** The platform's errcode as a string, or a transport code: `timeout`, `network`, `http_503`, … */
  readonly code: string;
  /** Chinese text for editors and admins. */
  readonly explanation: string;
}

const KINDS: ReadonlySet<unknown> = new Set<FailureKind>(['transient', 'token', 'permanent']);

/** The one guard for adapter failures, by fields rather than class (see PlatformFailure). */
export function isPlatformFailure(error: unknown): error is PlatformFailure {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as Record<string, unknown>;
  return (
    KINDS.has(fields['kind']) &&
    typeof fields['name'] === 'string' &&
    typeof fields['code'] === 'string' &&
    typeof fields['explanation'] === 'string'
  );
}

/** True for a failure of the given kind (a token refused, a permanent refusal, …). */
export function isFailureOfKind(error: unknown, kind: FailureKind): error is PlatformFailure {
  return isPlatformFailure(error) && error.kind === kind;
}
