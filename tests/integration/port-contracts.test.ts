import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { AuditChainWriter } from '../../src/adapters/redis/audit-chain-writer.js';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { auditLogContract, draftStoreContract, type PortsUnderTest } from '../helpers/port-contracts.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

let redis: RedisClient;
const used: RedisKeys[] = [];

beforeAll(async () => {
  redis = await connectRedis(inject('redisUrl'));
});

afterEach(async () => {
  for (const keys of used.splice(0)) await deleteKeys(redis, keys);
});

afterAll(async () => {
  await redis.quit();
});

/** The production wiring: one chain writer shared by the draft store and the audit log, under fresh keys. */
function onRedis(): PortsUnderTest {
  const keys = randomKeys();
  used.push(keys);
  const writer = new AuditChainWriter(redis, keys);
  return { drafts: new RedisDraftStore(redis, keys, writer), audit: new RedisAuditLog(redis, keys, writer) };
}

// The same cases run against the in-memory fakes in tests/unit/services/in-memory-port-contracts.test.ts.
draftStoreContract('Redis', onRedis);
auditLogContract('Redis', onRedis);
