import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { verifyChain } from '../../src/domain/audit/audit-chain.js';
import { GENESIS_HASH, type AuditEvent } from '../../src/domain/audit/audit-event.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

const event = (n: number, org = 'city'): AuditEvent => ({
  action: 'created',
  org,
  draft: `d${n}`,
  actor: 'p1',
  at: '2026-01-01T00:00:00.000Z',
  details: { n },
});

describe('RedisAuditLog', () => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let log: RedisAuditLog;

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys();
    log = new RedisAuditLog(redis, keys);
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  async function appendMany(count: number): Promise<void> {
    for (let n = 0; n < count; n++) await log.append(event(n));
  }

  async function verify() {
    const { entries, head } = await log.snapshot('city');
    return verifyChain(entries, head ? { count: head.seq + 1, hash: head.hash } : undefined);
  }

  it('links each entry to the one before and moves the head', async () => {
    const first = await log.append(event(0));
    const second = await log.append(event(1));
    expect([first.seq, first.prev]).toEqual([0, GENESIS_HASH]);
    expect([second.seq, second.prev]).toEqual([1, first.hash]);
    expect(await log.head('city')).toEqual({ seq: 1, hash: second.hash });
    expect(await log.head('elsewhere')).toBeNull();
  });

  it('lists pages oldest first with the total', async () => {
    await appendMany(5);
    const page = await log.list('city', { offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.entries.map((entry) => entry.seq)).toEqual([1, 2]);
    expect((await log.list('city', { offset: 4, limit: 10 })).entries.map((e) => e.seq)).toEqual([4]);
    expect(await log.list('nowhere', { offset: 0, limit: 10 })).toEqual({ entries: [], total: 0 });
  });

  // Ten writers (like ten processes) on two connections race for the head, so the compare-and-set decides.
  it('keeps one unforked chain under 50 concurrent appends from ten writers', async () => {
    const other = await connectRedis(inject('redisUrl'));
    try {
      const writers = Array.from({ length: 10 }, (_, n) => new RedisAuditLog(n % 2 ? other : redis, keys));
      const entries = await Promise.all(
        Array.from({ length: 50 }, (_, n) => writers[n % 10]!.append(event(n))),
      );
      expect(entries.map((entry) => entry.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, n) => n),
      );
      const all = await log.all('city');
      expect(all.map((entry) => entry.seq)).toEqual(Array.from({ length: 50 }, (_, n) => n));
      expect(await verify()).toEqual({ ok: true, count: 50, head: all[49]!.hash });
    } finally {
      await other.quit();
    }
  });

  it('reports a changed entry at its seq', async () => {
    await appendMany(5);
    const stored = (await redis.lindex(keys.auditLog('city'), 2))!;
    await redis.lset(keys.auditLog('city'), 2, stored.replace('"actor":"p1"', '"actor":"p9"'));
    expect(await verify()).toEqual({ ok: false, index: 2, seq: 2, reason: 'changed' });
  });

  it('reports a deleted entry at the seq after the gap', async () => {
    await appendMany(5);
    const stored = (await redis.lindex(keys.auditLog('city'), 2))!;
    await redis.lrem(keys.auditLog('city'), 1, stored);
    expect(await verify()).toEqual({ ok: false, index: 2, seq: 3, reason: 'removed' });
  });

  it('reports a deleted newest entry through the head', async () => {
    await appendMany(5);
    await redis.rpop(keys.auditLog('city'));
    expect(await verify()).toEqual({ ok: false, index: 4, seq: undefined, reason: 'removed' });
  });

  it('reports two swapped entries as reordered at the first one out of place', async () => {
    await appendMany(5);
    const [a, b] = await redis.lrange(keys.auditLog('city'), 1, 2);
    await redis.lset(keys.auditLog('city'), 1, b!);
    await redis.lset(keys.auditLog('city'), 2, a!);
    expect(await verify()).toEqual({ ok: false, index: 1, seq: 2, reason: 'reordered' });
  });
});
