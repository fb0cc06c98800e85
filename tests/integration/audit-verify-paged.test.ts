import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import type { AuditEntry, AuditEvent } from '../../src/domain/audit/audit-event.js';
import { AuditTrimmedError, type AuditPages } from '../../src/services/ports/audit.js';
import { verifyAuditChain } from '../../src/services/audit-service.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

const START = Date.parse('2026-09-01T00:00:00.000Z');
const event = (n: number, org = 'cc'): AuditEvent => ({
  action: 'created',
  org,
  draft: '',
  actor: 'p1',
  at: new Date(START + n * 60_000).toISOString(),
  details: { n },
});

/** Verification a page at a time (issue 17, point 3): breaks found across page boundaries, trims survived. */
describe('verifyAuditChain over Redis, in pages', () => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let log: RedisAuditLog;

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys();
    log = new RedisAuditLog(redis, keys);
    for (let n = 0; n < 10; n++) await log.append(event(n));
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  it('verifies a whole chain read three entries at a time', async () => {
    expect(await verifyAuditChain(log, 'cc', 3)).toMatchObject({ ok: true, count: 10 });
    expect(await verifyAuditChain(log, 'empty', 3)).toMatchObject({ ok: true, count: 0 });
  });

  it('finds an entry changed in a later page, and one removed from the middle', async () => {
    const seventh = (await redis.lindex(keys.auditLog('cc'), 7))!;
    await redis.lset(keys.auditLog('cc'), 7, seventh.replace('"n":7', '"n":70'));
    expect(await verifyAuditChain(log, 'cc', 3)).toEqual({ ok: false, index: 7, seq: 7, reason: 'changed' });
    await redis.lset(keys.auditLog('cc'), 7, seventh);
    await redis.lrem(keys.auditLog('cc'), 1, (await redis.lindex(keys.auditLog('cc'), 4))!);
    expect(await verifyAuditChain(log, 'cc', 3)).toEqual({ ok: false, index: 4, seq: 5, reason: 'removed' });
  });

  it('finds entries swapped across a page boundary, and a cut-off tail', async () => {
    const [second, third] = await redis.lrange(keys.auditLog('cc'), 2, 3);
    await redis.lset(keys.auditLog('cc'), 2, third!);
    await redis.lset(keys.auditLog('cc'), 3, second!);
    expect(await verifyAuditChain(log, 'cc', 3)).toMatchObject({ ok: false, index: 2, reason: 'reordered' });
    await redis.lset(keys.auditLog('cc'), 2, second!);
    await redis.lset(keys.auditLog('cc'), 3, third!);
    await redis.rpop(keys.auditLog('cc'));
    expect(await verifyAuditChain(log, 'cc', 3)).toMatchObject({ ok: false, index: 9, reason: 'removed' });
  });

  it('reads again when retention trims the chain while it is read', async () => {
    const gateway = (n: number): AuditEvent => ({ ...event(n, '_gateway'), action: 'gateway_refused' });
    for (let n = 0; n < 6; n++) await log.append(gateway(n));
    const chain = await log.pages('_gateway', 2);
    const reading = chain.entries[Symbol.asyncIterator]();
    await reading.next();
    await log.trimBefore('_gateway', new Date(START + 2 * 60_000));
    await expect(reading.next()).rejects.toBeInstanceOf(AuditTrimmedError);
    expect(await verifyAuditChain(log, '_gateway', 2)).toMatchObject({ ok: true, count: 4 });

    // Trimmed again during verification's own first read, after its first page: it reads once more.
    const trimmingOnce = Object.assign(Object.create(log) as RedisAuditLog, {
      async pages(org: string, pageSize: number): Promise<AuditPages> {
        const read = await log.pages(org, pageSize);
        this.pages = (o: string, size: number) => log.pages(o, size);
        async function* trimmedAfterFirst(): AsyncIterable<AuditEntry[]> {
          let first = true;
          for await (const page of read.entries) {
            yield page;
            if (first) await log.trimBefore(org, new Date(START + 4 * 60_000));
            first = false;
          }
        }
        return { ...read, entries: trimmedAfterFirst() };
      },
    });
    expect(await verifyAuditChain(trimmingOnce, '_gateway', 2)).toMatchObject({ ok: true, count: 2 });
  });
});
