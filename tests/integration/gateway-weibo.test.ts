import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicationUnconfirmedError } from '../../src/adapters/redis/redis-connection.js';
import type { FakeWeiboServer } from '../fakes/fake-weibo-server.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, gatewayPartsOnLostRedis, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { startWeiboGatewayApp, WEIBO_ACCOUNT as WEIBO } from '../helpers/weibo-gateway-app.js';
import { until } from '../helpers/until.js';

const STATUS = '【防汛提醒】今晚到明天我区有大到暴雨，请市民减少外出，注意安全。';
const TAIL = '拟稿：王五　审核：李四　审签：赵六';

interface WeiboAnswer {
  request?: string;
  error_code?: number;
  error?: string;
  id?: number;
  idstr?: string;
  text?: string;
  created_at?: string;
  qianfa?: { draft: string; status: string; pending_id?: string };
}

describe('the Weibo-compatible statuses/share', () => {
  let t: ReviewApp;
  let weibo: FakeWeiboServer;
  let share: string;
  let admin: Auth;
  let reviewer: Auth;
  let editor: Auth;
  let token: string;

  beforeAll(async () => {
    let baseUrl: string;
    ({ t, weibo, admin, reviewer, editor, baseUrl } = await startWeiboGatewayApp());
    token = (await grant('weibo:崇川微博')).token;
    share = `${baseUrl}/gateway/weibo/2/statuses/share.json`;
  });

  afterAll(async () => {
    await t.close();
    await weibo.close();
  });

  async function grant(target: `weibo:${string}`): Promise<{ appid: string; token: string }> {
    const { appid, secret } = await t.grantGateway(target, '王五');
    return { appid, token: secret };
  }

  async function post(fields: Record<string, string>): Promise<{ status: number; body: WeiboAnswer }> {
    const response = await fetch(share, { method: 'POST', body: new URLSearchParams(fields) });
    return { status: response.status, body: (await response.json()) as WeiboAnswer };
  }

  /** statuses/show as a tool polls it; `raw` is the JSON text, to see how `id` is written. */
  async function show(
    id: string,
    accessToken = token,
  ): Promise<{ status: number; body: WeiboAnswer; raw: string }> {
    const url = `${share.replace('share.json', 'show.json')}?${new URLSearchParams({ id, access_token: accessToken }).toString()}`;
    const response = await fetch(url);
    const raw = await response.text();
    return { status: response.status, body: JSON.parse(raw) as WeiboAnswer, raw };
  }

  it('takes a post into review with a pending answer, and posts it once after sign-off', async () => {
    const pending = await post({ access_token: token, status: STATUS, rip: '211.156.0.1' });
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ request: '/2/statuses/share.json', error_code: 20032 });
    expect(pending.body.error).toContain('已提交签发审核');
    const draft = pending.body.qianfa?.draft ?? '';
    expect(pending.body.qianfa?.status).toBe('pending_review');
    // The tool retries after a lost answer: the same review item, not a second one.
    expect((await post({ access_token: token, status: STATUS, rip: '211.156.0.1' })).body.qianfa?.draft).toBe(
      draft,
    );
    const item = await as(t.app, reviewer).get(`/api/drafts/${draft}`);
    expect(item.body).toMatchObject({ title: '防汛提醒', status: 'in_review' });
    expect(JSON.stringify(item.body)).toContain('weibo:崇川微博');
    expect(weibo.posts(WEIBO.uid)).toHaveLength(0);

    for (const person of [reviewer, editor]) {
      expect((await as(t.app, person).post(`/api/drafts/${draft}/approve`, { version: 1 })).status).toBe(200);
    }
    await until('the post', () => weibo.posts(WEIBO.uid).length > 0);
    await untilPublishingIdle(t); // so a second post, had there been one, would be there too
    const posts = weibo.posts(WEIBO.uid);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toContain('【防汛提醒】');
    expect(posts[0]?.text).toContain(TAIL);
  });

  it('answers a stable pending id, and statuses/show for it: pending, then the real post (issue 15, point 14)', async () => {
    const status = '【停水通知】12月6日9时至17时，滨江路沿线停水，请提前储水。';
    const pending = await post({ access_token: token, status });
    const { id, idstr, qianfa } = pending.body;
    expect(idstr).toMatch(/^\d{16}$/);
    expect(id).toBe(Number(idstr));
    expect(Number.isSafeInteger(id)).toBe(true);
    expect(qianfa?.status).toBe('pending_review');
    // A retry after a lost answer gets the same pending id, as it gets the same review item.
    expect((await post({ access_token: token, status })).body).toMatchObject({ id, idstr });
    const draft = qianfa?.draft ?? '';

    const waiting = await show(idstr ?? '');
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({
      request: '/2/statuses/show.json',
      error_code: 20032,
      id,
      idstr,
      qianfa: { draft, status: 'pending_review' },
    });
    expect(waiting.body.error).toContain('审核中');

    for (const person of [reviewer, editor]) {
      expect((await as(t.app, person).post(`/api/drafts/${draft}/approve`, { version: 1 })).status).toBe(200);
    }
    const published = await until('the real post', async () => {
      const polled = await show(idstr ?? '');
      return polled.body.error_code === undefined ? polled : undefined;
    });
    const real = weibo.posts(WEIBO.uid).find((p) => p.text.includes('【停水通知】'));
    const realId = real?.id.toString() ?? 'none';
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      idstr: realId,
      text: real?.text,
      qianfa: { draft, status: 'published', pending_id: idstr },
    });
    expect(published.body.created_at).toMatch(
      /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \+0800 \d{4}$/,
    );
    // Weibo writes `id` as a bare integer; the fake's ids pass 2^53, so only the exact digits will do.
    expect(published.raw).toContain(`"id":${realId},`);
  });

  it('answers statuses/show for a returned post with a Weibo error and the reason, and refuses ids it did not give', async () => {
    const pending = await post({
      access_token: token,
      status: '【活动预告】本周日上午举办社区义诊，欢迎居民参加。',
    });
    const draft = pending.body.qianfa?.draft ?? '';
    const returned = await as(t.app, reviewer).post(`/api/drafts/${draft}/reject`, {
      version: 1,
      comment: '义诊地点未写明',
    });
    expect(returned.status).toBe(200);
    const rejected = await show(pending.body.idstr ?? '');
    expect(rejected.status).toBe(400);
    expect(rejected.body).toMatchObject({
      request: '/2/statuses/show.json',
      error_code: 20021,
      qianfa: { draft, status: 'rejected' },
    });
    expect(rejected.body.error).toContain('审核退回：义诊地点未写明');

    expect((await show('8999999999999999')).body.error_code).toBe(20101);
    expect((await show('not-a-number')).body.error_code).toBe(20101);
    expect((await show('')).body.error_code).toBe(10016);
    // Another operator's credential on the same account polls the same post.
    const colleague = await grant('weibo:崇川微博');
    expect((await show(pending.body.idstr ?? '', colleague.token)).body.error_code).toBe(20021);
  });

  it('takes statuses/update.json into review like share.json, with the same pending answer (issue 15, point 13)', async () => {
    const update = share.replace('share.json', 'update.json');
    const status = '【交通提示】明日上午九点至十一点，人民路部分路段临时封闭施工。';
    const response = await fetch(update, {
      method: 'POST',
      body: new URLSearchParams({ access_token: token, status }),
    });
    const answer = (await response.json()) as WeiboAnswer;
    expect([response.status, answer.request, answer.error_code]).toEqual([
      200,
      '/2/statuses/update.json',
      20032,
    ]);
    expect(answer.qianfa?.status).toBe('pending_review');
    const item = await as(t.app, reviewer).get(`/api/drafts/${answer.qianfa?.draft ?? ''}`);
    expect(item.body).toMatchObject({ title: '交通提示', status: 'in_review' });
  });

  it('accepts the token as a multipart field or an OAuth2 header too', async () => {
    const form = new FormData();
    form.append('status', '【通知】区政务服务中心本周六正常上班。');
    const response = await fetch(share, {
      method: 'POST',
      body: form,
      headers: { authorization: `OAuth2 ${token}` },
    });
    expect(((await response.json()) as WeiboAnswer).error_code).toBe(20032);
  });

  it('refuses missing, unknown, revoked and other-platform tokens, pictures and other endpoints, in Weibo’s envelope', async () => {
    expect((await post({ status: STATUS })).body.error_code).toBe(21301);
    expect((await post({ access_token: '2.00unknown', status: STATUS })).body.error_code).toBe(21332);
    expect((await post({ access_token: token })).body.error_code).toBe(10016);
    const form = new FormData();
    form.append('access_token', token);
    form.append('status', STATUS);
    form.append('pic', new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }), 'a.jpg');
    const withPicture = await fetch(share, { method: 'POST', body: form });
    expect([withPicture.status, ((await withPicture.json()) as WeiboAnswer).error_code]).toEqual([
      400, 10008,
    ]);
    const other = await fetch(share.replace('share.json', 'repost.json'), { method: 'POST' });
    expect(((await other.json()) as WeiboAnswer).error_code).toBe(10014);

    const wechatAccount = { platform: 'wechat', name: '崇川发布', appid: 'wx0123456789abcdef', secret: 's' };
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts', wechatAccount)).status).toBe(201);
    const wechat = await t.gatewayCredentials.grant({
      org: 'cc',
      target: 'wechat:崇川发布',
      person: '王五',
      days: 30,
      grantedBy: 'cli',
    });
    if (!wechat.ok) throw new Error(JSON.stringify(wechat.error));
    const exchanged = await t.gatewayCredentials.exchange(wechat.value.credential.appid, wechat.value.secret);
    if (!exchanged.ok) throw new Error(JSON.stringify(exchanged.error));
    expect((await post({ access_token: exchanged.value.token, status: STATUS })).body.error_code).toBe(10014);

    const revoked = await grant('weibo:崇川微博');
    await t.gatewayCredentials.revoke('cc', revoked.appid, 'cli');
    expect((await post({ access_token: revoked.token, status: STATUS })).body.error_code).toBe(21319);
    expect(weibo.posts(WEIBO.uid)).toHaveLength(2); // the two posts approved above, nothing refused here
    const refusals = (await t.audit.all('cc')).filter((e) => e.action === 'gateway_refused');
    expect(refusals.map((e) => e.details['refusal'])).toEqual(
      expect.arrayContaining([
        'missing_status',
        'picture_unsupported',
        'credential_revoked',
        'wrong_platform',
      ]),
    );
  });

  /** A share through `app`, which must answer 503 and Weibo's 10002 with a hint containing `hint`. */
  async function expectUnavailable(app: ReturnType<ReviewApp['appWith']>, hint: string): Promise<void> {
    const answer = await request(app)
      .post('/gateway/weibo/2/statuses/share.json')
      .type('form')
      .send({ access_token: token, status: '【停水通知】明天上午九点起城东片区停水四小时。' });
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      request: '/2/statuses/share.json',
      error_code: 10002,
      error: expect.stringContaining(hint) as string,
    });
  }

  it('answers a post no replica confirmed, and one while Redis is gone, with 503 and 10002 in Weibo’s envelope', async () => {
    // The hook the service's edge waits on with Sentinel (WAIT 1), failing as when no replica acknowledges.
    const unconfirmed = t.appWith({ confirmWrites: () => Promise.reject(new ReplicationUnconfirmedError()) });
    await expectUnavailable(unconfirmed, '没有副本确认');
    const weiboOnGone = { ...t.gateway.weibo, ...(await gatewayPartsOnLostRedis(t)) };
    await expectUnavailable(
      t.appWith({ gateway: { ...t.gateway, weibo: weiboOnGone } }),
      '存储服务（Redis）暂时不可用',
    );
  });
});
