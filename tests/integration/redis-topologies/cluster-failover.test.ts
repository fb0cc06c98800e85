import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import {
  bullmqConnection,
  bullmqPrefix,
  endBullmqConnection,
  PUBLISH_QUEUE_NAME,
} from '../../../src/adapters/queue/bullmq-publish-queue.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { hostPortText } from '../../../src/config/redis-address.js';
import { untilPublishingIdle } from '../../helpers/queues-idle.js';
import { as, type Auth } from '../../helpers/review-app.js';
import { startRedisCluster, type RedisClusterNodes } from '../../helpers/redis-topology.js';
import { until } from '../../helpers/until.js';
import { approveThroughFailover, untilAllPublished } from '../../helpers/failover-under-load.js';
import { startWechatPublishingApp, type WechatPublishingApp } from '../../helpers/wechat-publishing-app.js';

// Redis Cluster with replicas (issue 17 point 4): three masters and a replica of each, on free loopback ports.
// Every commit waits for the replicas (WAIT 1 on each master's connection), so a decision the service
// acknowledged survives the death of its organisation's master; the worker re-queues the approved drafts after
// the failover (the organisation is put on the master that also holds BullMQ's queues, so both go at once).

/** How long a master is silent before its replica takes over: low, so the test waits little. */
const NODE_TIMEOUT_MS = 1000;
/** Drafts whose final approval is in flight when the master is killed. */
const UNDER_LOAD = 16;
/** Approvals sent at once. */
const LANES = 4;
/** Acknowledged approvals before the master is killed. */
const KILL_AFTER = 5;
const ACCOUNT = { appid: 'wx2123456789abcdef', secret: 'cluster-failover-secret' };
const DRAFT = {
  title: '集群故障切换下的通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:集群发布'],
};

let cluster: RedisClusterNodes;
let p: WechatPublishingApp;
/** The organisation whose slot is on the master holding BullMQ's queues, and its people. */
let org: string;
let drafter: Auth;
let reviewer: Auth;
let editor: Auth;

beforeAll(async () => {
  cluster = await startRedisCluster({ replicasEach: 1, nodeTimeoutMs: NODE_TIMEOUT_MS });
  const address = loadConfig({
    QIANFA_REDIS_CLUSTER: cluster.startNodes.map(hostPortText).join(','),
    // Generous on a loaded machine; the paused-replica test waits this long once.
    QIANFA_REDIS_WAIT_MS: '3000',
  }).redisUrl!;
  p = await startWechatPublishingApp({}, address);
  org = await orgOnQueuesMaster();
  const admin = await p.t.person('集群管理员', ['admin'], { org });
  drafter = await p.t.person('赵六', ['drafter'], { org });
  reviewer = await p.t.person('孙七', ['reviewer'], { org });
  editor = await p.t.person('周八', ['editor'], { org });
  p.wechat.addAccount(ACCOUNT);
  const account = { platform: 'wechat', name: '集群发布', ...ACCOUNT };
  expect((await as(p.t.app, admin).post(`/api/orgs/${org}/accounts`, account)).status).toBe(201);
}, 180_000);

afterAll(async () => {
  await p?.close().catch(() => undefined);
  await cluster?.close();
}, 60_000);

/** An organisation whose keys' slot is served by the master that serves the publish queue (its own hash tag). */
async function orgOnQueuesMaster(): Promise<string> {
  const queues = await cluster.servingOf(bullmqPrefix(p.t.keys.prefix, p.t.redisUrl, PUBLISH_QUEUE_NAME));
  for (const candidate of ['haimen', 'rugao', 'qidong', 'rudong', 'haian', 'tongzhou', 'gangzha', 'xuzhou']) {
    if ((await cluster.servingOf(p.t.keys.org(candidate))).master === queues.master) return candidate;
  }
  throw new Error("no organisation on the queues' master");
}

const approve = (id: string, by: Auth) => as(p.t.app, by).post(`/api/drafts/${id}/approve`, { version: 1 });

async function submitted(title: string): Promise<string> {
  const answer = await as(p.t.app, drafter).post('/api/drafts', { ...DRAFT, title });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return (answer.body as { id: string }).id;
}

/** The port of the master serving the organisation's keys. */
const orgMaster = async (): Promise<number> => (await cluster.servingOf(p.t.keys.org(org))).master;

/**
 * Once the organisation's master (`master`) is SIGKILLed: waits until the cluster has promoted its replica, then
 * starts the dead node again (its machine back): it rejoins as the new master's replica, so WAIT 1 can be met
 * there again. Until then no commit on that master is confirmed.
 */
