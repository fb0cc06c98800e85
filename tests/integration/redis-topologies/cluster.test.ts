import calculateSlot from 'cluster-key-slot';
import { Cluster } from 'ioredis';
import { bullmqPrefix, PUBLISH_QUEUE_NAME } from '../../../src/adapters/queue/bullmq-publish-queue.js';
import { DELIVERY_QUEUE_NAME } from '../../../src/adapters/queue/bullmq-notification-queues.js';
import { scanKeys, type RedisClient } from '../../../src/adapters/redis/redis-client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAuditLog } from '../../../src/adapters/redis/redis-audit-log.js';
import { RedisDraftStore } from '../../../src/adapters/redis/redis-draft-store.js';
import { RedisKeys } from '../../../src/adapters/redis/redis-keys.js';
import type { AuditEvent } from '../../../src/domain/audit/audit-event.js';
import { verifyAuditChain } from '../../../src/services/audit-service.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { publishThroughQianfa } from '../../helpers/publish-through-qianfa.js';
import { as } from '../../helpers/review-app.js';
import { startRedisCluster, type RedisClusterNodes } from '../../helpers/redis-topology.js';
import { startWechatPublishingApp, WECHAT_ACCOUNT } from '../../helpers/wechat-publishing-app.js';

// Redis Cluster (issue 17 point 4): a real 3-master cluster, the key shapes that put each organisation's keys in
// one slot, and the whole service on it (QIANFA_REDIS_CLUSTER, through the composition `qianfa serve` uses).

const START = Date.parse('2026-12-01T00:00:00.000Z');
const event = (n: number, org: string): AuditEvent => ({
  action: 'created',
  org,
  draft: `d${n % 3}`,
  actor: 'p1',
  at: new Date(START + n * 60_000).toISOString(),
  details: { n },
});

let nodes: RedisClusterNodes;
let cluster: Cluster;

beforeAll(async () => {
  nodes = await startRedisCluster();
  cluster = new Cluster(nodes.startNodes);
  await cluster.ping();
}, 120_000);

afterAll(async () => {
  cluster?.disconnect();
  await nodes?.close();
}, 60_000);

/** The port of the master serving `key`'s slot (CLUSTER KEYSLOT, CLUSTER SLOTS). */
async function masterOf(key: string): Promise<number> {
  const slot = Number(await cluster.call('CLUSTER', 'KEYSLOT', key));
  const ranges = (await cluster.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
  const range = ranges.find(([from, to]) => slot >= from && slot <= to);
  return range![2][1];
}

/** Two organisations whose tagged keys are served by different masters. */
async function orgsOnTwoMasters(keys: RedisKeys, first = 'nantong'): Promise<[string, string]> {
  const firstMaster = await masterOf(keys.org(first));
  for (const candidate of ['chongchuan', 'haimen', 'rugao', 'qidong', 'rudong', 'haian', 'tongzhou']) {
    if ((await masterOf(keys.org(candidate))) !== firstMaster) return [first, candidate];
  }
  throw new Error('no second organisation on another master');
}

/**
 * BullMQ's keys (`{<prefix>bull:<queue>}:<queue>:…`) sit in their queue's own slot, the queues in different slots:
 * the publish queue, the notification queues and the repeating jobs' queues each hash apart.
 */
async function expectEachQueueInItsOwnSlot(redis: RedisClient, prefix: string, url: string): Promise<void> {
  const slotsByQueue = new Map<string, Set<number>>();
  for await (const found of scanKeys(redis, `{${prefix}bull:*`, 500)) {
    for (const key of found) {
      const queue = /^\{[^}]*\}:([^:]+):/.exec(key)![1]!;
      slotsByQueue.set(queue, (slotsByQueue.get(queue) ?? new Set()).add(calculateSlot(key)));
    }
  }
  expect([...slotsByQueue.keys()]).toEqual(expect.arrayContaining([PUBLISH_QUEUE_NAME, DELIVERY_QUEUE_NAME]));
  for (const [queue, slots] of slotsByQueue)
    expect([...slots]).toEqual([calculateSlot(bullmqPrefix(prefix, url, queue))]);
  const queueSlots = new Set([...slotsByQueue.values()].map((slots) => [...slots][0]));
  expect(queueSlots.size).toBeGreaterThan(1);
}

const DRAFT = {
  title: '集群部署下的通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:崇川发布'],
};
const SECOND_ACCOUNT = { appid: 'wx1123456789abcdef', secret: 'second-app-secret' };

describe('Redis Cluster (3 masters)', () => {
  it("appends and verifies two organisations' audit chains, their slots on different masters", async () => {
    const keys = new RedisKeys(`qianfa-test:${Date.now()}:`, { hashTags: true });
    const orgs = await orgsOnTwoMasters(keys);
    const log = new RedisAuditLog(cluster, keys);
    for (let n = 0; n < 6; n++) for (const org of orgs) await log.append(event(n, org));
    for (const org of orgs) {
      expect(await verifyAuditChain(log, org, 4)).toMatchObject({ ok: true, count: 6 });
      expect(await log.forDraft(org, 'd1')).toHaveLength(2);
    }
  });

  it('is refused with CROSSSLOT without the hash tags (why the cluster key shapes exist)', async () => {
    const keys = new RedisKeys(`qianfa-test:${Date.now()}:plain:`);
    const log = new RedisAuditLog(cluster, keys);
    await expect(log.append(event(0, 'nantong'))).rejects.toThrow(/CROSSSLOT/);
  });

  it('runs the whole service on it: two organisations on different masters submit, sign, publish once, audit verifies', async () => {
    const list = nodes.startNodes.map(({ host, port }) => `${host}:${port}`).join(',');
    const p = await startWechatPublishingApp({}, loadConfig({ QIANFA_REDIS_CLUSTER: list }).redisUrl);
    try {
      expect(p.t.redis).toBeInstanceOf(Cluster);
      const [, other] = await orgsOnTwoMasters(p.t.keys, 'cc');
      const admin = await p.t.person('海门管理员', ['admin'], { org: other });
      const people = {
        drafter: await p.t.person('赵六', ['drafter'], { org: other }),
        reviewer: await p.t.person('孙七', ['reviewer'], { org: other }),
        editor: await p.t.person('周八', ['editor'], { org: other }),
      };
      p.wechat.addAccount(SECOND_ACCOUNT);
      const account = { platform: 'wechat', name: '第二发布', ...SECOND_ACCOUNT };
      expect((await as(p.t.app, admin).post(`/api/orgs/${other}/accounts`, account)).status).toBe(201);

      const ids = [
        await publishThroughQianfa(p.t, p, DRAFT),
        await publishThroughQianfa(p.t, people, { ...DRAFT, targets: ['wechat:第二发布'] }),
      ];
      // Drafts of both organisations read at once (a pipeline per organisation: one would span two masters).
      const drafts = new RedisDraftStore(p.t.redis, p.t.keys);
      expect((await drafts.records(ids)).map((record) => record.review.org)).toEqual(['cc', other]);

      expect(p.wechat.publishedCount(WECHAT_ACCOUNT.appid)).toBe(1);
      expect(p.wechat.publishedCount(SECOND_ACCOUNT.appid)).toBe(1);
      for (const org of ['cc', other]) expect(await p.t.verifyAudit(org)).toMatchObject({ ok: true });
      await expectEachQueueInItsOwnSlot(p.t.redis, p.t.keys.prefix, p.t.redisUrl);
    } finally {
      await p.close();
    }
  }, 240_000);
});
