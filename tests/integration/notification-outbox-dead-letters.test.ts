import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { duplicateQueuing } from '../../src/adapters/redis/redis-client.js';
import { drainNotificationOutbox } from '../../src/adapters/redis/redis-notification-outbox.js';
import { outboxJobGivenUp } from '../../src/composition/follow-ups.js';
import type { OutboxJob } from '../../src/services/ports/drafts.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';

const DRAFT = { title: '停水通知', body: '明日上午九点至十二点停水，请提前储水。', kind: 'original' };
const MAX_ATTEMPTS = 3;

// Two drafts' notification jobs, as their commits wrote them, drained by one worker: the one failing once is
// retried and handled; the one failing every time is dead-lettered with its error after its last attempt, and its
// organisation's administrators see an alert saying so (GET /api/alerts, the admin's 告警 page).
describe('notification outbox: retried or dead-lettered', () => {
  let t: ReviewApp;
  let admin: Auth;
  let drain: { close(): Promise<void> } | undefined;
  let clock: number;

  beforeEach(async () => {
    t = await startReviewApp();
    admin = await t.person('管理员', ['admin']);
    clock = Date.parse('2026-12-05T08:00:00Z');
  });

  afterEach(async () => {
    await drain?.close();
    await t.close();
  });

  async function submitted(title: string): Promise<string> {
    const drafter = await t.person(`拟稿${title}`, ['drafter']);
    const created = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title });
    expect(created.status).toBe(201);
    return (created.body as { id: string }).id;
  }

  it('retries a job that failed once, dead-letters one that keeps failing and tells the admins', async () => {
    const once = await submitted('停水通知');
    const always = await submitted('停电通知');
    const attempts = new Map<string, number>();
    const handled: string[] = [];
    const fanOut = (job: OutboxJob): Promise<void> => {
      const draft = 'record' in job ? job.record.id : '';
      const attempt = (attempts.get(draft) ?? 0) + 1;
      attempts.set(draft, attempt);
      if (draft === always) return Promise.reject(new Error('webhook 503'));
      if (attempt === 1) return Promise.reject(new Error('connection reset'));
      handled.push(draft);
      return Promise.resolve();
    };
    drain = drainNotificationOutbox(fanOut, {
      connection: duplicateQueuing(t.redis),
      keys: t.keys,
      logger: { error: () => undefined },
      blockMs: 20,
      maxAttempts: MAX_ATTEMPTS,
      retryBaseMs: 1_000,
      now: () => clock,
      givenUp: (job, made, error) =>
        outboxJobGivenUp({ alerts: t.alerts, now: () => new Date(clock) }, job, made, error),
    });
    const deadLetters = () => t.redis.xrange(t.keys.notificationDeadLetters('cc'), '-', '+');
    // Each retry is due a doubling wait later: move the drain's clock on until the last attempt was made.
    await until('the last attempt', async () => {
      clock += 1_000;
      return (await deadLetters()).length > 0;
    });

    expect(handled).toEqual([once]);
    expect(Object.fromEntries(attempts)).toEqual({ [once]: 2, [always]: MAX_ATTEMPTS });
    const [letter] = await deadLetters();
    const fields = letter![1];
    expect(JSON.parse(fields[fields.indexOf('record') + 1]!)).toMatchObject({ id: always });
    expect(fields.slice(fields.indexOf('attempts'))).toEqual([
      'attempts',
      '3',
      'error',
      'Error: webhook 503',
    ]);
    expect(await t.redis.xlen(t.keys.notificationOutbox('cc'))).toBe(0);
    expect(await t.redis.zcard(t.keys.notificationRetries('cc'))).toBe(0);

    const listed = await as(t.app, admin).get('/api/alerts?org=cc');
    expect(listed.status).toBe(200);
    const alerts = (listed.body as { alerts: { kind: string; draft?: string; message: string }[] }).alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'notification_failed', draft: always });
    expect(alerts[0]!.message).toBe(
      '稿件“停电通知”的审签通知连续 3 次未能发出，已停止重试：Error: webhook 503',
    );
  });
});
