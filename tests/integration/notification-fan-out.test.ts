import { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  verifyWebhookSignature,
  WebhookNotifier,
} from '../../src/adapters/notifications/webhook/webhook-notifier.js';
import {
  bullmqConnection,
  bullmqPrefix,
  endBullmqConnection,
  type BullmqConnection,
} from '../../src/adapters/queue/bullmq-publish-queue.js';
import {
  BullmqDeliveryQueue,
  DELIVERY_QUEUE_NAME,
} from '../../src/adapters/queue/bullmq-notification-queues.js';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { RedisDeliveryMarks } from '../../src/adapters/redis/redis-delivery-marks.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { createDeliveryDispatch, DeliveriesInFlight } from '../../src/services/delivery-dispatch.js';
import { NO_METRICS } from '../../src/services/ports/metrics.js';
import type { DeliveryMarks, ReadyDelivery } from '../../src/services/ports/notifications.js';
import { untilDeliveriesIdle } from '../helpers/queues-idle.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const ORG = 'cc';
const SECRET = 'secret-0123456789';
const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };

describe.each([false, true])('a fan-out run again (hashTags %s)', (hashTags) => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let retries: BullmqDeliveryQueue;
  const givenUp: string[] = [];

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys({ hashTags });
    hook = await startReceiver();
    retries = new BullmqDeliveryQueue({ redisUrl: inject('redisUrl'), redisPrefix: keys.prefix });
    givenUp.length = 0;
  });

  afterEach(async () => {
    await retries.close();
    await deleteKeys(redis, keys);
    await redis.quit();
    hook.server.close();
  });

  /** Three people's webhooks, as the notification service puts a fan-out together. */
  const batch = (): ReadyDelivery[] =>
    ['p1', 'p2', 'p3'].map((person) => ({
      delivery: {
        key: `d1.1.review.awaiting.${person}.webhook`,
        person,
        channel: 'webhook',
        draft: 'd1',
        link: 'review',
        message: { title: '待审签：停水通知', description: '请审签' },
      },
      outgoing: {
        address: { channel: 'webhook', url: hook.url, secret: SECRET },
        message: {
          title: '待审签：停水通知',
          description: '请审签',
          url: `http://qianfa.test/m/review/${person}`,
        },
      },
    }));

  const dispatchWith = (marks: DeliveryMarks) =>
    createDeliveryDispatch({
      marks,
      senders: [new WebhookNotifier({ timeoutMs: 5_000, allowHosts: ['127.0.0.1'] })],
      retries,
      givenUp: (delivery) => Promise.resolve(void givenUp.push(delivery.person)),
      metrics: NO_METRICS,
      concurrency: 2,
    });
  const urlsReceived = () =>
    hook.received.map((message) => (JSON.parse(message.body) as { url: string }).url).sort();

  it('sends each delivery once when it runs twice', async () => {
    const dispatch = dispatchWith(new RedisDeliveryMarks(redis, keys));
    await dispatch.dispatch(ORG, batch());
    await dispatch.dispatch(ORG, batch());
    expect(urlsReceived()).toEqual(['p1', 'p2', 'p3'].map((p) => `http://qianfa.test/m/review/${p}`));
    expect(givenUp).toEqual([]);
  });

  it('sends again what a worker sent but died before marking done (at least once), once its lease ran out', async () => {
    const marks = new RedisDeliveryMarks(redis, keys);
    // The worker sends, then dies before it can mark the batch done.
    const dying: DeliveryMarks = {
      claim: (org, deliveries) => marks.claim(org, deliveries),
      done: () => Promise.reject(new Error('the worker died')),
    };
    await expect(dispatchWith(dying).dispatch(ORG, batch())).rejects.toThrow('the worker died');
    expect(hook.received).toHaveLength(3);

    // Its job comes back while the leases still hold: nothing is sent twice at once, and the job is not dropped.
    const dispatch = dispatchWith(marks);
    await expect(dispatch.dispatch(ORG, batch())).rejects.toBeInstanceOf(DeliveriesInFlight);
    expect(hook.received).toHaveLength(3);

    // The leases run out (as they do SENDING_LEASE_MS after the claim): the next run sends each again.
    const leases = batch().map(({ delivery }) => keys.deliveryMark(ORG, delivery.key));
    for (const lease of leases) await redis.pexpire(lease, 1);
    await until('the leases to run out', async () => (await redis.exists(...leases)) === 0);
    await dispatch.dispatch(ORG, batch());
    await dispatch.dispatch(ORG, batch());
    expect(urlsReceived()).toEqual(
      ['p1', 'p1', 'p2', 'p2', 'p3', 'p3'].map((p) => `http://qianfa.test/m/review/${p}`),
    );
  });
});

