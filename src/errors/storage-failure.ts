/**
 * Which way our own Redis failed, if it did: it could not take the change (`storage_unavailable`: down, failing
 * over, still loading, refusing writes) or, with replicas, none confirmed it in time (`replication_unconfirmed`).
 * Either way "try again", not a bug. Read by the HTTP edge (503) and by the publish worker (a retry that spends
 * no platform attempt). Errors are recognised by name and message, so this needs no adapter's import.
 */
import { isPlatformFailure } from '../domain/platform-failure.js';

export type StorageFailure = 'storage_unavailable' | 'replication_unconfirmed';

export function storageFailureOf(error: unknown): StorageFailure | undefined {
  if (error instanceof Error && error.name === 'ReplicationUnconfirmedError')
    return 'replication_unconfirmed';
  return isRedisUnavailable(error) ? 'storage_unavailable' : undefined;
}

/** Socket errors: Redis's unless they come wrapped in a platform's failure (a publisher's `network`). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** Replies of a Redis that is up but cannot serve: still loading its AOF, or refusing writes. */
const UNAVAILABLE_REPLY = /^(LOADING|MISCONF|READONLY|MASTERDOWN|BUSY|TRYAGAIN)\b/;

/**
 * Redis is down, going down or not ready. ioredis with the offline queue off rejects at once while disconnected,
 * and a command in flight when the connection drops fails with MaxRetriesPerRequestError (retries are 0). The
 * error may come wrapped (`cause`); a platform's failure wraps its own socket errors, not ours.
 */
function isRedisUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (isPlatformFailure(current)) return false;
    const code = (current as NodeJS.ErrnoException).code;
    if (current.name === 'MaxRetriesPerRequestError' || (code && CONNECTION_CODES.has(code))) return true;
    if (/enableOfflineQueue|Connection is closed|Command timed out/.test(current.message)) return true;
    if (current.name === 'ReplyError' && UNAVAILABLE_REPLY.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
