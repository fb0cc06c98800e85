import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { backupCommand, restoreCommand } from '../../../src/cli/commands/backup-command.js';
import { connectRedis, currentPrimaryUrl } from '../../../src/adapters/redis/redis-connection.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { publishThroughQianfa } from '../../helpers/publish-through-qianfa.js';
import { deleteKeys } from '../../helpers/redis-test-keys.js';
import { publishJobRuns, untilPublishingIdle } from '../../helpers/queues-idle.js';
import { publicationJobId } from '../../../src/domain/publishing/publication.js';
import { as, type Auth } from '../../helpers/review-app.js';
import { SENTINEL_PRIMARY_NAME, startSentinelSet, type SentinelSet } from '../../helpers/redis-topology.js';
import { until } from '../../helpers/until.js';
import { approveThroughFailover, untilAllPublished } from '../../helpers/failover-under-load.js';
import {
  startWechatPublishingApp,
  WECHAT_ACCOUNT,
  type WechatPublishingApp,
} from '../../helpers/wechat-publishing-app.js';

// Redis Sentinel (issue 17 point 4): a real primary, one replica and three sentinels on free loopback ports.
// The service finds the primary through the sentinels; every commit waits for the replica (WAIT 1), so a
// decision it acknowledged survives the primary's death.

const TARGET = 'wechat:崇川发布';
const DRAFT = {
  title: '哨兵部署下的通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: [TARGET],
};
/** Drafts whose final approval is in flight when the primary is killed. */
const UNDER_LOAD = 24;
/** Approvals sent at once. */
const LANES = 4;
/** Acknowledged approvals before the primary is killed. */
const KILL_AFTER = 6;
/**
 * Attempts per publish job: few, so a failure of Redis counted as one (the failover's, a paused replica's) would
 * fail the job and leave its draft approved for good.
 */
const ATTEMPTS = 2;

let set: SentinelSet;
let p: WechatPublishingApp;
let sentinelEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  set = await startSentinelSet();
  sentinelEnv = {
    QIANFA_REDIS_SENTINELS: set.sentinelList,
    QIANFA_REDIS_SENTINEL_NAME: SENTINEL_PRIMARY_NAME,
  };
  const address = loadConfig({
    ...sentinelEnv,
    // Generous on a loaded machine; the paused-replica test waits this long once per call.
    QIANFA_REDIS_WAIT_MS: '3000',
  }).redisUrl!;
  p = await startWechatPublishingApp({ attempts: ATTEMPTS }, address);
}, 180_000);

afterAll(async () => {
  await p?.close().catch(() => undefined);
  await set?.close();
}, 60_000);

const approve = (id: string, by: Auth) => as(p.t.app, by).post(`/api/drafts/${id}/approve`, { version: 1 });

async function submitted(title: string): Promise<string> {
  const answer = await as(p.t.app, p.drafter).post('/api/drafts', { ...DRAFT, title });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return (answer.body as { id: string }).id;
}

/**
 * Once the primary is SIGKILLed: waits until the sentinels have promoted the replica, then starts the dead node
 * again (its machine back): the sentinels make it the new primary's replica, so WAIT 1 can be met again. Until
 * then every commit is refused with 503 (no primary, then no replica to acknowledge it). Resolves to the port
 * promoted.
 *
 * The sentinels may later fail back to the old node (on a loaded machine the new primary, busy syncing it, can miss
 * the 1 s down-after); that is a second, legitimate failover, so the test asserts the promotion seen here.
 */
async function recoverPrimary(oldPrimary: number): Promise<number> {
  let promoted = oldPrimary;
  await until(
    'the sentinels to promote the replica',
    async () => (promoted = await set.primaryPort()) !== oldPrimary,
    120_000,
  );
  await set.primary.restart();
  return promoted;
}

