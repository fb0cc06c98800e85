import { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BYPASS_SCAN, startRepeatingJob } from '../../src/adapters/queue/bullmq-repeating-job.js';
import { bullmqConnection, bullmqPrefix } from '../../src/adapters/queue/bullmq-publish-queue.js';
import { RedisPublicationStore } from '../../src/adapters/redis/redis-publication-store.js';
import type { Publication } from '../../src/domain/publishing/publication.js';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';

const WECHAT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-app-secret' };
const ACCOUNT = '崇川发布';
const DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: [`wechat:${ACCOUNT}`],
};
const PLANTED = { title: '未经签发的通知', content: '<p>直接在公众平台群发的内容。</p>' };

interface DraftBody {
  id: string;
  publications: { status: string }[];
}

/** Starts the app with the fake WeChat, the review chain's people and the account; `gateway` as given. */
async function setUp(wechat: FakeWechatServer, gateway: { bypassScanMs?: number } = {}) {
  const t = await startReviewApp({ wechatApiBase: wechat.baseUrl }, {}, gateway);
  const admin = await t.person('管理员', ['admin']);
  const people = {
    drafter: await t.person('张三', ['drafter']),
    reviewer: await t.person('李四', ['reviewer']),
    editor: await t.person('王五', ['editor']),
  };
  const added = await as(t.app, admin).post('/api/orgs/cc/accounts', {
    platform: 'wechat',
    name: ACCOUNT,
    ...WECHAT,
  });
  expect(added.status).toBe(201);
  await t.startWorker();
  return { t, ...people };
}

describe('bypass detection', () => {
  let wechat: FakeWechatServer;
  let t: ReviewApp;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;

  beforeEach(async () => {
    wechat = await new FakeWechatServer({ accounts: [WECHAT] }).start();
    ({ t, drafter, reviewer, editor } = await setUp(wechat));
  });

  afterEach(async () => {
    await t.close();
    await wechat.close();
  });

  /** A draft approved through the review chain and published by the worker; returns its id. */
  async function publishedThroughQianfa(title = DRAFT.title): Promise<string> {
    const submitted = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = (submitted.body as DraftBody).id;
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    expect((await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    await until(`draft ${id} to be published`, async () => {
      const draft = (await as(t.app, editor).get(`/api/drafts/${id}`)).body as DraftBody;
      return draft.publications[0]?.status === 'published';
    });
    await untilPublishingIdle(t);
    return id;
  }

  const bypassAlerts = async (org = 'cc') =>
    (await t.alerts.list(org, 100)).filter((alert) => alert.kind === 'bypass_detected');
  const bypassEntries = async (org = 'cc') =>
    (await t.audit.all(org)).filter((entry) => entry.action === 'bypass_detected');

  it('flags the article planted on WeChat, not the one qianfa published, and only once', async () => {
    await publishedThroughQianfa();
    const planted = wechat.plantArticle(WECHAT.appid, PLANTED);
    const [article] = wechat.publishedArticles(WECHAT.appid).filter((a) => a.articleId === planted);
    const url = article?.items[0]?.url ?? 'no url';

    const first = await t.bypass.scan();
    expect(first).toMatchObject({ accounts: 1, articles: 2, pending: 0, failed: [], truncated: [] });
    expect(first.flagged).toEqual([
      {
        org: 'cc',
        account: ACCOUNT,
        articleId: planted,
        title: PLANTED.title,
        url,
        updateTime: article?.updateTime,
      },
    ]);
    const alerts = await bypassAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      org: 'cc',
      target: `wechat:${ACCOUNT}`,
      details: { article_id: planted },
    });
    expect(alerts[0]?.message).toContain(ACCOUNT);
    expect(alerts[0]?.message).toContain(PLANTED.title);
    expect(alerts[0]?.message).toContain(url);
    const entries = await bypassEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'qianfa',
      draft: '',
      details: { account: ACCOUNT, article_id: planted, title: PLANTED.title, url },
    });
    expect(await t.verifyAudit()).toMatchObject({ ok: true });

    const second = await t.bypass.scan();
    expect(second.flagged).toEqual([]);
    expect(await bypassAlerts()).toHaveLength(1);
    expect(await bypassEntries()).toHaveLength(1);
  });

  it('waits on an article whose cover belongs to a qianfa publication not settled yet, whatever others sharing it did', async () => {
    const store = new RedisPublicationStore(t.redis, t.keys);
    const at = new Date().toISOString();
    const publishing: Publication = {
      target: `wechat:${ACCOUNT}`,
      version: 1,
      hash: 'h',
      status: 'publishing',
      attempts: 1,
      progress: { thumb_media_id: 'cover-of-a-publication-in-flight', submitted_at: String(Date.now()) },
      queuedAt: at,
      updatedAt: at,
    };
    await store.save('cc', 'in-flight', publishing);
    // WeChat has published it; the worker has not saved that yet.
    const planted = wechat.plantArticle(WECHAT.appid, {
      ...PLANTED,
      thumbMediaId: 'cover-of-a-publication-in-flight',
    });
    expect(await t.bypass.scan()).toMatchObject({ articles: 1, pending: 1, flagged: [] });
    expect(await t.bypass.scan()).toMatchObject({ articles: 1, pending: 1, flagged: [] });
    // Covers are shared: a later publication with the same cover settling first changes nothing.
    await store.save('cc', 'later', publishing);
    await store.save('cc', 'later', { ...publishing, status: 'published', ids: { article_id: 'other' } });
    expect(await t.bypass.scan()).toMatchObject({ articles: 1, pending: 1, flagged: [] });

    await store.save('cc', 'in-flight', { ...publishing, status: 'published', ids: { article_id: planted } });
    expect(await t.bypass.scan()).toMatchObject({ articles: 1, pending: 0, flagged: [] });
    expect(await bypassAlerts()).toEqual([]);
  });

  it('flags an article reusing the cover of a qianfa publication that became another article', async () => {
    const id = await publishedThroughQianfa();
    const [publication] = await t.publish.get(id);
    const cover = publication?.progress['thumb_media_id'] ?? 'no cover';
    const planted = wechat.plantArticle(WECHAT.appid, { ...PLANTED, thumbMediaId: cover });

    const summary = await t.bypass.scan();
    expect(summary.flagged).toMatchObject([{ articleId: planted, coverOf: { draft: id, version: 1 } }]);
    const [alert] = await bypassAlerts();
    expect(alert?.message).toContain(`使用了稿件 ${id} 第 1 版的封面`);
    expect((await bypassEntries())[0]?.details).toMatchObject({ cover_of_draft: id, cover_of_version: 1 });
  });

  it('recognises articles qianfa published before the index existed', async () => {
    await publishedThroughQianfa();
    await t.redis.del(
      t.keys.wechatCovers('cc', ACCOUNT),
      t.keys.wechatArticles('cc', ACCOUNT),
      t.keys.wechatArticlesIndexed('cc'),
    );
    const planted = wechat.plantArticle(WECHAT.appid, PLANTED);
    const summary = await t.bypass.scan();
    expect(summary.flagged.map((finding) => finding.articleId)).toEqual([planted]);
    expect(summary.articles).toBe(2);
  });

  it('scans the other accounts when one cannot be read, and raises no bypass alert for it', async () => {
    await t.person('管理员甲', ['admin'], { org: 'aa' });
    const broken = await t.accounts.add({
      org: 'aa',
      platform: 'wechat',
      name: '失效账号',
      appid: 'wx00000000000000aa',
      secret: 'unknown-to-wechat',
    });
    expect(broken.ok).toBe(true);
    const planted = wechat.plantArticle(WECHAT.appid, PLANTED);

    const summary = await t.bypass.scan();
    expect(summary.failed).toEqual([
      { org: 'aa', account: '失效账号', code: '40013', message: expect.any(String) as string },
    ]);
    expect(summary.accounts).toBe(1);
    expect(summary.flagged.map((finding) => finding.articleId)).toEqual([planted]);
    expect(await bypassAlerts('aa')).toEqual([]);
    expect(await bypassEntries('aa')).toEqual([]);
  });
});

