import { randomUUID } from 'node:crypto';
import { scanKeys, type RedisClient } from '../../src/adapters/redis/redis-client.js';
import { RedisKeys } from '../../src/adapters/redis/redis-keys.js';

/** Key names under a fresh random prefix, so tests can share the run's Redis without seeing each other. */
export function randomKeys(options: { hashTags?: boolean } = {}): RedisKeys {
  return new RedisKeys(`qianfa-test:${randomUUID()}:`, options);
}

/** Deletes every key of the prefix (never FLUSHALL: other test files share this Redis); on a Cluster, per master. */
export async function deleteKeys(redis: RedisClient, keys: RedisKeys): Promise<void> {
  for await (const found of scanKeys(redis, keys.all(), 500)) {
    // One DEL per key: on a Cluster the keys of a page are in different slots.
    await Promise.all(found.map((key) => redis.del(key)));
  }
}
