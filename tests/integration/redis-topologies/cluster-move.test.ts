import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scanKeys, type RedisClient } from '../../../src/adapters/redis/redis-client.js';
import { connectRedis } from '../../../src/adapters/redis/redis-connection.js';
import { RedisRefusalTallies } from '../../../src/adapters/redis/redis-refusal-tallies.js';
import { loadConfig } from '../../../src/config/load-config.js';
import {
  createRefusalSummaries,
  GATEWAY_AUDIT_ORG,
} from '../../../src/services/gateway/refusal-summaries.js';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { publishThroughQianfa } from '../../helpers/publish-through-qianfa.js';
import { startRedisCluster, type RedisClusterNodes } from '../../helpers/redis-topology.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { deleteKeys, randomKeys } from '../../helpers/redis-test-keys.js';
import { runQianfa } from '../../helpers/run-qianfa.js';
import { until } from '../../helpers/until.js';
import { untilOutboxDrained } from '../../helpers/queues-idle.js';
import { startReceiver } from '../../helpers/webhook-receiver.js';
import {
  BullmqDeliveryQueue,
  BullmqReviewTimers,
} from '../../../src/adapters/queue/bullmq-notification-queues.js';
import { addWechatAccount, WECHAT_ACCOUNT } from '../../helpers/wechat-publishing-app.js';

// Moving a single-node installation onto a Redis Cluster (issue 17 point 4): an installation built by the real
// services on the run's redis-server, `qianfa redis move-to-cluster` run as a process into a real 3-master
// cluster, then the services on the cluster carry on with its data.

let nodes: RedisClusterNodes;
let cluster: RedisClient;
let clusterList: string;

beforeAll(async () => {
  nodes = await startRedisCluster();
  clusterList = nodes.startNodes.map(({ host, port }) => `${host}:${port}`).join(',');
  cluster = await connectRedis(loadConfig({ QIANFA_REDIS_CLUSTER: clusterList }).redisUrl!);
}, 120_000);

afterAll(async () => {
  cluster?.disconnect();
  await nodes?.close();
}, 60_000);

const DRAFT = {
  title: '集群迁移前的通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:崇川发布'],
};

/** A general draft's reminder delay (its escalation comes as long again after the reminder). */
const REMINDED_AFTER_MS = 240 * 60_000;

const moveToCluster = (prefix: string) =>
  runQianfa(['redis', 'move-to-cluster', '--from', inject('redisUrl'), '--to', clusterList], prefix);

async function keysUnder(client: RedisClient, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const page of scanKeys(client, `${prefix}*`, 1000)) found.push(...page);
  return found;
}

interface Installation {
  people: { admin: Auth; drafter: Auth; reviewer: Auth; editor: Auth; hmDrafter: Auth };
  drafts: { published: string; awaiting: string; rejected: string; approved: string; hmAwaiting: string };
  gateway: { appid: string; secret: string };
  entries: Record<'cc' | 'hm', number>;
}

/** Two organisations with drafts in every state, a publication, an alert and a gateway credential; then stopped. */
async function buildInstallation(t: ReviewApp): Promise<Installation> {
  const admin = await t.person('管理员', ['admin']);
  const people = {
    admin,
    drafter: await t.person('张三', ['drafter']),
    reviewer: await t.person('李四', ['reviewer']),
    editor: await t.person('王五', ['editor']),
    hmDrafter: await t.person('赵六', ['drafter'], { org: 'hm' }),
  };
  await t.person('孙七', ['reviewer'], { org: 'hm' });
  await addWechatAccount(t, admin);
  const submit = async (by: Auth, title: string, targets = DRAFT.targets) => {
    const response = await as(t.app, by).post('/api/drafts', { ...DRAFT, title, targets });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as { id: string }).id;
  };
  const worker = await t.startWorker();
  const published = await publishThroughQianfa(t, people, DRAFT);
  const awaiting = await submit(people.drafter, '待审核的通知');
  const hmAwaiting = await submit(people.hmDrafter, '海门的通知', []);
  await untilOutboxDrained(t);
  await worker.close();
  // Their reminders are sent: the marks saying so are moved with the rest (their escalations come next).
  t.advanceClock(REMINDED_AFTER_MS);
  expect(await t.reminders.run()).toEqual({ reminded: 2, escalated: 0 });
  const rejected = await submit(people.drafter, '被退回的通知');
  const reject = { version: 1, comment: '活动时间有误' };
  expect((await as(t.app, people.reviewer).post(`/api/drafts/${rejected}/reject`, reject)).status).toBe(200);
  // Approved with no worker running: it waits in the approved set (and the outbox holds its notifications).
  const approved = await submit(people.drafter, '已签发待发布的通知');
  for (const decider of [people.reviewer, people.editor])
    expect((await as(t.app, decider).post(`/api/drafts/${approved}/approve`, { version: 1 })).status).toBe(
      200,
    );
  await t.alerts.raise({
    org: 'cc',
    kind: 'dead_link',
    message: '链接无法访问',
    at: new Date().toISOString(),
  });
  const gateway = await t.grantGateway('wechat:崇川发布', '张三');
  // Unauthenticated gateway calls counted in open windows: cc's (a wrong secret) and the gateway's own chain's.
  const refusals = createRefusalSummaries({
    tallies: new RedisRefusalTallies(t.redis, t.keys),
    now: () => new Date(),
    windowMs: loadConfig({}).security.authWindowSeconds * 1000,
  });
  const refused = {
    platform: 'wechat',
    endpoint: '/cgi-bin/token',
    address: '10.0.0.9',
    limitReached: false,
  };
  await refusals.count({ ...refused, chain: 'cc', reason: 'wrong_secret', appid: gateway.appid });
  await refusals.count({
    ...refused,
    chain: GATEWAY_AUDIT_ORG,
    reason: 'unknown_appid',
    appid: 'wx-unknown',
  });
  const entries = { cc: await chainLength(t, 'cc'), hm: await chainLength(t, 'hm') };
  await t.stopServices();
  return { people, drafts: { published, awaiting, rejected, approved, hmAwaiting }, gateway, entries };
}