describe('the scheduled bypass scan', () => {
  let wechat: FakeWechatServer;
  let t: ReviewApp;

  beforeEach(async () => {
    wechat = await new FakeWechatServer({ accounts: [WECHAT] }).start();
    ({ t } = await setUp(wechat, { bypassScanMs: 200 }));
  });

  afterEach(async () => {
    await t.close();
    await wechat.close();
  });

  it('runs by itself, and another process starting it adds no second schedule', async () => {
    const planted = wechat.plantArticle(WECHAT.appid, PLANTED);
    const alert = await until('the scheduled scan to flag the planted article', async () => {
      const alerts = await t.alerts.list('cc', 10);
      return alerts.find((candidate) => candidate.kind === 'bypass_detected');
    });
    expect(alert.details).toMatchObject({ article_id: planted });

    const other = await startRepeatingJob(BYPASS_SCAN, {
      redisUrl: t.redisUrl,
      redisPrefix: t.keys.prefix,
      everyMs: 200,
      run: () => Promise.resolve(),
    });
    const queue = new Queue(BYPASS_SCAN.queueName, {
      connection: bullmqConnection(t.redisUrl),
      prefix: bullmqPrefix(t.keys.prefix, t.redisUrl, BYPASS_SCAN.queueName),
    });
    try {
      expect(await queue.getJobSchedulersCount()).toBe(1);
    } finally {
      await queue.close();
      await other.close();
    }
    expect(
      await t.audit.all('cc').then((all) => all.filter((e) => e.action === 'bypass_detected')),
    ).toHaveLength(1);
  });
});
