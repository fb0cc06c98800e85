import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiter } from '../../services/live-check-service.js';

/**
 * A fixed-window limiter shared by every process on the same Redis (rate-limiter-flexible counts atomically).
 * A Redis failure is not a refusal: it rejects, and the HTTP edge answers 503 like any other storage failure.
 */
export function redisRateLimiter(
  client: Redis,
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