describe('Redis Sentinel', () => {
  it('runs the whole review on the primary the sentinels name: submit, sign, publish once, audit verifies', async () => {
    const id = await publishThroughQianfa(p.t, p, DRAFT);
    expect(p.wechat.publishedCount(WECHAT_ACCOUNT.appid)).toBe(1);
    expect((await p.t.verifyAudit()).ok).toBe(true);
    // An acknowledged commit is on the replica already: WAIT returned only once the replica had it.
    const replica = new Redis({ port: set.replica.port, host: '127.0.0.1', lazyConnect: true });
    try {
      expect(await replica.hget(p.t.keys.draft('cc', id), 'record')).toContain('"published"');
    } finally {
      replica.disconnect();
    }
  });

  it('answers 503 replication_unconfirmed, not success, when no replica acknowledges a decision', async () => {
    const id = await submitted('副本暂停时的审核');
    await set.replica.pause();
    try {
      const answer = await approve(id, p.reviewer);
      expect(answer.status).toBe(503);
      expect((answer.body as { error: { code: string } }).error.code).toBe('replication_unconfirmed');
    } finally {
      await set.replica.resume();
    }
  });

  it('spends no publish attempt while no replica confirms its writes, and publishes once when one does', async () => {
    const id = await submitted('副本暂停时的发布');
    expect((await approve(id, p.reviewer)).status).toBe(200);
    const job = publicationJobId({ draft: id, version: 1, target: TARGET });
    const published = p.wechat.publishedCount(WECHAT_ACCOUNT.appid);
    await set.replica.pause();
    try {
      // Committed on the primary, unconfirmed: the job is queued, and each of its runs fails saving its progress.
      expect((await approve(id, p.editor)).status).toBe(503);
      let runs: Awaited<ReturnType<typeof publishJobRuns>> = null;
      await until(
        'the publish job to start more often than it has attempts, or to fail',
        async () => {
          runs = await publishJobRuns(p.t, job);
          return runs !== null && (runs.started > ATTEMPTS || runs.state === 'failed');
        },
        120_000,
      );
      expect(runs).toMatchObject({ spent: 0 });
      expect(runs).not.toMatchObject({ state: 'failed' });
    } finally {
      await set.replica.resume();
    }
    await untilAllPublished([id], (draft) => as(p.t.app, p.editor).get(`/api/drafts/${draft}`));
    expect(p.wechat.publishedCount(WECHAT_ACCOUNT.appid)).toBe(published + 1);
  }, 240_000);

  it('backs up the primary the sentinels name (qianfa backup), with a change the replica has not got', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qianfa-sentinel-backup-'));
    const out = join(dir, 'q.rdb');
    const primary = new Redis({ port: await set.primaryPort(), host: '127.0.0.1', lazyConnect: true });
    const mark = `${p.t.keys.prefix}backup-mark`;
    const written: string[] = [];
    const io = (env: NodeJS.ProcessEnv) => ({
      stdout: { write: (text: string) => written.push(text) },
      stderr: { write: (text: string) => written.push(text) },
      env: { ...env, QIANFA_REDIS_PREFIX: p.t.keys.prefix },
    });
    // Restored into the run's own Redis, under this app's random prefix (empty there), to read the backup back.
    const target = await connectRedis(inject('redisUrl'));
    try {
      await set.replica.pause();
      try {
        await primary.set(mark, 'only on the primary');
        expect(await backupCommand(['--out', out], io(sentinelEnv)), written.join('')).toBe(0);
      } finally {
        await set.replica.resume();
      }
      expect(
        await restoreCommand(['--from', out], io({ REDIS_URL: inject('redisUrl') })),
        written.join(''),
      ).toBe(0);
      expect(await target.get(mark)).toBe('only on the primary');
    } finally {
      await deleteKeys(target, p.t.keys);
      await target.quit();
      await primary.del(mark);
      primary.disconnect();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when no sentinel names a primary by that name', async () => {
    const wrong = loadConfig({ ...sentinelEnv, QIANFA_REDIS_SENTINEL_NAME: 'no-such-primary' }).redisUrl!;
    await expect(currentPrimaryUrl(wrong)).rejects.toThrow(/没有给出可用的主库“no-such-primary”/);
  });

  it('keeps every acknowledged decision and publishes nothing twice when the primary is SIGKILLed under load', async () => {
    await set.untilFailoverPossible();
    const ids: string[] = [];
    for (let i = 0; i < UNDER_LOAD; i++) {
      const id = await submitted(`故障切换通知第${i + 1}篇`);
      expect((await approve(id, p.reviewer)).status).toBe(200);
      ids.push(id);
    }
    const oldPrimary = await set.primaryPort();
    let promoted = oldPrimary;
    const { acknowledged, statuses } = await approveThroughFailover({
      ids,
      approve: (id) => approve(id, p.editor),
      lanes: LANES,
      killAfter: KILL_AFTER,
      kill: () => set.primary.kill(),
      recover: async () => void (promoted = await recoverPrimary(oldPrimary)),
    });
    expect(promoted).toBe(set.replica.port);
    // Approvals were sent after the kill, and the client queues nothing while it has no primary.
    expect(statuses.some((status) => status >= 500)).toBe(true);

    for (const id of acknowledged) {
      const read = await as(p.t.app, p.editor).get(`/api/drafts/${id}`);
      const stages = (read.body as { stages: { decided_by: unknown }[] }).stages;
      expect(stages.at(-1)?.decided_by, `${id}'s acknowledged 审签`).not.toBeNull();
    }
    await untilAllPublished(ids, (id) => as(p.t.app, p.editor).get(`/api/drafts/${id}`));
    await untilPublishingIdle(p.t);
    const titles = p.wechat
      .publishedArticles(WECHAT_ACCOUNT.appid)
      .map((article) => article.items[0]?.title ?? '');
    const underLoad = titles.filter((title) => title.startsWith('故障切换通知'));
    expect(new Set(underLoad).size).toBe(underLoad.length); // nothing published twice
    expect(underLoad).toHaveLength(UNDER_LOAD);
    expect((await p.t.verifyAudit()).ok).toBe(true);
  }, 300_000);
});