async function chainLength(t: ReviewApp, org: string): Promise<number> {
  const verified = await t.verifyAudit(org);
  if (!verified.ok) throw new Error(`${org}'s chain does not verify`);
  return verified.count;
}

const statusOf = async (t: ReviewApp, by: Auth, id: string) => {
  const read = await as(t.app, by).get(`/api/drafts/${id}`);
  expect(read.status, JSON.stringify(read.body)).toBe(200);
  return read.body as { status: string; publications: { status: string }[] };
};

describe('qianfa redis move-to-cluster', () => {
  it('moves an installation onto a 3-master cluster, where the services carry on with its data', async () => {
    const wechat = await new FakeWechatServer({ accounts: [WECHAT_ACCOUNT] }).start();
    const source = await startReviewApp({ wechatApiBase: wechat.baseUrl });
    let target: ReviewApp | undefined;
    try {
      const before = await buildInstallation(source);
      const { prefix } = source.keys;
      const moved = await moveToCluster(prefix);
      expect(moved.stderr).toBe('');
      expect(moved.code).toBe(0);
      // Reminders have no job to move: only their marks, due set and cursor, one of each per organisation.
      expect(moved.stdout).toContain('提醒与催办无需迁移任务');
      expect(moved.stdout).toMatch(/reminderMarks\s+2\s+2\n/);
      // With the set of what is due next and the cursor over each organisation's awaiting index.
      expect(moved.stdout).toMatch(/reminderDue\s+2\s+2\n/);
      expect(moved.stdout).toMatch(/reminderCursor\s+2\s+2\n/);
      // Moved again after the target's qianfa keys were cleared (BullMQ's stay).
      await deleteKeys(cluster, source.keys);
      expect((await moveToCluster(prefix)).code).toBe(0);
      expect(moved.stdout).toContain('已迁移到 Redis Cluster');
      expect(moved.stdout).toMatch(
        new RegExp(`审计链在目标上校验通过：cc ${before.entries.cc} 条，hm ${before.entries.hm} 条`),
      );
      expect(moved.stdout).toMatch(/approvedDrafts\s+1\s+1\n/);
      expect(moved.stdout).toMatch(/gatewayRefusalWindows\s+1\s+2\n/); // one per chain
      expect(moved.stdout).toMatch(/draftOrg\s+0\s+5\n/); // the id → organisation keys OrgOfIds reads

      target = await startReviewApp(
        { wechatApiBase: wechat.baseUrl },
        {},
        {},
        undefined,
        {},
        clusterAddress(),
        {
          prefix: source.keys.prefix,
          secretKey: source.secretKey,
        },
      );
      expect(target.redis).toBeInstanceOf(Cluster);
      const { people, drafts } = before;
      // Read by id alone (found through the id → organisation keys), each in the state it had.
      expect((await statusOf(target, people.editor, drafts.published)).publications[0]?.status).toBe(
        'published',
      );
      expect((await statusOf(target, people.editor, drafts.awaiting)).status).toBe('in_review');
      expect((await statusOf(target, people.drafter, drafts.rejected)).status).toBe('rejected');
      expect((await statusOf(target, people.hmDrafter, drafts.hmAwaiting)).status).toBe('in_review');
      const mine = (await as(target.app, people.reviewer).get('/api/drafts?awaiting=me')).body as {
        drafts: { id: string }[];
      };
      expect(mine.drafts.map((draft) => draft.id)).toEqual([drafts.awaiting]);
      // The reminders sent on the single node are not sent again; their escalations come due as they would have.
      target.advanceClock(REMINDED_AFTER_MS);
      expect(await target.reminders.run()).toEqual({ reminded: 0, escalated: 0 });
      target.advanceClock(REMINDED_AFTER_MS);
      expect(await target.reminders.run()).toEqual({ reminded: 0, escalated: 2 });
      expect((await target.verifyAudit('cc')).ok).toBe(true);
      expect((await target.verifyAudit('hm')).ok).toBe(true);

      // The approved draft is published once by the Cluster's worker (re-queued from its organisation's set).
      const worker = await target.startWorker();
      await until('the approved draft to be published on the cluster', async () => {
        const read = await statusOf(target!, people.editor, drafts.approved);
        return read.publications[0]?.status === 'published';
      });
      expect(wechat.publishedCount(WECHAT_ACCOUNT.appid)).toBe(2);

      // A new submission and a decision on it; the gateway credential still opens.
      const submitted = await as(target.app, people.drafter).post('/api/drafts', {
        ...DRAFT,
        title: '迁移后的通知',
      });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      const id = (submitted.body as { id: string }).id;
      const approve = await as(target.app, people.reviewer).post(`/api/drafts/${id}/approve`, { version: 1 });
      expect(approve.status, JSON.stringify(approve.body)).toBe(200);
      const exchanged = await target.gatewayCredentials.exchange(before.gateway.appid, before.gateway.secret);
      expect(exchanged.ok).toBe(true);
      // The refusal windows, split per chain, are summarised into each chain on the cluster.
      const [ccRefusals] = await target.refusalSummariesOf('cc');
      expect(ccRefusals?.details).toMatchObject({ by_reason: { wrong_secret: 1 } });
      const [gatewayRefusals] = await target.refusalSummariesOf(GATEWAY_AUDIT_ORG);
      expect(gatewayRefusals?.details).toMatchObject({ by_reason: { unknown_appid: 1 } });
      const alerts = await as(target.app, people.admin).get('/api/alerts?org=cc');
      expect((alerts.body as { alerts: { kind: string }[] }).alerts.map((alert) => alert.kind)).toContain(
        'dead_link',
      );
      await worker.close();
      expect(await target.verifyAudit('cc')).toMatchObject({ ok: true, count: expect.any(Number) as number });
      expect(wechat.publishedCount(WECHAT_ACCOUNT.appid)).toBe(2);

      // Into a cluster that already holds the installation: refused, nothing written.
      const again = await moveToCluster(source.keys.prefix);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^qianfa: 目标集群中已有 qianfa 的数据/);
    } finally {
      await target?.close();
      await source.close();
      await wechat.close();
    }
  }, 240_000);

  it('sets the pending digest jobs again on the cluster, whose digest names what its window held', async () => {
    const hook = await startReceiver();
    const digests = { webhookAllowHosts: ['127.0.0.1'], digestWindowMs: 60_000 };
    const source = await startReviewApp({}, digests);
    const { prefix } = source.keys;
    let target: ReviewApp | undefined;
    try {
      const drafter = await drafterAndWebhookReviewer(source, hook.url);
      const worker = await source.startWorker();
      for (const title of ['停水通知一', '停水通知二', '停水通知三']) {
        const draft = { title, body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
        expect((await as(source.app, drafter).post('/api/drafts', draft)).status).toBe(201);
      }
      await untilOutboxDrained(source);
      await worker.close();
      await source.stopServices();
      const [pending, ...more] = await pendingDigests(inject('redisUrl'), prefix);
      expect(more).toEqual([]); // the reviewer's webhook window holds the second and third

      const startedAt = Date.now();
      const moved = await moveToCluster(prefix);
      const endedAt = Date.now();
      expect([moved.code, moved.stderr]).toEqual([0, '']);
      expect(moved.stdout).toContain('待发送的摘要已在集群上按原定时间重新排定（1 个）');
      const [onCluster, ...others] = await pendingDigests(clusterAddress(), prefix);
      expect(others).toEqual([]);
      expect(onCluster?.due).toEqual(pending!.due);
      expect(onCluster!.dueAt).toBeGreaterThanOrEqual(pending!.dueAt);
      expect(onCluster!.dueAt).toBeLessThanOrEqual(pending!.dueAt + (endedAt - startedAt));

      const stored = { prefix, secretKey: source.secretKey };
      target = await startReviewApp({}, digests, {}, undefined, {}, clusterAddress(), stored);
      expect(await target.notifications.sendDigest(onCluster!.due)).toBe('sent');
      await until('the digest on the cluster', () =>
        hook.received.some((message) => message.body.includes('您有 2 份稿件待审核')),
      );
    } finally {
      await target?.close();
      await source.close();
      hook.server.close();
    }
  }, 120_000);

  it('sets the deliveries waiting for a retry again on the cluster, each due when it was with its attempts left', async () => {
    const hook = await startReceiver();
    hook.failWith.push(...Array<number>(50).fill(503)); // the reviewer's webhook is down
    const source = await startReviewApp({}, { webhookAllowHosts: ['127.0.0.1'] });
    const { prefix } = source.keys;
    let target: ReviewApp | undefined;
    try {
      const drafter = await drafterAndWebhookReviewer(source, hook.url);
      const worker = await source.startWorker();
      const draft = { title: '停水通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
      expect((await as(source.app, drafter).post('/api/drafts', draft)).status).toBe(201);
      // The fan-out's attempt failed, then the queue's first retry: the delivery waits for its next attempt.
      await until('a retry of the delivery to have failed', async () =>
        (await pendingRetries(inject('redisUrl'), prefix)).some(({ job }) => job.attemptsMade >= 1),
      );
      await worker.close();
      await source.stopServices();
      // Due later, as a later attempt's backoff would make it (so the move's own time does not reach it).
      await withDeliveries(inject('redisUrl'), prefix, async (deliveries) => {
        const [waiting] = await deliveries.pendingRetries();
        await waiting!.job.changeDelay(10 * 60_000);
      });
      const [pending, ...more] = await pendingRetries(inject('redisUrl'), prefix);
      expect(more).toEqual([]);
      const { job } = pending!;
      const attemptsLeft = job.opts.attempts! - job.attemptsMade;
      expect(job.attemptsMade).toBeGreaterThanOrEqual(1);

      const startedAt = Date.now();
      const moved = await moveToCluster(prefix);
      const endedAt = Date.now();
      expect([moved.code, moved.stderr]).toEqual([0, '']);
      const expectCarriedOver = async () => {
        const [onCluster, ...others] = await pendingRetries(clusterAddress(), prefix);
        expect(others).toEqual([]);
        expect([onCluster!.job.id, onCluster!.job.data]).toEqual([job.id, job.data]);
        expect(onCluster!.dueAt).toBeGreaterThanOrEqual(pending!.dueAt);
        expect(onCluster!.dueAt).toBeLessThanOrEqual(pending!.dueAt + (endedAt - startedAt));
        expect(onCluster!.job.opts.attempts! - onCluster!.job.attemptsMade).toBe(attemptsLeft);
        // Its backoff goes on from where it was: the next wait is what the source's next would have been.
        expect(onCluster!.job.opts.backoff).toMatchObject({
          type: 'exponential',
          delay: 1000 * 2 ** job.attemptsMade,
        });
        return onCluster!.job.id!;
      };
      await expectCarriedOver();
      expect(moved.stdout).toContain('待重试的通知投递已在集群上按原定时间与剩余次数重新排定（1 个）');
      // Moved again (the target's qianfa keys cleared, BullMQ's stay): the delivery is not added twice.
      await deleteKeys(cluster, source.keys);
      expect((await moveToCluster(prefix)).code).toBe(0);
      const carried = await expectCarriedOver();

      // The cluster's worker makes the attempt when it comes due (now, promoted): the webhook is up again.
      hook.failWith.length = 0;
      const stored = { prefix, secretKey: source.secretKey };
      target = await startReviewApp(
        {},
        { webhookAllowHosts: ['127.0.0.1'] },
        {},
        undefined,
        {},
        clusterAddress(),
        stored,
      );
      await target.startWorker();
      await withDeliveries(clusterAddress(), prefix, async ({ queue }) =>
        (await queue.getJob(carried))!.promote(),
      );
      await until('the delivery sent from the cluster', () =>
        hook.received.some(({ body, status }) => status === 204 && body.includes('待审签：停水通知')),
      );
    } finally {
      await target?.close();
      await source.close();
      hook.server.close();
    }
  }, 120_000);

  it('fails on a key it does not know, one whose organisation is gone, or a member it cannot read, writing nothing', async () => {
    const keys = randomKeys();
    const redis = await connectRedis(inject('redisUrl'));
    try {
      await redis.sadd(keys.orgs(), 'cc');
      await redis.hset(keys.org('cc'), 'slug', 'cc', 'name', '崇川区');
      await redis.set(`${keys.prefix}mystery:1`, 'x');
      const moved = await moveToCluster(keys.prefix);
      expect(moved.code).toBe(1);
      expect(moved.stderr).toContain(`qianfa 不认识的键“${keys.prefix}mystery:1”`);
      expect(await keysUnder(cluster, keys.prefix)).toEqual([]);

      // A key named by an id whose record is gone: its organisation is unknown, so it cannot be placed.
      await redis.del(`${keys.prefix}mystery:1`);
      await redis.sadd(keys.personTokens('', 'ghost'), keys.token('', 'h1'));
      const orphan = await moveToCluster(keys.prefix);
      expect(orphan.code).toBe(1);
      expect(orphan.stderr).toContain(`找不到“${keys.personTokens('', 'ghost')}”所属的单位`);
      expect(await keysUnder(cluster, keys.prefix)).toEqual([]);

      // A dead letter damaged by hand: its record is not JSON, so whose outbox it belongs in cannot be told.
      await redis.del(keys.personTokens('', 'ghost'));
      const deadLetters = keys.notificationDeadLetters('');
      const entry = (await redis.xadd(deadLetters, '*', 'kinds', 'stage_waits', 'record', '{"review":'))!;
      const damaged = await moveToCluster(keys.prefix);
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toContain(`“${deadLetters}”中有无法读取的条目“${entry}”`);
      expect(damaged.stderr.trim().split('\n')).toHaveLength(1);
      expect(await keysUnder(cluster, keys.prefix)).toEqual([]);
    } finally {
      await deleteKeys(redis, keys);
      await redis.quit();
    }
  }, 60_000);

  it('says what is wrong with its command line (exit 2) or an empty source (exit 1) on one line', async () => {
    const { prefix } = randomKeys();
    const noTarget = await runQianfa(['redis', 'move-to-cluster', '--from', inject('redisUrl')], prefix);
    expect([noTarget.code, noTarget.stderr]).toEqual([
      2,
      expect.stringMatching(/^qianfa: 缺少 --to。用法：[^\n]*\n$/),
    ]);
    const fromCluster = await runQianfa(
      ['redis', 'move-to-cluster', '--from', clusterAddress(), '--to', clusterList],
      prefix,
    );
    const nothing = await moveToCluster(prefix);
    expect([nothing.code, nothing.stderr]).toEqual([
      1,
      expect.stringContaining(`没有前缀为“${prefix}”的 qianfa 数据`),
    ]);
    expect([fromCluster.code, fromCluster.stderr]).toEqual([
      2,
      expect.stringContaining('--from 应为单节点 Redis'),
    ]);
  }, 60_000);
});

/** A drafter (returned), and a reviewer whose channel is a webhook to `url`. */
async function drafterAndWebhookReviewer(app: ReviewApp, url: string): Promise<Auth> {
  const drafter = await app.person('张三', ['drafter']);
  const reviewer = await app.person('李四', ['reviewer']);
  const webhook = { url, secret: 'secret-lisi-0123456789' };
  expect((await as(app.app, reviewer).put('/api/me/channels', { webhook })).status).toBe(200);
  return drafter;
}

/** The digest jobs pending in BullMQ under `prefix` on the Redis at `url`. */
async function pendingDigests(url: string, prefix: string) {
  const timers = new BullmqReviewTimers({ redisUrl: url, redisPrefix: prefix });
  try {
    return await timers.pendingDigests();
  } finally {
    await timers.close();
  }
}

/** The delivery queue under `prefix` on the Redis at `url`, opened for `use` and closed after. */
async function withDeliveries<T>(
  url: string,
  prefix: string,
  use: (queue: BullmqDeliveryQueue) => Promise<T>,
) {
  const deliveries = new BullmqDeliveryQueue({ redisUrl: url, redisPrefix: prefix });
  try {
    return await use(deliveries);
  } finally {
    await deliveries.close();
  }
}

/** The deliveries waiting for a retry in BullMQ under `prefix` on the Redis at `url`. */
const pendingRetries = (url: string, prefix: string) =>
  withDeliveries(url, prefix, (deliveries) => deliveries.pendingRetries());

function clusterAddress(): string {
  return loadConfig({ QIANFA_REDIS_CLUSTER: clusterList }).redisUrl!;
}
