import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oneNode } from '../../src/adapters/redis/redis-client.js';
import { OUTBOX_GROUP } from '../../src/adapters/redis/redis-notification-outbox.js';
import { untilDeliveriesIdle, untilOutboxDrained } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };

/** Whom the receiver heard from, by the draft and event each message was about. */
const eventsOf = (received: readonly { body: string }[]) =>
  received.map((message) => {
    const { event, draft, version } = JSON.parse(message.body) as Record<string, unknown>;
    return `${String(event)}/${String(draft)}/${String(version)}`;
  });

describe('the notification job committed with the draft', () => {
  let t: ReviewApp;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let drafter: Auth;

  beforeEach(async () => {
    hook = await startReceiver();
    t = await startReviewApp({}, { webhookAllowHosts: ['127.0.0.1'] });
    drafter = await t.person('张三', ['drafter']);
    const reviewer = await t.person('李四', ['reviewer']);
    await as(t.app, reviewer).put('/api/me/channels', {
      webhook: { url: hook.url, secret: 'secret-0123456789' },
    });
    await t.person('赵六', ['reviewer']); // eligible, but without a channel
  });

  afterEach(async () => {
    await t.close();
    hook.server.close();
  });

  it('is in Redis when the 201 is answered, and a worker started later still notifies', async () => {
    const created = await as(t.app, drafter).post('/api/drafts', DRAFT);
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    // No worker ran yet (as when the process died right after answering): the job waits in the outbox.
    const jobs = await t.redis.xrange(t.keys.notificationOutbox('cc'), '-', '+');
    expect(jobs).toHaveLength(1);
    const fields = jobs[0]![1];
    expect(fields[fields.indexOf('kinds') + 1]).toBe('stage_waits');
    expect(JSON.parse(fields[fields.indexOf('record') + 1]!)).toMatchObject({ id, revision: 1 });
    expect(hook.received).toHaveLength(0);

    await t.startWorker();
    await until('the webhook', () => hook.received[0]);
    await untilDeliveriesIdle(t);
    expect(eventsOf(hook.received)).toEqual([`review_awaiting/${id}/1`]);
    expect(await t.redis.xlen(t.keys.notificationOutbox('cc'))).toBe(0);
  });

  it('notifies each person once when the same job is handled twice', async () => {
    await t.startWorker();
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    await until('the webhook', () => hook.received[0]);
    await untilDeliveriesIdle(t);
    const record = (await t.redis.hget(t.keys.draft('cc', id), 'record'))!;
    // The job again, as when a worker died after fanning it out but before acknowledging it.
    await t.redis.xadd(t.keys.notificationOutbox('cc'), '*', 'kinds', 'stage_waits', 'record', record);
    await untilOutboxDrained(t);
    await untilDeliveriesIdle(t);
    expect(eventsOf(hook.received)).toEqual([`review_awaiting/${id}/1`]);
    expect(await t.redis.xpending(t.keys.notificationOutbox('cc'), OUTBOX_GROUP)).toEqual([
      0,
      null,
      null,
      null,
    ]);
  });

  it("reads the organisation's people and channels once for the jobs of one round", async () => {
    const ids: string[] = [];
    for (const title of ['停水通知', '停电通知'])
      ids.push(
        ((await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title })).body as { id: string }).id,
      );
    const generation = t.keys.orgDirectoryGeneration('cc');
    const channelsOf = t.keys.personChannels('cc', '').replace(/:channels$/, '');
    const reads: string[] = [];
    const seen = new Set<string>();
    const monitor = await oneNode(t.redis).monitor();
    monitor.on('monitor', (_time: string, args: string[]) => {
      const [command, key] = args.map(String);
      const name = command!.toLowerCase();
      if (name === 'echo') seen.add(key!);
      else if (name === 'get' && key === generation) reads.push('generation');
      else if (name === 'mget' && key!.startsWith(channelsOf) && key!.endsWith(':channels'))
        reads.push('channels');
    });
    try {
      // Both jobs wait in the outbox: the worker drains them in one round.
      await t.startWorker();
      await until('both webhooks', () => hook.received.length === 2);
      await untilOutboxDrained(t);
      await untilDeliveriesIdle(t);
      // MONITOR reports a command after its reply: wait for a mark sent after the round.
      const mark = `${generation}-drained`;
      await t.redis.echo(mark);
      await until('MONITOR to report the mark', () => seen.has(mark));
    } finally {
      monitor.disconnect();
    }
    expect(eventsOf(hook.received).sort()).toEqual(ids.map((id) => `review_awaiting/${id}/1`).sort());
    expect(reads.sort()).toEqual(['channels', 'generation']);
  });

  it('dead-letters an unreadable job at once, and the jobs behind it are still handled', async () => {
    const outbox = t.keys.notificationOutbox('cc');
    await t.redis.xadd(outbox, '*', 'kinds', 'stage_waits', 'record', '{not json');
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;

    await t.startWorker();
    await until('the webhook of the job behind it', () => hook.received[0]);
    await untilOutboxDrained(t);
    expect(eventsOf(hook.received)).toEqual([`review_awaiting/${id}/1`]);
    const dead = await t.redis.xrange(t.keys.notificationDeadLetters('cc'), '-', '+');
    expect(dead).toHaveLength(1);
    const fields = dead[0]![1];
    expect(fields[fields.indexOf('record') + 1]).toBe('{not json');
    expect(fields[fields.indexOf('error') + 1]).toMatch(/JSON/);
    expect(await t.redis.xlen(outbox)).toBe(0);
  });
});