async function recoverOrgMaster(master: number): Promise<void> {
  await until('the replica to be promoted', async () => (await orgMaster()) !== master, 60_000);
  await cluster.node(master).restart();
}

/** SIGKILLs the organisation's master and brings the cluster back to a master and a replica for it. */
async function failOver(): Promise<void> {
  const master = await orgMaster();
  await cluster.node(master).kill();
  await recoverOrgMaster(master);
}

describe('Redis Cluster with replicas (3 masters, 3 replicas)', () => {
  it("answers 503 replication_unconfirmed, not success, when the replica of the organisation's master does not acknowledge", async () => {
    const id = await submitted('副本暂停时的审核');
    const { replicas } = await cluster.servingOf(p.t.keys.org(org));
    const replica = cluster.node(replicas[0]!);
    await replica.pause();
    try {
      const answer = await approve(id, reviewer);
      expect(answer.status).toBe(503);
      expect((answer.body as { error: { code: string } }).error.code).toBe('replication_unconfirmed');
    } finally {
      await replica.resume();
    }
  });

  it("keeps every acknowledged decision and publishes nothing twice when the organisation's master is SIGKILLed under load", async () => {
    await cluster.untilFailoverPossible();
    const ids: string[] = [];
    for (let i = 0; i < UNDER_LOAD; i++) {
      const id = await submitted(`集群切换通知第${i + 1}篇`);
      expect((await approve(id, reviewer)).status).toBe(200);
      ids.push(id);
    }
    const master = await orgMaster();
    // No status is asserted for the approvals sent after the kill: ioredis's Cluster client may retry a command for
    // the dead master's slot past the promotion, so one can rightly be answered 200 once the new master has a replica.
    const { acknowledged } = await approveThroughFailover({
      ids,
      approve: (id) => approve(id, editor),
      lanes: LANES,
      killAfter: KILL_AFTER,
      kill: () => cluster.node(master).kill(),
      recover: () => recoverOrgMaster(master),
    });

    for (const id of acknowledged) {
      const read = await as(p.t.app, editor).get(`/api/drafts/${id}`);
      const stages = (read.body as { stages: { decided_by: unknown }[] }).stages;
      expect(stages.at(-1)?.decided_by, `${id}'s acknowledged 审签`).not.toBeNull();
    }
    await untilAllPublished(ids, (id) => as(p.t.app, editor).get(`/api/drafts/${id}`));
    await untilPublishingIdle(p.t);
    const titles = p.wechat.publishedArticles(ACCOUNT.appid).map((article) => article.items[0]?.title ?? '');
    const underLoad = titles.filter((title) => title.startsWith('集群切换通知'));
    expect(new Set(underLoad).size).toBe(underLoad.length); // nothing published twice
    expect(underLoad).toHaveLength(UNDER_LOAD);
    expect((await p.t.verifyAudit(org)).ok).toBe(true);
  }, 300_000);

  it('re-queues the approved drafts after a failover of the master holding the queues, their jobs gone with it', async () => {
    await cluster.untilFailoverPossible();
    const connection = bullmqConnection(p.t.redisUrl);
    const prefix = bullmqPrefix(p.t.keys.prefix, p.t.redisUrl, PUBLISH_QUEUE_NAME);
    const queue = new Queue(PUBLISH_QUEUE_NAME, { connection, prefix });
    try {
      await queue.pause();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = await submitted(`作业丢失通知第${i + 1}篇`);
        expect((await approve(id, reviewer)).status).toBe(200);
        expect((await approve(id, editor)).status).toBe(200);
        ids.push(id);
      }
      await until('the publish jobs to be queued', async () => (await queue.getWaitingCount()) === 3);
      // What a master that dies before its replica copied the jobs leaves: approved drafts, no jobs.
      await queue.drain();
      expect(await queue.getWaitingCount()).toBe(0);
      await failOver();
      await queue.resume();
      await untilAllPublished(ids, (id) => as(p.t.app, editor).get(`/api/drafts/${id}`), 60_000);
      const titles = p.wechat
        .publishedArticles(ACCOUNT.appid)
        .map((article) => article.items[0]?.title ?? '');
      expect(titles.filter((title) => title.startsWith('作业丢失通知'))).toHaveLength(3);
    } finally {
      await queue.close();
      endBullmqConnection(connection);
    }
  }, 180_000);
});
