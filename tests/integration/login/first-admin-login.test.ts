import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../../../src/adapters/redis/redis-client.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisPasswordStore } from '../../../src/adapters/redis/redis-desk-logins.js';
import { connectRedis } from '../../../src/adapters/redis/redis-connection.js';
import { firstAdminLoginPathOn } from '../../../src/composition/login.js';
import { createPeopleServiceOn } from '../../../src/composition.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { deleteKeys, randomKeys } from '../../helpers/redis-test-keys.js';

/** The login link `qianfa serve` prints for the first admin: only while they have set no password. */
describe('firstAdminLoginPathOn', () => {
  const keys = randomKeys();
  const config = loadConfig({
    QIANFA_REDIS_PREFIX: keys.prefix,
    QIANFA_SECRET_KEY: randomBytes(32).toString('hex'),
  });
  let redis: RedisClient;

  beforeAll(async () => {
    redis = await connectRedis(inject('redisUrl'));
  });
  afterAll(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  it('gives none before the admin exists, a fresh path each time while they have no password, none after', async () => {
    expect(await firstAdminLoginPathOn(redis, config)).toBeUndefined();
    const admin = await createPeopleServiceOn(redis, config).bootstrap();
    const first = await firstAdminLoginPathOn(redis, config);
    expect(first).toMatch(/^\/d\/login\/\S+$/);
    expect(await firstAdminLoginPathOn(redis, config)).not.toBe(first);
    await new RedisPasswordStore(redis, keys).set(admin!.person.id, 'scrypt$whatever');
    expect(await firstAdminLoginPathOn(redis, config)).toBeUndefined();
  });
});
