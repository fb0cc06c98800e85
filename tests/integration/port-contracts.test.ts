import type { Redis } from 'ioredis';
import { oneNode, type RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditChainWriter } from '../../src/adapters/redis/audit-chain-writer.js';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { auditLogContract, draftStoreContract, type PortsUnderTest } from '../helpers/port-contracts.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { guardSlots, type SlotGuard } from '../helpers/slot-guard.js';

let redis: RedisClient;
/** A connection of its own whose every command is checked for keys of one slot (the hashTags wiring's). */
let guarded: Redis;
let guard: SlotGuard;
const used: RedisKeys[] = [];

beforeAll(async () => {
  redis = await connectRedis(inject('redisUrl'));
  guarded = oneNode(await connectRedis(inject('redisUrl')));
  guard = guardSlots(guarded);
});

afterEach(async () => {
  for (const keys of used.splice(0)) await deleteKeys(redis, keys);
});

afterAll(async () => {
  await redis.quit();
  await guarded.quit();
});

/** The production wiring: one chain writer shared by the draft store and the audit log, under fresh keys. */
function onRedis(client = redis, keys = randomKeys()): PortsUnderTest {
  used.push(keys);
  const writer = new AuditChainWriter(client, keys);
  return {
    drafts: new RedisDraftStore(client, keys, writer),
    audit: new RedisAuditLog(client, keys, writer),
  };
}

/**
 * The Cluster's wiring (hashTags) on one redis-server, every command checked by the slot guard. The contract's
 * organisations are in the orgs set, as every organisation is once added (approvedIds walks it).
 */
function onRedisWithHashTags(): PortsUnderTest {
  const keys = new RedisKeys(randomKeys().prefix, { hashTags: true });
  void guarded.sadd(keys.orgs(), 'cc', 'hm'); // on the stores' connection: before any of their commands
  return onRedis(guarded, keys);
}

// The same cases run against the in-memory fakes in tests/unit/services/in-memory-port-contracts.test.ts.
draftStoreContract('Redis', () => onRedis());
auditLogContract('Redis', () => onRedis());
draftStoreContract('Redis with hashTags (Cluster keys)', onRedisWithHashTags);
auditLogContract('Redis with hashTags (Cluster keys)', onRedisWithHashTags);

describe('Redis with hashTags', () => {
  // Runs after the contracts above (vitest keeps the file's order): every script and transaction they sent.
  it('sent every script, transaction and multi-key command with its keys in one slot', () => {
    expect(guard.crossSlot).toEqual([]);
    expect(guard.checked.get('evalsha')).toBeGreaterThan(10);
  });
});
