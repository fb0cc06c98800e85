import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckPool, type CheckPool } from '../../src/adapters/checking/check-pool.js';
import { DEFAULT_WORDLISTS_DIR } from '../../src/package-dirs.js';
import { hostileDraft } from '../helpers/hostile-drafts.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';

const NOTICE = { title: '停水通知', body: '明天上午九点至十二点，滨江路一带停水。', kind: 'original' };
/** Small enough for any normal draft on a warm thread, far too small for ~1 MB of hostile markdown. */
const BUDGET_MS = 50;
const TOO_COMPLEX = '稿件过长或结构过于复杂，无法在 0.05 秒内完成检查，请拆分后再提交。';

function checkPool(budgetMs: number): Promise<CheckPool> {
  return createCheckPool({ wordlistsDir: DEFAULT_WORDLISTS_DIR, threads: 1, budgetMs });
}

describe('a draft whose check exceeds the budget', () => {
  let pool: CheckPool;
  let t: ReviewApp;
  let admin: Auth;
  let drafter: Auth;
  let base: string;

  beforeAll(async () => {
    pool = await checkPool(BUDGET_MS);
    t = await startReviewApp({}, {}, {}, pool);
    admin = await t.person('管理员', ['admin']);
    drafter = await t.person('王五', ['drafter']);
    // Before any hostile check: the thread the probe warmed, not a fresh one after a stopped check.
    const created = await as(t.app, drafter).post('/api/drafts', NOTICE);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    base = (created.body as { id: string }).id;
  });

  afterAll(async () => {
    await t.close();
    await pool.close();
  });

  const refusals = async () =>
    (await t.audit.all('cc')).filter(
      (entry) => entry.action === 'refused' && JSON.stringify(entry.details).includes('draft_too_complex'),
    );

  it('is refused with 422 and a message to split it; nothing is stored and the refusal is audited', async () => {
    const answer = await as(t.app, drafter).post('/api/drafts', hostileDraft());
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ error: { code: 'draft_too_complex', message: TOO_COMPLEX } });
    const listed = await as(t.app, admin).get('/api/drafts');
    expect((listed.body as { drafts: { id: string }[] }).drafts.map((draft) => draft.id)).toEqual([base]);
    expect((await refusals()).map((entry) => [entry.actor, entry.details])).toEqual([
      [drafter.id, { attempt: 'submit', error: { code: 'draft_too_complex', budgetMs: BUDGET_MS } }],
    ]);
    expect(pool.stats()).toMatchObject({ running: 0, overBudget: 1 });
  });

  it('as a new version, leaves the draft at the version it had', async () => {
    const answer = await as(t.app, drafter).put(`/api/drafts/${base}`, {
      ...hostileDraft(),
      base_version: 1,
    });
    expect(answer.status).toBe(422);
    expect((answer.body as { error: { code: string } }).error.code).toBe('draft_too_complex');
    const found = await as(t.app, drafter).get(`/api/drafts/${base}`);
    expect((found.body as { version: number }).version).toBe(1);
    expect((await refusals()).map((entry) => [entry.draft, entry.version, entry.details])).toContainEqual([
      base,
      1,
      { attempt: 'new_version', base_version: 1, error: { code: 'draft_too_complex', budgetMs: BUDGET_MS } },
    ]);
  });

  it('through the gateways, is refused in each platform’s envelope', async () => {
    for (const account of [
      { platform: 'wechat', name: '崇川发布', appid: 'wx0123456789abcdef', secret: 'real-secret' },
      { platform: 'weibo', name: '崇川微博', token: 'real-token', link: 'https://www.chongchuan.gov.cn/' },
    ]) {
      expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    }
    const gateway = `${await t.listen()}/gateway`;
    const hostile = hostileDraft(600_000).body;

    const wechat = await t.grantGateway('wechat:崇川发布', '王五');
    const tokenUrl = `${gateway}/wechat/cgi-bin/token?grant_type=client_credential&appid=${wechat.appid}&secret=${wechat.secret}`;
    const { access_token: accessToken } = (await (await fetch(tokenUrl)).json()) as { access_token: string };
    const call = async (path: string, body: object) =>
      (await (
        await fetch(`${gateway}/wechat/cgi-bin/${path}?access_token=${accessToken}`, {
          method: 'POST',
          body: JSON.stringify(body),
        })
      ).json()) as { media_id?: string; errcode?: number; errmsg?: string };
    const article = { title: '通知', content: hostile, thumb_media_id: 'cover' };
    // WeChat's own content limit (20,000 characters, 1 MB) now refuses it at draft/add, before any check runs.
    const added = await call('draft/add', { articles: [article] });
    expect(added.errcode).toBe(45002);
    expect(added.media_id).toBeUndefined();

    const weibo = await t.grantGateway('weibo:崇川微博', '王五');
    // The token in the query: a large body carrying its own token is refused before it is read (10018).
    const shared = await fetch(`${gateway}/weibo/2/statuses/share.json?access_token=${weibo.secret}`, {
      method: 'POST',
      body: new URLSearchParams({ status: hostile, rip: '211.156.0.1' }),
    });
    expect(shared.status).toBe(400);
    const weiboAnswer = (await shared.json()) as { error_code: number; error: string };
    expect(weiboAnswer.error_code).toBe(20012);
    expect(weiboAnswer.error).toContain('请拆分后再提交');

    const listed = await as(t.app, admin).get('/api/drafts');
    expect((listed.body as { drafts: unknown[] }).drafts).toHaveLength(1);
    const calls = (await t.audit.all('cc')).filter((entry) => entry.action === 'gateway_refused');
    expect(calls.map((entry) => entry.details['refusal'])).toEqual([
      'article_too_long:content',
      'review_refused:draft_too_complex',
    ]);
  });
});

describe('a client that goes away during its check', () => {
  let pool: CheckPool;
  let t: ReviewApp;
  let drafter: Auth;

  beforeAll(async () => {
    pool = await checkPool(600_000);
    t = await startReviewApp({}, {}, {}, pool);
    drafter = await t.person('王五', ['drafter']);
  });

  afterAll(async () => {
    await t.close();
    await pool.close();
  });

  it('gives up its check, which leaves the thread (finished or stopped); nothing is stored', async () => {
    const url = await t.listen();
    const client = new AbortController();
    const submitting = fetch(`${url}/api/drafts`, {
      method: 'POST',
      headers: { authorization: drafter.header, 'content-type': 'application/json' },
      body: JSON.stringify(hostileDraft()),
      signal: client.signal,
    });
    await until('the check to run on the thread', () => pool.stats().running === 1);
    client.abort();
    await expect(submitting).rejects.toMatchObject({ name: 'AbortError' });
    await until('the check to be given up', () => pool.stats().cancelled === 1);
    await until('the thread to be free', () => pool.stats().running === 0);
    expect(pool.stats()).toMatchObject({ overBudget: 0 });

    const next = await as(t.app, drafter).post('/api/drafts', NOTICE);
    expect(next.status).toBe(201);
    const listed = await as(t.app, drafter).get('/api/drafts');
    expect((listed.body as { drafts: { title: string }[] }).drafts.map((d) => d.title)).toEqual([
      NOTICE.title,
    ]);
  });
});
