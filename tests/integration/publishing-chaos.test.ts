import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publication } from '../../src/domain/publishing/publication.js';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { FakeWeiboServer } from '../fakes/fake-weibo-server.js';
import { createSeededRandom } from '../fakes/fault-injection.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';
import { spawnQianfa } from '../helpers/run-qianfa.js';

const DRAFTS = 200;
const ALSO_WEIBO = 50;
const FAULT_RATE = 0.2;
const WECHAT = { appid: 'wx00112233445566ff', secret: 'chaos-app-secret' };
const WEIBO = {
  uid: '2002',
  screenName: '崇川微博',
  token: 'chaos-weibo-token',
  safeDomain: 'chongchuan.gov.cn',
  link: 'https://www.chongchuan.gov.cn/',
};

/**
 * 200 approved drafts published while the worker process is SIGKILLed twice and the fakes fail one call in five
 * (5xx, dropped connections — some after the platform acted —, latency, busy, rate limits, an expired token).
 * Every draft must be published exactly once: the fakes count what really went out.
 */
describe('publishing under crashes and faults', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let weibo: FakeWeiboServer;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    wechat = await new FakeWechatServer({
      accounts: [WECHAT],
      random: createSeededRandom(7),
    }).start();
    weibo = await new FakeWeiboServer({ accounts: [WEIBO], random: createSeededRandom(11) }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl, weiboApiBase: weibo.baseUrl });
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await t.close();
    await Promise.all([wechat.close(), weibo.close()]);
  });

  function startWorker(): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      REDIS_URL: t.redisUrl,
      QIANFA_REDIS_PREFIX: t.keys.prefix,
      QIANFA_SECRET_KEY: t.secretKey.toString('hex'),
      QIANFA_WECHAT_API_BASE: wechat.baseUrl,
      QIANFA_WEIBO_API_BASE: weibo.baseUrl,
      QIANFA_WORKER_CONCURRENCY: '16',
      QIANFA_PUBLISH_ATTEMPTS: '200',
      QIANFA_PUBLISH_BACKOFF_MS: '20',
      QIANFA_PUBLISH_BACKOFF_MAX_MS: '300',
      QIANFA_PUBLISH_LOCK_MS: '1000',
      QIANFA_PUBLISH_CONFIRM_MS: '400',
      QIANFA_PLATFORM_TIMEOUT_MS: '1000',
    };
    const child = spawnQianfa(['worker'], env);
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    workers.push(child);
    return child;
  }

  async function kill(child: ChildProcess): Promise<void> {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }

  async function publications(ids: readonly string[]): Promise<Publication[]> {
    return (await Promise.all(ids.map((id) => t.publish.get(id)))).flat();
  }

  it(
    'publishes every draft exactly once, loses none, and ends with the right statuses',
    { timeout: 240_000 },
    async () => {
      const admin = await t.person('管理员', ['admin']);
      const drafter = await t.person('张三', ['drafter']);
      const reviewer = await t.person('李四', ['reviewer']);
      const editor = await t.person('王五', ['editor']);
      await as(t.app, admin).post('/api/orgs/cc/accounts', {
        platform: 'wechat',
        name: '崇川发布',
        ...WECHAT,
      });
      await as(t.app, admin).post('/api/orgs/cc/accounts', {
        platform: 'weibo',
        name: '崇川微博',
        token: WEIBO.token,
        link: WEIBO.link,
      });
      const ids = await approveMany(drafter, reviewer, editor);
      const expected = DRAFTS + ALSO_WEIBO;

      for (const endpoint of [
        '/cgi-bin/freepublish/submit',
        '/cgi-bin/draft/add',
        '/cgi-bin/freepublish/get',
      ] as const) {
        wechat.faults.add(endpoint, { type: 'http_status', status: 502 }, { probability: FAULT_RATE / 4 });
        wechat.faults.add(
          endpoint,
          { type: 'drop_connection', afterHandling: true },
          { probability: FAULT_RATE / 4 },
        );
        wechat.faults.add(endpoint, { type: 'latency', ms: 30 }, { probability: FAULT_RATE / 4 });
        wechat.faults.add(endpoint, { type: 'error_code', code: -1 }, { probability: FAULT_RATE / 4 });
      }
      wechat.faults.add(
        '/cgi-bin/material/add_material',
        { type: 'error_code', code: 45011 },
        { probability: FAULT_RATE },
      );
      weibo.faults.add(
        '/2/statuses/share.json',
        { type: 'drop_connection', afterHandling: true },
        { probability: FAULT_RATE / 2 },
      );
      weibo.faults.add(
        '/2/statuses/share.json',
        { type: 'http_status', status: 503 },
        { probability: FAULT_RATE / 2 },
      );

      const published = async () => (await publications(ids)).filter((p) => p.status === 'published').length;
      let worker = startWorker();
      await until('a first share of the work', async () => (await published()) >= 40, 120_000);
      wechat.expireTokens(WECHAT.appid);
      await kill(worker);
      worker = startWorker();
      await until('more of the work', async () => (await published()) >= 140, 120_000);
      await kill(worker);
      worker = startWorker();
      await until('every publication', async () => (await published()) === expected, 120_000);

      const all = await publications(ids);
      expect(all).toHaveLength(expected);
      expect(all.every((p) => p.status === 'published')).toBe(true);
      expect(wechat.publishedCount(WECHAT.appid)).toBe(DRAFTS);
      const titles = wechat
        .publishedArticles(WECHAT.appid)
        .map((article) => JSON.stringify(article).match(/第\d+号通知/)?.[0]);
      expect(new Set(titles).size).toBe(DRAFTS);
      expect(weibo.postCount(WEIBO.uid)).toBe(ALSO_WEIBO);
      await until('drafts marked published', async () => {
        const drafts = await Promise.all(ids.map((id) => t.review.get(adminPerson(admin), id)));
        return drafts.every((found) => found.ok && found.value.record.review.status === 'published');
      });
      expect(await t.verifyAudit()).toMatchObject({ ok: true });
      await kill(worker);
    },
  );

  async function approveMany(drafter: Auth, reviewer: Auth, editor: Auth): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < DRAFTS; n++) {
      const targets = n < ALSO_WEIBO ? ['wechat:崇川发布', 'weibo:崇川微博'] : ['wechat:崇川发布'];
      const body = {
        title: `第${n}号通知`,
        body: `本周六举办第${n}场亲子阅读活动，欢迎参加。`,
        kind: 'original',
        targets,
      };
      const submitted = await as(t.app, drafter).post('/api/drafts', body);
      const id = (submitted.body as { id: string }).id;
      await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 });
      const signed = await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 1 });
      expect(signed.status).toBe(200);
      ids.push(id);
    }
    return ids;
  }

  function adminPerson(auth: Auth) {
    return { id: auth.id, org: 'cc', name: auth.name, roles: ['admin' as const], outsourced: false };
  }
});
