import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWeiboServer } from '../fakes/fake-weibo-server.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';

const WEIBO = {
  uid: '2001',
  screenName: '崇川微博',
  token: 'real-weibo-token',
  safeDomain: 'www.chongchuan.gov.cn',
};
const STATUS = '【防汛提醒】今晚到明天我区有大到暴雨，请市民减少外出，注意安全。';
const TAIL = '拟稿：王五　审核：李四　审签：赵六';

interface WeiboAnswer {
  request?: string;
  error_code?: number;
  error?: string;
  qianfa?: { draft: string; status: string };
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
    weibo = await new FakeWeiboServer({ accounts: [WEIBO] }).start();
    t = await startReviewApp({ weiboApiBase: weibo.baseUrl });
    admin = await t.person('管理员', ['admin']);
    await t.person('王五', ['drafter'], { outsourced: true });
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('赵六', ['editor']);
    const added = await as(t.app, admin).post('/api/orgs/cc/accounts', {
      platform: 'weibo',
      name: '崇川微博',
      token: WEIBO.token,
      link: 'https://www.chongchuan.gov.cn/',
    });
    expect(added.status).toBe(201);
    token = (await grant('weibo:崇川微博')).token;
    await t.startWorker();
    share = `${await t.listen()}/gateway/weibo/2/statuses/share.json`;
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
    expect(weibo.posts(WEIBO.uid)).toHaveLength(1);
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
});
