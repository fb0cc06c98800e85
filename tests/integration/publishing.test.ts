import type { Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { FakeWeiboServer } from '../fakes/fake-weibo-server.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';

const WECHAT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-app-secret' };
const WEIBO = {
  uid: '1001',
  screenName: '崇川发布',
  token: 'weibo-token-1',
  safeDomain: 'chongchuan.gov.cn',
};
/** The Weibo account's configured link, under the app's safe domain (the WeChat article is not). */
const WEIBO_LINK = 'https://www.chongchuan.gov.cn/xwzx/';
const DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:崇川发布', 'weibo:崇川微博'],
};
const TAIL = '拟稿：张三　审核：李四　审签：王五';

interface PublicationBody {
  target: string;
  status: string;
  status_name: string;
  url: string | null;
  ids: Record<string, string> | null;
  failure: { code: string; explanation: string } | null;
}
interface DraftBody {
  id: string;
  status: string;
  publications: PublicationBody[];
}

describe('publishing approved drafts', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let weibo: FakeWeiboServer;
  let worker: Worker;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;

  beforeEach(async () => {
    wechat = await new FakeWechatServer({ accounts: [WECHAT] }).start();
    weibo = await new FakeWeiboServer({ accounts: [WEIBO] }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl, weiboApiBase: weibo.baseUrl });
    const admin = await t.person('管理员', ['admin']);
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('王五', ['editor']);
    const addAccount = (body: object) => as(t.app, admin).post('/api/orgs/cc/accounts', body);
    expect((await addAccount({ platform: 'wechat', name: '崇川发布', ...WECHAT })).status).toBe(201);
    expect(
      (await addAccount({ platform: 'weibo', name: '崇川微博', token: WEIBO.token, link: WEIBO_LINK }))
        .status,
    ).toBe(201);
    worker = await t.startWorker();
  });

  afterEach(async () => {
    await t.close();
    await Promise.all([wechat.close(), weibo.close()]);
  });

  async function approved(body: object = DRAFT): Promise<string> {
    const submitted = await as(t.app, drafter).post('/api/drafts', body);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = (submitted.body as DraftBody).id;
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    expect((await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    return id;
  }

  /** The draft once its publications are final and the worker is done with it (draft settled, alerts raised). */
  async function settled(id: string): Promise<DraftBody> {
    await until(`the publications of ${id} to settle`, async () => {
      const draft = (await as(t.app, editor).get(`/api/drafts/${id}`)).body as DraftBody;
      const done = draft.publications.every((p) => ['published', 'failed', 'cancelled'].includes(p.status));
      return draft.publications.length > 0 && done;
    });
    await untilPublishingIdle(t);
    return (await as(t.app, editor).get(`/api/drafts/${id}`)).body as DraftBody;
  }

  it('publishes once to WeChat and Weibo with the stamped tail, and marks the draft published', async () => {
    const id = await approved();
    const draft = await settled(id);
    expect(draft.status).toBe('published');
    const [onWechat, onWeibo] = draft.publications;
    expect(onWechat).toMatchObject({ target: 'wechat:崇川发布', status: 'published', status_name: '已发布' });
    expect(onWechat?.url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    expect(onWeibo).toMatchObject({ target: 'weibo:崇川微博', status: 'published' });
    expect(wechat.publishedCount(WECHAT.appid)).toBe(1);
    const [article] = wechat.publishedArticles(WECHAT.appid);
    expect(JSON.stringify(article)).toContain(TAIL);
    // The generated digest is the article's own text, not its tail (issue 15, point 3).
    expect(article?.items[0]?.digest).toBe(DRAFT.body);
    const [post] = weibo.posts(WEIBO.uid);
    expect(post?.text).toContain('【亲子阅读活动通知】');
    expect(post?.text).toContain(TAIL);
    // Once: the summary is the approved body without its stamped tail (issue 15, point 1).
    expect(post?.text.match(/拟稿：/g)).toHaveLength(1);
    // Weibo refuses links outside the app's safe domain (10017): the post links the account's link (issue 15, point 2).
    expect(post?.text).toContain(WEIBO_LINK);
    expect(post?.text).not.toContain('mp.weixin.qq.com');

    const trail = ((await as(t.app, editor).get(`/api/drafts/${id}/audit`)).body as { entries: AuditEntry[] })
      .entries;
    expect(trail.map((e) => e.action).slice(-3)).toEqual(['publish_queued', 'published', 'published']);
    expect(await t.verifyAudit()).toMatchObject({ ok: true });
    const edit = await as(t.app, drafter).put(`/api/drafts/${id}`, { ...DRAFT, base_version: 1 });
    expect([edit.status, (edit.body as { error: { code: string } }).error.code]).toEqual([
      409,
      'already_published',
    ]);
  });

  it('refreshes an expired token once and carries on', async () => {
    const first = await approved({ ...DRAFT, targets: ['wechat:崇川发布'] });
    await settled(first);
    wechat.expireTokens(WECHAT.appid);
    const second = await approved({ ...DRAFT, title: '第二篇通知', targets: ['wechat:崇川发布'] });
    expect((await settled(second)).publications[0]?.status).toBe('published');
    expect(wechat.publishedCount(WECHAT.appid)).toBe(2);
    // One token for the first draft from the shared cache, one refresh after the expiry: no retry with the dead one.
    expect(wechat.callCount('/cgi-bin/stable_token')).toBe(2);
  });

  it('retries transient failures (5xx, busy, dropped connections) and still publishes exactly once', async () => {
    wechat.faults.add('/cgi-bin/freepublish/submit', { type: 'http_status', status: 503 }, { times: 2 });
    wechat.faults.add('/cgi-bin/draft/add', { type: 'error_code', code: -1 }, { times: 1 });
    wechat.faults.add(
      '/cgi-bin/freepublish/submit',
      { type: 'drop_connection', afterHandling: true },
      { times: 1 },
    );
    const id = await approved({ ...DRAFT, targets: ['wechat:崇川发布'] });
    expect((await settled(id)).publications[0]?.status).toBe('published');
    expect(wechat.publishedCount(WECHAT.appid)).toBe(1);
    const retried = t.logged.filter((entry) => entry.message === 'publish attempt failed, will retry');
    // Each failed attempt is logged with its number (how many depends on the unknown outcomes checked).
    expect(retried.map(({ fields }) => fields['attempt'])).toEqual(retried.map((_, index) => index + 1));
    expect(retried.length).toBeGreaterThanOrEqual(4);
    expect(retried[0]?.fields).toMatchObject({ draft: id, target: 'wechat:崇川发布' });
    expect(retried.map(({ fields }) => String(fields['reason'])).join('\n')).toMatch(/http_503/);
  });

  it('fails at once on a content rejection, explains it, tells the admins, and does not retry', async () => {
    wechat.faults.add('/cgi-bin/freepublish/submit', { type: 'error_code', code: 53503 }, { times: 1 });
    const id = await approved({ ...DRAFT, targets: ['wechat:崇川发布'] });
    const [failed] = (await settled(id)).publications;
    expect(failed).toMatchObject({ status: 'failed', failure: { code: '53503' } });
    expect(failed?.failure?.explanation).toBe('稿件未通过微信发布前检查，不能发布');
    expect(wechat.callCount('/cgi-bin/freepublish/submit')).toBe(1);
    expect(t.logged).toContainEqual({
      level: 'warn',
      message: 'publish failed permanently',
      fields: expect.objectContaining({ draft: id, target: 'wechat:崇川发布', attempt: 1 }) as unknown,
    });
    const alerts = await t.alerts.list('cc', 10);
    expect(alerts[0]).toMatchObject({ kind: 'publish_failed', draft: id, target: 'wechat:崇川发布' });
  });

  it('refuses at submission what a platform would refuse: a WeChat title over 32 characters, unknown accounts', async () => {
    const long = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title: '长'.repeat(33) });
    const body = long.body as { status: string; findings: { rule: string }[] };
    expect(body.status).toBe('blocked');
    expect(body.findings.map((f) => f.rule)).toContain('platform:wechat-title');
    const unknown = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, targets: ['wechat:不存在'] });
    expect([unknown.status, (unknown.body as { error: { code: string } }).error.code]).toEqual([
      422,
      'unknown_targets',
    ]);
  });

  it('enqueues nothing twice when the approval event repeats or recovery runs again', async () => {
    const id = await approved({ ...DRAFT, targets: ['wechat:崇川发布'] });
    await settled(id);
    const committed = await t.review.get((await t.people.getPerson(drafter.id))!, id);
    if (committed.ok) await t.publish.enqueue(committed.value);
    await t.publish.recover();
    await untilPublishingIdle(t); // whatever the repeats queued has run
    expect(wechat.publishedCount(WECHAT.appid)).toBe(1);
    expect(worker.isRunning()).toBe(true);
  });
});
