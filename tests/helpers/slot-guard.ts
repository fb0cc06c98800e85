import calculateSlot from 'cluster-key-slot';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, inject } from 'vitest';
import { oneNode, type RedisClient } from '../../src/adapters/redis/redis-client.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { deleteKeys, randomKeys } from './redis-test-keys.js';

/** A command, script call or MULTI…EXEC whose keys are in more than one slot (Redis Cluster refuses it). */
export interface CrossSlot {
  command: string;
  keys: string[];
}

/** The two key shapes a store's tests run under: a single node's names, and the Cluster's (hashTags). */
export const KEY_SHAPES = [
  { shape: 'single-node keys', hashTags: false },
  { shape: 'Cluster keys (hashTags), each command checked for one slot', hashTags: true },
] as const;

export interface SlotGuard {
  /** What would have been refused with CROSSSLOT on a Cluster. */
  crossSlot: CrossSlot[];
  /** How many calls with more than one key were checked, by command (`evalsha`, `multi`, `mget`, …). */
  checked: Map<string, number>;
}

/**
 * Watches every command `redis` sends (pipelined or not: ioredis sends each through `sendCommand`) and records
 * the ones Redis Cluster would refuse: a command or script whose keys (as ioredis knows them: EVAL's numkeys,
 * MGET's arguments, …) are in several slots, or a MULTI…EXEC over several slots. A single redis-server runs them
 * all, so a test can run real flows and then assert that none would have failed on a Cluster.
 */
export function guardSlots(redis: Redis): SlotGuard {
  const guard: SlotGuard = { crossSlot: [], checked: new Map() };
  const check = (command: string, keys: string[]) => {
    if (keys.length < 2) return;
    guard.checked.set(command, (guard.checked.get(command) ?? 0) + 1);
    if (calculateSlot.generateMulti(keys) < 0) guard.crossSlot.push({ command, keys });
  };
  let transaction: string[] | undefined;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, ...rest) => {
    const keys = command.getKeys().map(String);
    if (command.name === 'multi') transaction = [];
    else if (command.name === 'exec' && transaction) {
      check('multi', transaction);
      transaction = undefined;
    } else if (transaction) transaction.push(...keys);
    else check(command.name, keys);
    return send(command, ...rest);
  };
  return guard;
}

export interface GuardedRedis {
  redis: RedisClient;
  keys: RedisKeys;
  guard: SlotGuard;
}

/**
 * For each test of a describe block under one key shape: a connection to the run's Redis with the guard on it and
 * fresh keys of that shape; after the test, under hashTags, no command may have spanned slots, then the keys are
 * deleted and the connection closed. Read the fields in the block's own `beforeEach` (hooks run in order).
 */
export function guardedRedisEach(hashTags: boolean): GuardedRedis {
  const at = {} as GuardedRedis;
  beforeEach(async () => {
    at.redis = await connectRedis(inject('redisUrl'));
    at.guard = guardSlots(oneNode(at.redis));
    at.keys = randomKeys({ hashTags });
  });
  afterEach(async () => {
    if (hashTags) expect(at.guard.crossSlot).toEqual([]);
    await deleteKeys(at.redis, at.keys);
    await at.redis.quit();
  });
  return at;
}
