import { Queue, type Job } from 'bullmq';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  verifyWebhookSignature,
  type WebhookPayload,
} from '../../src/adapters/notifications/webhook/webhook-notifier.js';
import {
  bullmqConnection,
  bullmqPrefix,
  endBullmqConnection,
  type BullmqConnection,
} from '../../src/adapters/queue/bullmq-publish-queue.js';
import { DIGEST_JOB_NAME, TIMER_QUEUE_NAME } from '../../src/adapters/queue/bullmq-notification-queues.js';
import type { NotificationConfig } from '../../src/config/config-schema.js';
import { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import type { DigestDue } from '../../src/services/ports/notifications.js';
import { FakeWecomServer } from '../fakes/fake-wecom-server.js';
import { untilDeliveriesIdle } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const WINDOW_MS = 60_000;
const SECRETS = { 李四: 'secret-lisi-0123456789', 赵六: 'secret-zhaoliu-0123456789' };
type Reviewer = keyof typeof SECRETS;
const REVIEWERS = Object.keys(SECRETS) as Reviewer[];
const draftTitled = (title: string) => ({
  title,
  body: '本周六举办亲子阅读活动，欢迎参加。',
  kind: 'original',
});
/** Graded major by the checker (a fire with deaths): never held for a digest. */
const MAJOR = { title: '火灾情况通报', body: '3月1日，崇川区发生火灾，造成2人死亡。', kind: 'original' };

describe('digests of awaiting messages', () => {
  let t: ReviewApp;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let timers: Queue<DigestDue>;
  let connection: BullmqConnection;
  let drafter: Auth;
  const reviewers = {} as Record<Reviewer, Auth>;
  const closing: (() => Promise<unknown>)[] = [];
  /** Every process started on the test's data: their clocks move together. */
  const apps: ReviewApp[] = [];

  /**
   * The app with two reviewers on webhooks (one secret each, to tell their messages apart), its worker on; or,
   * given an app, another on its data (a restarted process).
   */
  async function start(notifications: Partial<NotificationConfig> = {}, stored?: ReviewApp) {
    if (!stored) {
      hook = await startReceiver();
      const receiver = hook.server;
      closing.push(() => Promise.resolve(receiver.close()));
    }
    const config = { webhookAllowHosts: ['127.0.0.1'], digestWindowMs: WINDOW_MS, ...notifications };
    const store = stored && { prefix: stored.keys.prefix, secretKey: stored.secretKey };
    const app = await startReviewApp({}, config, {}, undefined, {}, undefined, store);
    t = app;
    apps.push(app);
    closing.push(() => app.close());
    connection = bullmqConnection(t.redisUrl);
    timers = new Queue(TIMER_QUEUE_NAME, {
      connection,
      prefix: bullmqPrefix(t.keys.prefix, t.redisUrl, TIMER_QUEUE_NAME),
    });
    const queue = timers;
    const opened = connection;
    closing.push(async () => {
      await queue.close();
      endBullmqConnection(opened);
    });
    if (!stored) {
      drafter = await t.person('张三', ['drafter']);
      await t.person('王五', ['editor']);
      for (const name of REVIEWERS) {
        reviewers[name] = await t.person(name, ['reviewer']);
        const webhook = { url: hook.url, secret: SECRETS[name] };
        await as(t.app, reviewers[name]).put('/api/me/channels', { webhook });
      }
    }
    await t.startWorker();
  }

  afterEach(async () => {
    for (const close of closing.reverse()) await close();
    closing.length = 0;
    apps.length = 0;
  });

  const submit = async (draft: object) => {
    const created = await as(t.app, drafter).post('/api/drafts', draft);
    expect(created.status).toBe(201);
    return (created.body as { id: string }).id;
  };
  /** The messages a reviewer received, parsed, in order. */
  const receivedBy = (name: Reviewer): WebhookPayload[] =>
    hook.received
      .filter((message) => verifyWebhookSignature(message.body, message.signature, SECRETS[name]))
      .map((message) => JSON.parse(message.body) as WebhookPayload);
  const digestJobs = async (): Promise<Job<DigestDue>[]> =>
    (await timers.getJobs(['delayed', 'waiting', 'active'])).filter((job) => job.name === DIGEST_JOB_NAME);
  /**
   * The windows' end, without waiting for it: every process's clock moves past it and their digest jobs run now
   * (not those of the next windows, which a digest that sent something opens).
   */
  const endWindows = async () => {
    for (const app of apps) app.advanceClock(WINDOW_MS);
    const ending = await digestJobs();
    for (const job of ending) await job.promote();
    const ids = new Set(ending.map((job) => job.id));
    const left = async () => (await digestJobs()).filter((job) => ids.has(job.id));
    await until('the digest jobs to have run', async () => (await left()).length === 0);
    await untilDeliveriesIdle(t);
  };
  /** Each reviewer heard of 停水通知一 at once, then of these in one digest. */
  const expectFirstThenDigestOf = (titles: string[]) => {
    for (const name of REVIEWERS) {
      const heard = receivedBy(name);
      expect(heard.map((m) => m.title)).toEqual(['待审签：停水通知一', `您有 ${titles.length} 份稿件待审核`]);
      expect(heard[1]?.items?.map((item) => item.title)).toEqual(titles);
    }
  };
  /** Another process on the same data, its worker off: what it does is what a test asks of it. */
  const anotherProcess = async () => {
    const config = { webhookAllowHosts: ['127.0.0.1'], digestWindowMs: WINDOW_MS };
    const store = { prefix: t.keys.prefix, secretKey: t.secretKey };
    const other = await startReviewApp({}, config, {}, undefined, {}, undefined, store);
    apps.push(other);
    closing.push(() => other.close());
    return other;
  };
  /** A reviewer's webhook window in Redis, field by field. */
  const windowOf = (name: Reviewer) =>
    t.redis.hgetall(t.keys.digestWindow('cc', `${reviewers[name].id}.webhook`));
  /** The draft as its commit left it, as the outbox job carries it. */
  const committed = async (id: string) => (await new RedisDraftStore(t.redis, t.keys).get(id))!.record;
  /** The opening of a review link: the draft's review page for the person it was minted for. */
  const opens = async (url: string) => (await request(t.app).get(new URL(url).pathname)).text;

  it('sends each reviewer the first of a burst at once and the rest as one digest with their own links', async () => {
    await start();
    const titles = ['停水通知一', '停水通知二', '停水通知三', '停水通知四'];
    const ids: string[] = [];
    for (const title of titles) ids.push(await submit(draftTitled(title)));
    await untilDeliveriesIdle(t);
    for (const name of REVIEWERS)
      expect(receivedBy(name).map((m) => m.title)).toEqual(['待审签：停水通知一']);
    expect(await digestJobs()).toHaveLength(2); // one per reviewer and channel

    await endWindows();
    const digests = REVIEWERS.map((name) => receivedBy(name)[1]!);
    for (const digest of digests) {
      expect(digest).toMatchObject({ event: 'review_awaiting', title: '您有 3 份稿件待审核', org: 'cc' });
      expect(digest.description).toBe('《停水通知二》、《停水通知三》、《停水通知四》');
      expect(digest.items?.map(({ draft, title, grade }) => ({ draft, title, grade }))).toEqual(
        ids.slice(1).map((draft, index) => ({ draft, title: titles[index + 1], grade: 'general' })),
      );
      expect(digest.url).toBe(digest.items?.[0]?.url);
      expect(digest.draft).toBeUndefined(); // the wire shape docs/service.md gives: items, no draft of its own
      for (const item of digest.items ?? []) expect(await opens(item.url)).toContain(item.title);
    }
    // Each reviewer's links are their own.
    const [first, second] = digests.map((digest) => digest.items?.map((item) => item.url));
    expect(first?.some((url) => second?.includes(url))).toBe(false);
    for (const name of REVIEWERS) expect(receivedBy(name)).toHaveLength(2);
  });

  it('leaves out a draft decided before the digest, and sends none when no draft is left', async () => {
    await start();
    await submit(draftTitled('停水通知一'));
    const decided = await submit(draftTitled('停水通知二'));
    await submit(draftTitled('停水通知三'));
    await untilDeliveriesIdle(t);
    const approved = await as(t.app, reviewers.李四).post(`/api/drafts/${decided}/approve`, { version: 1 });
    expect(approved.status).toBe(200);
    await endWindows();
    for (const name of REVIEWERS) {
      const digest = receivedBy(name)[1]!;
      expect(digest.title).toBe('您有 1 份稿件待审核');
      expect(digest.items?.map((item) => item.title)).toEqual(['停水通知三']);
    }

    // The digest opened the next window: a draft in it waits for that window's digest, and is decided first.
    const later = await submit(draftTitled('停水通知四'));
    await untilDeliveriesIdle(t);
    expect(await digestJobs()).toHaveLength(2);
    expect(
      (await as(t.app, reviewers.赵六).post(`/api/drafts/${later}/approve`, { version: 1 })).status,
    ).toBe(200);
    await endWindows();
    for (const name of REVIEWERS) expect(receivedBy(name)).toHaveLength(2);
  });

  it('never holds a major draft', async () => {
    await start();
    await submit(draftTitled('停水通知一'));
    const major = await submit(MAJOR);
    await submit(draftTitled('停水通知二'));
    await untilDeliveriesIdle(t);
    for (const name of REVIEWERS) {
      const heard = receivedBy(name);
      expect(heard.map((m) => m.title)).toEqual(['待审签：停水通知一', '待审签：火灾情况通报']);
      expect(heard[1]).toMatchObject({ draft: major, grade: 'major' });
    }
    await endWindows();
    for (const name of REVIEWERS)
      expect(receivedBy(name)[2]?.items?.map((i) => i.title)).toEqual(['停水通知二']);
  });

  it('names the drafts on a WeCom card that opens the first, in a window of its own', async () => {
    const app = { corpid: 'ww0123456789abcdef', corpsecret: 'wecom-app-secret', agentid: 1000002 };
    const wecom = await new FakeWecomServer({ apps: [{ ...app, members: ['lisi'] }] }).start();
    closing.push(() => wecom.close());
    await start({ wecomApiBase: wecom.baseUrl, wecom: { ...app, secret: app.corpsecret } });
    const webhook = { url: hook.url, secret: SECRETS.李四 };
    await as(t.app, reviewers.李四).put('/api/me/channels', { wecom: { user_id: 'lisi' }, webhook });
    for (const title of ['停水通知一', '停水通知二', '停水通知三']) await submit(draftTitled(title));
    await untilDeliveriesIdle(t);
    expect(wecom.messages().map((card) => card.title)).toEqual(['待审签：停水通知一']);
    expect(await digestJobs()).toHaveLength(3); // 李四 on WeCom and on the webhook, 赵六 on the webhook
    await endWindows();
    const [, digest] = wecom.messages();
    expect(digest).toMatchObject({ msgtype: 'textcard', title: '您有 2 份稿件待审核', to: ['lisi'] });
    expect(digest?.description).toBe('《停水通知二》、《停水通知三》');
    expect(await opens(digest!.url)).toContain('停水通知二');
    expect(receivedBy('李四').at(-1)?.items).toHaveLength(2);
  });

  it('sends every message at once with a window of 0', async () => {
    await start({ digestWindowMs: 0 });
    const titles = ['停水通知一', '停水通知二', '停水通知三'];
    for (const title of titles) await submit(draftTitled(title));
    await untilDeliveriesIdle(t);
    for (const name of REVIEWERS) {
      expect(receivedBy(name).map((m) => m.title)).toEqual(titles.map((title) => `待审签：${title}`));
    }
    expect(await digestJobs()).toEqual([]);
    // No digest bookkeeping at all: no window is opened.
    expect(await t.redis.keys(`${t.keys.prefix}notify:*digest*`)).toEqual([]);
  });

  it('sends a digest once when its job runs twice', async () => {
    await start();
    for (const title of ['停水通知一', '停水通知二', '停水通知三']) await submit(draftTitled(title));
    await untilDeliveriesIdle(t);
    const [job] = (await digestJobs()).filter((found) => found.data.person === reviewers.李四.id);
    expect(await t.notifications.sendDigest(job!.data)).toBe('sent');
    expect(await t.notifications.sendDigest(job!.data)).toBe('sent');
    await endWindows(); // and the job itself, a third time
    expect(receivedBy('李四').map((m) => m.title)).toEqual(['待审签：停水通知一', '您有 2 份稿件待审核']);
    expect(receivedBy('赵六')).toHaveLength(2);
  });

  it('retries a digest that failed transiently, with its drafts and links put together again', async () => {
    await start();
    for (const title of ['停水通知一', '停水通知二', '停水通知三']) await submit(draftTitled(title));
    await untilDeliveriesIdle(t);
    hook.failWith.push(503);
    await endWindows(); // one of the two digests fails once and goes to the retry queue, which delivers it
    const digests = hook.received.filter((message) => message.body.includes('您有 2 份稿件待审核'));
    expect(digests.map((message) => message.status).sort()).toEqual([204, 204, 503]);
    for (const name of REVIEWERS) {
      const digest = receivedBy(name).at(-1); // the retried one, for the reviewer whose digest failed first
      expect(digest?.items?.map((item) => item.title)).toEqual(['停水通知二', '停水通知三']);
      for (const item of digest?.items ?? []) expect(await opens(item.url)).toContain(item.title);
    }
  });

  it('loses nothing held when the worker restarts within the window', async () => {
    await start();
    for (const title of ['停水通知一', '停水通知二', '停水通知三']) await submit(draftTitled(title));
    await untilDeliveriesIdle(t);
    const first = t;
    await first.stopServices(); // the worker and its queues close
    await start({}, first); // another process on the same data: its worker takes over
    await endWindows();
    expectFirstThenDigestOf(['停水通知二', '停水通知三']);
  });

  it('keeps no held item in Redis: with two processes on one Redis, the digest reads its drafts from the index', async () => {
    await start();
    const first = t;
    await start({}, first); // a second process with its worker: both fan out, either runs a digest
    const titles = ['停水通知一', '停水通知二', '停水通知三', '停水通知四', '停水通知五'];
    const ids: string[] = [];
    for (const [index, title] of titles.entries()) {
      const app = index % 2 === 0 ? first.app : t.app;
      const created = await as(app, drafter).post('/api/drafts', draftTitled(title));
      expect(created.status).toBe(201);
      ids.push((created.body as { id: string }).id);
    }
    await untilDeliveriesIdle(first);
    await untilDeliveriesIdle(t);
    for (const name of REVIEWERS) {
      // The window names its opener, and no draft it holds.
      const window = await windowOf(name);
      const named = Object.entries(window).filter(([field, value]) => `${field} ${value}`.includes(ids[1]!));
      expect(named).toEqual([]);
      expect(window.opener).toContain(ids[0]);
    }
    await endWindows();
    for (const name of REVIEWERS) {
      expect(receivedBy(name).map((m) => m.title)).toEqual(['待审签：停水通知一', '您有 4 份稿件待审核']);
      expect(receivedBy(name)[1]?.items?.map((item) => item.draft)).toEqual(ids.slice(1));
    }
  });

  it('holds an item on another process’s word that the window is open, and its digest names it', async () => {
    await start();
    await submit(draftTitled('停水通知一'));
    const held = await submit(draftTitled('停水通知二')); // held: the windows' digest jobs are set
    await untilDeliveriesIdle(t);
    const other = await anotherProcess();
    // The other process learns the windows (open, job set) from Redis: the item is held there.
    await other.notifications.stageWaits(await committed(held));
    const before = await Promise.all(REVIEWERS.map(windowOf));
    // A draft the other process fans out itself is held on its cached word, with nothing written.
    const third = await submit(draftTitled('停水通知三'));
    await other.notifications.stageWaits(await committed(third));
    expect(await Promise.all(REVIEWERS.map(windowOf))).toEqual(before);
    await untilDeliveriesIdle(t);
    await endWindows();
    expectFirstThenDigestOf(['停水通知二', '停水通知三']);
  });

  it('opens no next window after a digest whose drafts were all decided: the next draft is sent at once', async () => {
    await start();
    await submit(draftTitled('停水通知一'));
    const decided = await submit(draftTitled('停水通知二'));
    await untilDeliveriesIdle(t);
    const approved = await as(t.app, reviewers.李四).post(`/api/drafts/${decided}/approve`, { version: 1 });
    expect(approved.status).toBe(200);
    await endWindows();
    expect(await digestJobs()).toEqual([]);
    await submit(draftTitled('停水通知三'));
    await untilDeliveriesIdle(t);
    for (const name of REVIEWERS)
      expect(receivedBy(name).map((m) => m.title)).toEqual(['待审签：停水通知一', '待审签：停水通知三']);
  });

  it('loses no draft held on a cached word when a digest job that finds nothing runs before its window ends', async () => {
    await start();
    await submit(draftTitled('停水通知一'));
    const decided = await submit(draftTitled('停水通知二')); // held: this process knows the windows open, jobs set
    await untilDeliveriesIdle(t);
    const approved = await as(t.app, reviewers.李四).post(`/api/drafts/${decided}/approve`, { version: 1 });
    expect(approved.status).toBe(200);
    // Another process runs the windows' digest jobs early (promoted by hand): nothing waits, nothing is sent.
    const other = await anotherProcess();
    for (const job of await digestJobs()) expect(await other.notifications.sendDigest(job.data)).toBe('moot');
    // This process holds the next draft on its cached word that the windows are open until their end.
    await submit(draftTitled('停水通知三'));
    await untilDeliveriesIdle(t);
    for (const name of REVIEWERS)
      expect(receivedBy(name).map((m) => m.title)).toEqual(['待审签：停水通知一']);
    await endWindows(); // their end: a digest names it
    for (const name of REVIEWERS) {
      expect(receivedBy(name).map((m) => m.title)).toEqual(['待审签：停水通知一', '您有 1 份稿件待审核']);
      expect(receivedBy(name)[1]?.items?.map((item) => item.title)).toEqual(['停水通知三']);
    }
  });

  it('names each draft once when a digest job runs before its window ends, and what comes after at the end', async () => {
    await start();
    await submit(draftTitled('停水通知一'));
    await submit(draftTitled('停水通知二'));
    await untilDeliveriesIdle(t);
    const other = await anotherProcess();
    for (const job of await digestJobs()) expect(await other.notifications.sendDigest(job.data)).toBe('sent');
    await untilDeliveriesIdle(other);
    await submit(draftTitled('停水通知三')); // held on this process's cached word, as above
    await untilDeliveriesIdle(t);
    await endWindows();
    for (const name of REVIEWERS) {
      const heard = receivedBy(name);
      expect(heard.map((m) => m.title)).toEqual([
        '待审签：停水通知一',
        '您有 1 份稿件待审核',
        '您有 1 份稿件待审核',
      ]);
      expect(heard.slice(1).map((m) => m.items?.map((item) => item.title))).toEqual([
        ['停水通知二'],
        ['停水通知三'],
      ]);
    }
  });

  it('takes the items a window written before the upgrade holds, even one that waits since before it opened', async () => {
    await start();
    await submit(draftTitled('停水通知一'));
    const held = await submit(draftTitled('停水通知二'));
    await untilDeliveriesIdle(t);
    // 李四's window as the version before `from` wrote it: its held items named in it (d:<draft>), and opened after
    // the held draft was committed (its opener was fanned out late).
    const key = t.keys.digestWindow('cc', `${reviewers.李四.id}.webhook`);
    const { opener, until: ends } = await windowOf('李四');
    const since = Number(await t.redis.zscore(t.keys.orgAwaiting('cc', 'reviewer'), held));
    const opened = since + 1;
    await t.redis.del(key);
    await t.redis.hset(key, {
      opened,
      until: ends,
      opener,
      job: opened,
      held: '1',
      [`d:${held}`]: '1.review',
    });
    t.advanceClock(WINDOW_MS);
    const due = { org: 'cc', person: reviewers.李四.id, channel: 'webhook' as const, window: opened };
    expect(await t.notifications.sendDigest(due)).toBe('sent');
    await untilDeliveriesIdle(t);
    expect(
      receivedBy('李四')
        .at(-1)
        ?.items?.map((item) => item.title),
    ).toEqual(['停水通知二']);
  });

  it('mentions a draft once when its fan-out runs again after the digest took it', async () => {
    await start();
    await submit(draftTitled('停水通知一'));
    const held = await submit(draftTitled('停水通知二'));
    await untilDeliveriesIdle(t);
    await endWindows();
    // The outbox job delivered again (a worker died after the digest): the draft waits since before the next window.
    await t.notifications.stageWaits(await committed(held));
    await untilDeliveriesIdle(t);
    await endWindows(); // the next window's digest
    for (const name of REVIEWERS)
      expect(receivedBy(name).map((m) => m.title)).toEqual(['待审签：停水通知一', '您有 1 份稿件待审核']);
  });
});
