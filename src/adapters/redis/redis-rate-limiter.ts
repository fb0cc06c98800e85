import type { RedisClient } from './redis-client.js';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiter } from '../../services/live-check-service.js';
import type { LoginLimiter } from '../../services/ports/desk-logins.js';
import { withScripts } from './redis-scripts.js';

/**
 * A fixed-window limiter shared by every process on the same Redis (rate-limiter-flexible counts atomically).
 * A Redis failure is not a refusal: it rejects, and the HTTP edge answers 503 like any other storage failure.
 */
export function redisRateLimiter(
  client: RedisClient,
  options: { keyPrefix: string; points: number; durationSeconds: number },
): RateLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
  });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterMs: refusal.msBeforeNext };
        throw refusal;
      }
    },
  };
}

/** The failures counted under a limiter's key and the milliseconds its window has left, or nil: none counted. */
const FAILURES_COUNTED = `local counted = redis.call('GET', KEYS[1])
if not counted then return nil end
return {tonumber(counted), redis.call('PTTL', KEYS[1])}`;

/**
 * Failed authentications per key on rate-limiter-flexible: once a key has failed `failures` times within a window
 * of `windowSeconds` (from its first failure), it is refused until that window ends. Shared by every process on
 * the same Redis. `reset` forgets a key's failures (a successful password login does, for its account).
 */
export function redisFailureLimiter(
  client: RedisClient,
  options: { keyPrefix: string; failures: number; windowSeconds: number },
): LoginLimiter {
  const { failures } = options;
  const limiter = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: options.keyPrefix,
    points: failures,
    duration: options.windowSeconds,
  });
  const scripts = withScripts(client, { qianfaFailuresCounted: FAILURES_COUNTED });
  return {
    // Asked on every authenticated request: one script call (the limiter's own read is MULTI, GET, PTTL, EXEC).
    async refusedFor(key) {
      const counted = (await scripts.qianfaFailuresCounted(1, limiter.getKey(key))) as
        [number, number] | null;
      if (!counted) return undefined;
      const [consumed, msBeforeNext] = counted;
      return consumed >= failures ? Math.max(1, msBeforeNext) : undefined;
    },
    async failed(key) {
      try {
        return (await limiter.consume(key)).consumedPoints === failures;
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return false; // counted already by a concurrent failure
        throw refusal;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
