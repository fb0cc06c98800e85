import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oneNode, type RedisClient } from '../../src/adapters/redis/redis-client.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import { RedisReminderMarks } from '../../src/adapters/redis/redis-reminder-marks.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ReminderMark } from '../../src/services/ports/notifications.js';
import { createReviewReminderPatrol } from '../../src/services/review-reminder-patrol.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';

const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The smallest delay (a major stage's) and a general stage's, the defaults. */
const SMALLEST = 30 * MINUTE;
const GENERAL = 240 * MINUTE;

/**
 * A patrol of some organisations on a connection of its own, so that what a run reads from Redis is counted (the
 * bytes its socket received); the drafts it reads are counted too.
 */
async function countedPatrol(t: ReviewApp, orgs: string[], now: () => Date) {
  const client = oneNode(await connectRedis(t.redisUrl));
  const store = new RedisDraftStore(t.redis, t.keys);
  let reads = 0;
  const patrol = createReviewReminderPatrol({
    orgs: { listOrgs: () => Promise.resolve(orgs) },
    marks: new RedisReminderMarks(client, t.keys),
    drafts: { get: (id) => ((reads += 1), store.get(id)) },
    notifier: t.notifications,
    reminderDelays: loadConfig({}).notifications.reminderDelaysMs,
    now,
  });
  return {
    async run() {
      const [bytes, read] = [client.stream.bytesRead, reads];
      const sent = await patrol.run();
      return { sent, bytes: client.stream.bytesRead - bytes, reads: reads - read };
    },
    close: () => client.quit(),
  };
}

describe('the review reminder patrol reads what is due or new, not what waits', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let reviewer: Auth;
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const advance = (ms: number) => {
    offset += ms;
    t.advanceClock(ms);
  };
  const submit = async (title = DRAFT.title) => {
    const submitted = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    return (submitted.body as { id: string }).id;
  };
  /** Since when the draft waits: its awaiting index entry's score. */
  const sinceOf = async (id: string) =>
    Number(await t.redis.zscore(t.keys.orgAwaiting('cc', 'reviewer'), id));
  /** Stores the draft's mark as the patrol did before it kept a cursor (no `next` once escalated). */
  const markAsBefore = async (redis: RedisClient, id: string, mark: Omit<ReminderMark, 'since'>) =>
    redis.hset(t.keys.reminderMarks('cc'), id, JSON.stringify({ since: await sinceOf(id), ...mark }));
  const stored = async () => ({
    marks: await t.redis.hlen(t.keys.reminderMarks('cc')),
    due: await t.redis.zcard(t.keys.reminderDue('cc')),
  });

  beforeEach(async () => {
    offset = 0;
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    await t.person('王五', ['editor']);
    await t.person('管理员', ['admin']);
  });

  afterEach(async () => {
    await t.close();
  });

  it('reads as little with 60 drafts waiting for weeks (reminded or escalated before an upgrade) as with none', async () => {
    const ids = [];
    for (let n = 0; n < 60; n++) ids.push(await submit(`${DRAFT.title}${n}`));
    advance(20 * DAY);
    // Marks as the patrol before the cursor left them: 40 escalated, 20 reminded with the escalation due in a day.
    for (const [n, id] of ids.entries()) {
      const wait = { version: 1, stage: 'review' };
      const remind = { ...wait, level: 'remind' as const, next: now().getTime() + DAY };
      await markAsBefore(t.redis, id, n < 40 ? { ...wait, level: 'escalate' } : remind);
    }
    const patrol = await countedPatrol(t, ['cc'], now);
    const empty = await countedPatrol(t, ['nobody'], now);
    try {
      // The first run after the upgrade takes in every wait and mark once: the escalated are forgotten (nothing
      // more to send, and the cursor has passed them), the reminded are due at their escalation.
      expect((await patrol.run()).sent).toEqual({ reminded: 0, escalated: 0 });
      expect(await stored()).toEqual({ marks: 20, due: 20 });
      await empty.run();
      for (let run = 0; run < 3; run++) {
        advance(MINUTE);
        const [many, none] = [await patrol.run(), await empty.run()];
        expect(many).toEqual({ sent: { reminded: 0, escalated: 0 }, bytes: none.bytes, reads: 0 });
      }
      advance(DAY);
      const escalating = await patrol.run();
      expect([escalating.sent, escalating.reads]).toEqual([{ reminded: 0, escalated: 20 }, 20]);
      // Escalated marks are forgotten the smallest delay later: what is stored does not grow with what waits.
      advance(SMALLEST);
      expect((await patrol.run()).sent).toEqual({ reminded: 0, escalated: 0 });
      expect(await stored()).toEqual({ marks: 0, due: 0 });
      advance(30 * DAY);
      const later = [await patrol.run(), await empty.run()];
      expect(later[0]).toEqual({ sent: { reminded: 0, escalated: 0 }, bytes: later[1]!.bytes, reads: 0 });
    } finally {
      await patrol.close();
      await empty.close();
    }
  });

  it('takes in a wait once it has waited the smallest delay, then reads it again only when it is due', async () => {
    const patrol = await countedPatrol(t, ['cc'], now);
    const empty = await countedPatrol(t, ['nobody'], now);
    try {
      await patrol.run();
      await empty.run();
      const id = await submit();
      advance(SMALLEST - MINUTE);
      const early = [await patrol.run(), await empty.run()];
      expect(early[0]).toEqual({ sent: { reminded: 0, escalated: 0 }, bytes: early[1]!.bytes, reads: 0 });
      advance(MINUTE); // taken in: read once, due at its grade's delay
      expect(await patrol.run()).toMatchObject({ sent: { reminded: 0, escalated: 0 }, reads: 1 });
      expect(await t.redis.zscore(t.keys.reminderDue('cc'), id)).toBe(String((await sinceOf(id)) + GENERAL));
      for (const step of [MINUTE, 60 * MINUTE, GENERAL - SMALLEST - 62 * MINUTE]) {
        advance(step);
        const [waiting, none] = [await patrol.run(), await empty.run()];
        expect(waiting).toEqual({ sent: { reminded: 0, escalated: 0 }, bytes: none.bytes, reads: 0 });
      }
      advance(MINUTE); // 240 minutes after it started waiting
      expect(await patrol.run()).toMatchObject({ sent: { reminded: 1, escalated: 0 }, reads: 1 });
      advance(GENERAL);
      expect(await patrol.run()).toMatchObject({ sent: { reminded: 0, escalated: 1 }, reads: 1 });
    } finally {
      await patrol.close();
      await empty.close();
    }
  });

  it('takes in every wait page by page, each once: several awaiting sets, and more of one time than a page', async () => {
    const waits = {
      reviewer: { a1: 100, a2: 100, a3: 100, a4: 200, a5: 300 },
      editor: { b1: 50, b2: 60, b3: 70 },
    };
    for (const [role, scores] of Object.entries(waits))
      for (const [draft, since] of Object.entries(scores))
        await t.redis.zadd(t.keys.orgAwaiting('cc', role), since, draft);
    const marks = new RedisReminderMarks(t.redis, t.keys);
    const taken: string[] = [];
    for (let call = 0; call < 20; call++) {
      const page = await marks.due('cc', 1_000, 1_000, 2);
      // Looked at: nothing to send, out of the due set (as a draft whose wait is over).
      for (const { draft } of page) await marks.replace('cc', draft, undefined, undefined);
      taken.push(...page.map(({ draft }) => draft));
    }
    expect(taken.sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3']);
  });

  it('sends a draft that waited across the upgrade what it had left, on the clock it had', async () => {
    const [reminded, escalated, seen, decided] = [
      await submit('一'),
      await submit('二'),
      await submit('三'),
      await submit('四'),
    ];
    advance(GENERAL + 10 * MINUTE);
    const wait = { version: 1, stage: 'review' };
    const remindedAt = now().getTime() - 10 * MINUTE;
    await markAsBefore(t.redis, reminded, { ...wait, level: 'remind', next: remindedAt + GENERAL });
    await markAsBefore(t.redis, escalated, { ...wait, level: 'escalate' });
    await markAsBefore(t.redis, seen, { ...wait, level: 'seen', next: (await sinceOf(seen)) + GENERAL });
    await markAsBefore(t.redis, decided, { ...wait, level: 'remind', next: remindedAt + GENERAL });

    // The one only seen is reminded now; the reminded and the escalated are not reminded again.
    expect(await t.reminders.run()).toEqual({ reminded: 1, escalated: 0 });
    const reject = { version: 1, comment: '活动时间请核实' };
    expect((await as(t.app, reviewer).post(`/api/drafts/${decided}/reject`, reject)).status).toBe(200);
    advance(GENERAL - 10 * MINUTE); // the escalation of the one reminded before the upgrade
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 1 });
    advance(10 * MINUTE); // the escalation of the one reminded after it
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 1 });
    advance(DAY);
    expect(await t.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
    // The returned draft's mark went when it came due; the others' once escalated a while.
    expect(await stored()).toEqual({ marks: 0, due: 0 });
  });
});
