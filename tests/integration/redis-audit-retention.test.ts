import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { RedisAuditLog } from '../../src/adapters/redis/redis-audit-log.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { verifyChain, verifyChainFrom } from '../../src/domain/audit/audit-chain.js';
import type { AuditEvent } from '../../src/domain/audit/audit-event.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { startReviewApp } from '../helpers/review-app.js';
import request from 'supertest';

const ORG = '_gateway';
const DAY = 86_400_000;
const START = Date.parse('2026-09-01T00:00:00.000Z');

/** An unowned gateway refusal written `day` days after START (no draft: the chain has no draft index). */
const refusal = (day: number): AuditEvent => ({
  action: 'gateway_refused',
  org: ORG,
  draft: '',
  actor: 'gateway',
  at: new Date(START + day * DAY).toISOString(),
  details: { platform: 'wechat', endpoint: '/cgi-bin/draft/add', code: 40001, refusal: 'unknown_token' },
});

describe('retention of the gateway trail (issue 14, point 2)', () => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let log: RedisAuditLog;

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys();
    log = new RedisAuditLog(redis, keys);
    for (const day of [0, 5, 9, 95, 100]) await log.append(refusal(day));
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  const verify = async () => {
    const { entries, head, checkpoint } = await log.snapshot(ORG);
    return verifyChainFrom(entries, checkpoint, head ? { count: head.seq + 1, hash: head.hash } : undefined);
  };

  it('removes entries older than the retention, keeps newer ones, and the chain still verifies', async () => {
    const cutoff = new Date(START + 100 * DAY - 90 * DAY); // 90 days before the newest entry
    expect(await log.trimBefore(ORG, cutoff)).toBe(3);
    const { entries, head } = await log.snapshot(ORG);
    expect(entries.map((entry) => entry.seq)).toEqual([3, 4]);
    expect(await verify()).toMatchObject({ ok: true, count: 2 });
    // Without the checkpoint the trimmed chain looks cut: what verify must not say.
    expect(verifyChain(entries, { count: head!.seq + 1, hash: head!.hash }).ok).toBe(false);
    // Appending goes on after trimming, and trimming again removes nothing newer.
    await log.append(refusal(101));
    expect(await log.trimBefore(ORG, cutoff)).toBe(0);
    expect(await verify()).toMatchObject({ ok: true, count: 3 });
  });

  it('still detects a kept entry changed or removed after trimming', async () => {
    await log.trimBefore(ORG, new Date(START + 50 * DAY));
    const kept = await redis.lindex(keys.auditLog(ORG), 0);
    await redis.lpop(keys.auditLog(ORG));
    expect(await verify()).toMatchObject({ ok: false, reason: 'removed' });
    await redis.lpush(keys.auditLog(ORG), kept!.replace('40001', '40002'));
    expect(await verify()).toMatchObject({ ok: false, reason: 'changed' });
  });
});

describe('the gateway keeps its own chain to QIANFA_GATEWAY_AUDIT_RETENTION_DAYS', () => {
  it('trims old summaries of unowned refusals as new ones are written, and the chain verifies', async () => {
    const t = await startReviewApp({}, {}, { auditRetentionMs: 2 * DAY });
    const window = 15 * 60_000 + 10_000; // the default counting window, and the grace for late counts
    const summariseWindowOf = async (calls: number) => {
      for (let i = 0; i < calls; i += 1)
        expect(
          (await request(t.app).post('/gateway/wechat/cgi-bin/draft/add?access_token=bogus').send({})).body,
        ).toMatchObject({ errcode: 40001 });
      t.advanceClock(window);
      expect(await t.refusalSummaries.summariseEnded()).toBe(1);
    };
    try {
      await summariseWindowOf(3);
      t.advanceClock(3 * DAY);
      await summariseWindowOf(1);
      const kept = await t.audit.all(ORG);
      expect(kept.map((entry) => [entry.seq, entry.details['total']])).toEqual([[1, 1]]);
      expect(await t.verifyAudit(ORG)).toMatchObject({ ok: true, count: 1 });
      t.advanceClock(DAY);
      await summariseWindowOf(2); // the summary of a day ago is within the retention: kept
      expect((await t.audit.all(ORG)).map((entry) => entry.seq)).toEqual([1, 2]);
      expect(await t.verifyAudit(ORG)).toMatchObject({ ok: true, count: 2 });
    } finally {
      await t.close();
    }
  });
});