describe('the fan-out in the app', () => {
  let t: ReviewApp;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let queue: Queue;
  let connection: BullmqConnection;
  let reviewer: Auth;

  beforeEach(async () => {
    hook = await startReceiver();
    t = await startReviewApp({}, { webhookAllowHosts: ['127.0.0.1'] });
    await t.person('管理员', ['admin']);
    reviewer = await t.person('李四', ['reviewer']);
    await as(t.app, reviewer).put('/api/me/channels', { webhook: { url: hook.url, secret: SECRET } });
    connection = bullmqConnection(t.redisUrl);
    queue = new Queue(DELIVERY_QUEUE_NAME, {
      connection,
      prefix: bullmqPrefix(t.keys.prefix, t.redisUrl, DELIVERY_QUEUE_NAME),
    });
    await t.startWorker();
  });

  afterEach(async () => {
    await queue.close();
    endBullmqConnection(connection);
    await t.close();
    hook.server.close();
  });

  const submit = async () => {
    const drafter = await t.person('张三', ['drafter']);
    expect((await as(t.app, drafter).post('/api/drafts', DRAFT)).status).toBe(201);
  };

  it('is retried through the delivery queue when it failed transiently, and then delivered', async () => {
    hook.failWith.push(503);
    await submit();
    await until('the retry delivered', () => hook.received.find((message) => message.status === 204));
    await untilDeliveriesIdle(t);
    expect(hook.received.map((message) => message.status)).toEqual([503, 204]);
    const [retried] = await queue.getJobs(['completed']);
    expect(retried?.attemptsMade).toBe(1); // the fan-out's attempt failed; the queue's first one went out
    expect(retried?.data).toMatchObject({ channel: 'webhook', link: 'review' });
    expect(await t.alerts.list(ORG, 10)).toEqual([]);
  });

  it('tells a stand-in of their leader’s stage, and not another person of the stand-in’s role', async () => {
    const secrets = { 钱七: 'secret-qianqi-0123456789', 赵六: 'secret-zhaoliu-0123456789' };
    const leader = await t.person('王五', ['editor']);
    for (const name of ['钱七', '赵六'] as const) {
      const other = await t.person(name, ['reviewer']);
      await as(t.app, other).put('/api/me/channels', { webhook: { url: hook.url, secret: secrets[name] } });
    }
    const until24h = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const named = await as(t.app, leader).post('/api/me/delegations', { stand_in: '钱七', until: until24h });
    expect(named.status).toBe(201);
    const drafter = await t.person('张三', ['drafter']);
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    await untilDeliveriesIdle(t);
    expect(hook.received).toHaveLength(3); // the review stage: every reviewer
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    await untilDeliveriesIdle(t);
    const editorStage = hook.received.slice(3);
    const heard = Object.entries(secrets)
      .filter(([, secret]) =>
        editorStage.some((message) => verifyWebhookSignature(message.body, message.signature, secret)),
      )
      .map(([name]) => name);
    expect(heard).toEqual(['钱七']);
    expect(editorStage).toHaveLength(1);
  });

  it('is given up when it failed for good: the admins are told, nothing is queued', async () => {
    hook.failWith.push(410);
    await submit();
    const alert = await until('the alert', async () => (await t.alerts.list(ORG, 10))[0]);
    expect(alert).toMatchObject({ org: ORG, kind: 'notification_failed' });
    expect(alert.message).toContain('webhook');
    await untilDeliveriesIdle(t);
    expect(hook.received.map((message) => message.status)).toEqual([410]);
    expect(await queue.getJobCounts('completed', 'failed', 'delayed', 'waiting')).toEqual({
      completed: 0,
      failed: 0,
      delayed: 0,
      waiting: 0,
    });
  });
});
