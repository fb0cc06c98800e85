import { duplicateQueuing, oneNode, type RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import {
  drainNotificationOutbox,
  OUTBOX_GROUP,
  retryDelayMs,
  type OutboxDrainOptions,
} from '../../src/adapters/redis/redis-notification-outbox.js';
import type { OutboxJob, OutboxRound } from '../../src/services/ports/drafts.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { until } from '../helpers/until.js';
import { guardSlots, KEY_SHAPES, type SlotGuard } from '../helpers/slot-guard.js';

const RECORD = { id: 'd1', title: '停水通知', review: { org: 'city' } };

// A job that always fails is retried with a doubling wait, then set aside with the organisation alerted. Under
// hashTags each organisation has its outbox (the drain walks the orgs set) and the drain's every command is
// checked for keys of one slot.
describe.each(KEY_SHAPES)('notification outbox retries, $shape', ({ hashTags }) => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let guard: SlotGuard;
  let drain: { close(): Promise<void> } | undefined;
  let clock: number;
  const givenUp: { job: OutboxJob; attempts: number; error: string }[] = [];

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys({ hashTags });
    await redis.sadd(keys.orgs(), 'other', RECORD.review.org);
    clock = Date.parse('2026-12-05T08:00:00Z');
    givenUp.length = 0;
    await redis.xadd(
      keys.notificationOutbox(RECORD.review.org),
      '*',
      'kinds',
      'stage_waits',
      'record',
      JSON.stringify(RECORD),
    );
  });

  afterEach(async () => {
    await drain?.close();
    if (hashTags) expect(guard.crossSlot).toEqual([]);
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  function start(
    handle: (job: OutboxJob, round: OutboxRound) => Promise<void>,
    options: Partial<OutboxDrainOptions>,
  ): void {
    const connection = duplicateQueuing(redis);
    guard = guardSlots(oneNode(connection));
    drain = drainNotificationOutbox(handle, {
      connection,
      keys,
      logger: { error: () => undefined },
      blockMs: 20,
      now: () => clock,
      givenUp: (job, attempts, error) => {
        givenUp.push({ job, attempts, error: String(error) });
        return Promise.resolve();
      },
      ...options,
    });
  }

  it('gives a job up after its last attempt: dead-lettered with the error, the organisation told', async () => {
    let calls = 0;
    start(() => Promise.reject(new Error(`webhook down ${++calls}`)), { maxAttempts: 3, retryBaseMs: 0 });
    await until('given up', () => givenUp[0]);
    expect(calls).toBe(3);
    expect(givenUp).toMatchObject([{ job: { record: RECORD }, attempts: 3, error: 'Error: webhook down 3' }]);
    const dead = await redis.xrange(keys.notificationDeadLetters(RECORD.review.org), '-', '+');
    expect(dead).toHaveLength(1);
    const fields = dead[0]![1];
    expect(fields.slice(fields.indexOf('attempts'))).toEqual([
      'attempts',
      '3',
      'error',
      'Error: webhook down 3',
    ]);
    expect(await redis.xlen(keys.notificationOutbox(RECORD.review.org))).toBe(0);
    expect(await redis.zcard(keys.notificationRetries(RECORD.review.org))).toBe(0);
  });

  it('waits for the next attempt until its time comes (doubling from the base)', async () => {
    let calls = 0;
    const handle = () => (++calls === 1 ? Promise.reject(new Error('refused')) : Promise.resolve());
    start(handle, { retryBaseMs: 60_000 });
    const [, due] = await until('the retry', async () => {
      const waiting = await redis.zrange(keys.notificationRetries(RECORD.review.org), 0, -1, 'WITHSCORES');
      return waiting.length > 0 && waiting;
    });
    expect(Number(due)).toBe(clock + 60_000);
    expect(await redis.xlen(keys.notificationOutbox(RECORD.review.org))).toBe(0);
    expect(calls).toBe(1);
    clock += 60_000;
    await until('the second attempt', () => calls === 2);
    await until(
      'the retry set emptied',
      async () => (await redis.zcard(keys.notificationRetries(RECORD.review.org))) === 0,
    );
    expect(givenUp).toEqual([]);
  });

  it("acknowledges a round's handled jobs together, while a failed one goes to the retries set alone", async () => {
    const outbox = keys.notificationOutbox(RECORD.review.org);
    for (const id of ['d2', 'd3'])
      await redis.xadd(outbox, '*', 'kinds', 'stage_waits', 'record', JSON.stringify({ ...RECORD, id }));
    const seen: { draft: string; pending: unknown; retries: number }[] = [];
    start(
      async (job) => {
        const draft = 'record' in job ? job.record.id : '';
        const [pending] = await redis.xpending(outbox, OUTBOX_GROUP);
        seen.push({
          draft,
          pending,
          retries: await redis.zcard(keys.notificationRetries(RECORD.review.org)),
        });
        if (draft === 'd2') throw new Error('refused');
      },
      { retryBaseMs: 60_000 },
    );
    await until('the round acknowledged', async () => seen.length === 3 && (await redis.xlen(outbox)) === 0);
    // d1 handled stays pending until the round ends; d2 left at once, on its own.
    expect(seen).toEqual([
      { draft: 'd1', pending: 3, retries: 0 },
      { draft: 'd2', pending: 3, retries: 0 },
      { draft: 'd3', pending: 2, retries: 1 },
    ]);
    expect((await redis.xpending(outbox, OUTBOX_GROUP))[0]).toBe(0);
    const waiting = await redis.zrange(keys.notificationRetries(RECORD.review.org), 0, -1);
    const draftOf = (member: string) => {
      const fields = JSON.parse(member) as string[];
      return (JSON.parse(fields[fields.indexOf('record') + 1]!) as { id: string }).id;
    };
    expect(waiting.map(draftOf)).toEqual(['d2']);
  });

  it("shares a read among a round's jobs, except one that failed: the next job reads again", async () => {
    const outbox = keys.notificationOutbox(RECORD.review.org);
    for (const id of ['d2', 'd3'])
      await redis.xadd(outbox, '*', 'kinds', 'stage_waits', 'record', JSON.stringify({ ...RECORD, id }));
    let reads = 0;
    const got: string[] = [];
    start(async (job, round) => {
      const read = () =>
        ++reads === 1 ? Promise.reject(new Error('away')) : Promise.resolve(`read ${reads}`);
      got.push(await round.shared('people city', read).catch(String));
      if ('record' in job && job.record.id === 'd3')
        await redis.xadd(
          outbox,
          '*',
          'kinds',
          'stage_waits',
          'record',
          JSON.stringify({ ...RECORD, id: 'd4' }),
        );
    }, {});
    await until('the next round', () => got.length === 4);
    // d1's read failed; d2 read again and d3 shared it; d4, in a round of its own, read anew.
    expect(got).toEqual(['Error: away', 'read 2', 'read 2', 'read 3']);
  });

  it('lets the jobs that come in after a round short of a full batch gather for the next round', async () => {
    const outbox = keys.notificationOutbox(RECORD.review.org);
    const seen: { draft: string; round: OutboxRound }[] = [];
    const handle = (job: OutboxJob, round: OutboxRound) => {
      seen.push({ draft: 'record' in job ? job.record.id : '', round });
      return Promise.resolve();
    };
    start(handle, { gatherMs: 60_000 });
    await until('the first round', async () => seen.length === 1 && (await redis.xlen(outbox)) === 0);
    for (const id of ['d2', 'd3'])
      await redis.xadd(outbox, '*', 'kinds', 'stage_waits', 'record', JSON.stringify({ ...RECORD, id }));
    // Gathering: the drain does not read them yet (closing ends its wait).
    await drain!.close();
    expect(seen.map(({ draft }) => draft)).toEqual(['d1']);
    expect(await redis.xlen(outbox)).toBe(2);
    start(handle, {});
    await until('the next round', async () => seen.length === 3 && (await redis.xlen(outbox)) === 0);
    expect(seen[1]!.round).toBe(seen[2]!.round);
  });

  it('doubles the wait up to five minutes', () => {
    expect([1, 2, 3, 4, 10, 20].map((attempt) => retryDelayMs(attempt, 1_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 300_000, 300_000,
    ]);
  });
});
