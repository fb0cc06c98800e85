import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { AuditChainWriter } from '../../src/adapters/redis/audit-chain-writer.js';
import { RedisBypassLedger } from '../../src/adapters/redis/redis-bypass-ledger.js';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { verifyChain } from '../../src/domain/audit/audit-chain.js';
import type { AuditEvent } from '../../src/domain/audit/audit-event.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

const event = (n: number, org = 'city'): AuditEvent => ({
  action: 'created',
  org,
  draft: `d${n % 7}`,
  actor: 'p1',
  at: '2026-01-01T00:00:00.000Z',
  details: { n },
});

// Two service processes on one Redis: two connections, two writers, two stores, appending at once.
describe('audit group commit across two writers on one Redis', () => {
  let redis: RedisClient;
  let other: RedisClient;
  let keys: RedisKeys;

  beforeEach(async () => {
    [redis, other] = await Promise.all([connectRedis(inject('redisUrl')), connectRedis(inject('redisUrl'))]);
    keys = randomKeys();
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await Promise.all([redis.quit(), other.quit()]);
  });

  async function verify(log: RedisAuditLog, org: string) {
    const { entries, head } = await log.snapshot(org);
    return verifyChain(entries, head ? { count: head.seq + 1, hash: head.hash } : undefined);
  }

  it('keeps one chain per organisation and costs no compare-and-set retry', async () => {
    const writers = [new AuditChainWriter(redis, keys), new AuditChainWriter(other, keys)];
    const logs = [new RedisAuditLog(redis, keys, writers[0]), new RedisAuditLog(other, keys, writers[1])];
    const orgs = ['city', 'county'];
    const appended = await Promise.all(
      Array.from({ length: 400 }, (_, n) => logs[n % 2]!.append(event(n, orgs[(n >> 1) % 2]))),
    );
    expect(appended).toHaveLength(400);
    for (const org of orgs) {
      const result = await verify(logs[0]!, org);
      expect(result).toMatchObject({ ok: true, count: 200 });
    }
    expect(writers.map((writer) => writer.headLost)).toEqual([0, 0]);
    // Appends waiting behind each other went out together: fewer script calls than appends.
    expect(writers[0]!.groupCalls + writers[1]!.groupCalls).toBeLessThan(400);
  });

  it('takes the turn over once a writer that died holding it has lost its lease', async () => {
    // A writer took the turn (no token left, its holder's lease running) and died before giving it back.
    await redis.set(keys.auditTurnHolder('city'), 'died', 'PX', 300);
    const log = new RedisAuditLog(other, keys, new AuditChainWriter(other, keys, undefined, 300));
    await log.append(event(1));
    await log.append(event(2));
    expect(await verify(log, 'city')).toMatchObject({ ok: true, count: 2 });
  });

  it('answers each write of a group on its own: a refusal inside the group leaves the others written', async () => {
    const writer = new AuditChainWriter(redis, keys);
    const log = new RedisAuditLog(redis, keys, writer);
    const ledger = new RedisBypassLedger(redis, keys, writer);
    const flagged = await Promise.all([
      ledger.flag('city', 'acc', 'a1', event(1)),
      log.append(event(2)),
      ledger.flag('city', 'acc', 'a1', event(3)),
      log.append(event(4)),
    ]);
    expect(flagged.map((each) => (typeof each === 'boolean' ? each : each.seq))).toEqual([true, 1, false, 2]);
    expect(writer.groupCalls).toBe(2);
    expect(await verify(log, 'city')).toMatchObject({ ok: true, count: 3 });
  });

  it("takes the turn inside the group's own script once it knows the head: one script call per append", async () => {
    const writer = new AuditChainWriter(redis, keys);
    const log = new RedisAuditLog(redis, keys, writer);
    await log.append(event(1));
    const scriptCalls = vi.spyOn(redis, 'evalsha');
    await log.append(event(2));
    await log.append(event(3));
    expect(scriptCalls).toHaveBeenCalledTimes(2);
    scriptCalls.mockRestore();
    expect(await verify(log, 'city')).toMatchObject({ ok: true, count: 3 });
    // Given back each time, as a turn taken apart is.
    expect(await redis.lrange(keys.auditTurn('city'), 0, -1)).toEqual(['1']);
  });

  it('links again, holding the turn, when another process moved the head it knew', async () => {
    const writers = [new AuditChainWriter(redis, keys), new AuditChainWriter(other, keys)];
    const logs = [new RedisAuditLog(redis, keys, writers[0]), new RedisAuditLog(other, keys, writers[1])];
    await logs[0]!.append(event(1));
    await logs[1]!.append(event(2));
    await logs[0]!.append(event(3));
    expect(await verify(logs[0]!, 'city')).toMatchObject({ ok: true, count: 3 });
    expect(writers.map((writer) => [writer.staleHeads, writer.headLost])).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });

  it('takes the turn first for a while once another process was found writing: no group is sent twice', async () => {
    const writers = [new AuditChainWriter(redis, keys), new AuditChainWriter(other, keys)];
    const logs = [new RedisAuditLog(redis, keys, writers[0]), new RedisAuditLog(other, keys, writers[1])];
    for (let n = 0; n < 8; n++) await logs[n % 2]!.append(event(n));
    expect(await verify(logs[0]!, 'city')).toMatchObject({ ok: true, count: 8 });
    // Each found the other's head once, then took the turn before linking.
    expect(writers.map((writer) => writer.staleHeads)).toEqual([1, 1]);
  });

  it('waits for a turn another writer holds even when it knows the head', async () => {
    const log = new RedisAuditLog(other, keys, new AuditChainWriter(other, keys, undefined, 300));
    await log.append(event(1));
    // Another writer took the turn (the token popped) and died holding it.
    await redis.lpop(keys.auditTurn('city'));
    await redis.set(keys.auditTurnHolder('city'), 'died', 'PX', 300);
    await log.append(event(2));
    expect(await verify(log, 'city')).toMatchObject({ ok: true, count: 2 });
  });

  it('gives the turn back when the last write of a group is refused', async () => {
    const writer = new AuditChainWriter(redis, keys);
    const ledger = new RedisBypassLedger(redis, keys, writer);
    const flagged = await Promise.all([
      ledger.flag('city', 'acc', 'a1', event(1)),
      ledger.flag('city', 'acc', 'a1', event(2)),
    ]);
    expect(flagged).toEqual([true, false]);
    // Released: the token is back and the holder is 'free', so another process's writer need not wait for
    // the lease to run out.
    expect(await redis.lrange(keys.auditTurn('city'), 0, -1)).toEqual(['1']);
    expect(await redis.get(keys.auditTurnHolder('city'))).toBe('free');
  });
});
