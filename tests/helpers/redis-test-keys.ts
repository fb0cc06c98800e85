import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisKeys } from '../../src/adapters/redis/redis-keys.js';

/** Key names under a fresh random prefix, so tests can share the run's Redis without seeing each other. */
export function randomKeys(options: { hashTags?: boolean } = {}): RedisKeys {
  return new RedisKeys(`qianfa-test:${randomUUID()}:`, options);
}

/** Deletes every key of the prefix (never FLUSHALL: other test files share this Redis). */
export async function deleteKeys(redis: Redis, keys: RedisKeys): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keys.all(), 'COUNT', 500);
    if (found.length > 0) await redis.del(...found);
    cursor = next;
  } while (cursor !== '0');
}
