import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWecomServer } from '../../fakes/fake-wecom-server.js';
import { as, startReviewApp, type ReviewApp } from '../../helpers/review-app.js';

const WECOM = { corpid: 'ww0123456789abcdef', corpsecret: 'wecom-app-secret', agentid: 1000002 };

/** WeCom single sign-on (企业微信扫码登录 / 网页授权) against the fake WeCom, over real HTTP and Redis. */
describe('logging in at the desk with WeCom', () => {
  let t: ReviewApp;
  let wecom: FakeWecomServer;

  beforeAll(async () => {
    wecom = await new FakeWecomServer({ apps: [{ ...WECOM, members: ['lisi', 'wangwu'] }] }).start();
    t = await startReviewApp(
      {},
      {
        wecomApiBase: wecom.baseUrl,
        wecom: { corpid: WECOM.corpid, secret: WECOM.corpsecret, agentid: WECOM.agentid },
        wecomSso: { orgs: ['cc'], authorizeBase: wecom.baseUrl },
      },
    );
    const reviewer = await t.person('李四', ['reviewer']);
    await as(t.app, reviewer).put('/api/me/channels', { wecom: { user_id: 'lisi' } });
  });
  afterAll(async () => {
    await t?.close();
    await wecom?.close();
  });

  /** Starts a sign-in as a browser would (with `userAgent`), lets WeCom answer, and returns the callback path. */
  async function signIn(userAgent = 'Mozilla/5.0 Chrome') {
    const started = await request(t.app).get('/d/wecom/login').set('User-Agent', userAgent);
    expect(started.status).toBe(302);
    const stateCookie = started.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    const atWecom = await fetch(String(started.headers['location']), { redirect: 'manual' });
    const back = new URL(atWecom.headers.get('location') ?? 'http://none/');
    return {
      authorizeUrl: String(started.headers['location']),
      stateCookie,
      callback: back.pathname + back.search,
    };
  }

  const deskCookie = (res: request.Response) =>
    (res.headers['set-cookie'] as unknown as string[] | undefined)
      ?.find((c) => c.startsWith('qianfa_desk='))
      ?.split(';')[0] ?? '';

  it('offers WeCom on the login page, signs a member in by QR code and opens a session', async () => {
    expect((await request(t.app).get('/d/login')).text).toContain('企业微信登录');
    wecom.signInAs({ userId: 'lisi' });
    const { authorizeUrl, stateCookie, callback } = await signIn();
    expect(authorizeUrl).toContain('/wwlogin/sso/login?login_type=CorpApp');
    expect(callback).toMatch(/^\/d\/wecom\/callback\?code=[\w-]+&state=[\w-]+$/);
    const done = await request(t.app).get(callback).set('Cookie', stateCookie);
    expect([done.status, done.headers['location']]).toEqual([303, '/d/queue']);
    const queue = await request(t.app).get('/d/queue').set('Cookie', deskCookie(done));
    expect([queue.status, queue.text.includes('李四')]).toEqual([200, true]);
    const sessions = (await request(t.app).get('/d/sessions').set('Cookie', deskCookie(done))).text;
    expect(sessions).toContain('企业微信');
    expect(wecom.callCount('/cgi-bin/auth/getuserinfo')).toBe(1);
  });

  it('uses the silent 网页授权 inside the WeCom app', async () => {
    wecom.signInAs({ userId: 'lisi' });
    const { authorizeUrl, stateCookie, callback } = await signIn('Mozilla/5.0 wxwork/4.1.0 MicroMessenger');
    expect(authorizeUrl).toMatch(/\/connect\/oauth2\/authorize\?.*scope=snsapi_base.*#wechat_redirect$/);
    expect((await request(t.app).get(callback).set('Cookie', stateCookie)).status).toBe(303);
  });

  it('refuses a WeCom member who is no person here, and someone outside the corp', async () => {
    for (const visitor of [{ userId: 'wangwu' }, { openId: 'oAbCdEf123' }]) {
      wecom.signInAs(visitor);
      const { stateCookie, callback } = await signIn();
      const refused = await request(t.app).get(callback).set('Cookie', stateCookie);
      expect([refused.status, deskCookie(refused)]).toEqual([403, '']);
      expect(refused.text).toContain('尚未关联本系统的人员');
    }
  });

  it('refuses a callback whose state is not this browser’s, or was used already', async () => {
    wecom.signInAs({ userId: 'lisi' });
    const { stateCookie, callback } = await signIn();
    const otherBrowser = await request(t.app).get(callback);
    expect([otherBrowser.status, deskCookie(otherBrowser)]).toEqual([403, '']);
    const forged = await request(t.app)
      .get(callback.replace(/state=[\w-]+/, 'state=forged'))
      .set('Cookie', stateCookie);
    expect([forged.status, deskCookie(forged)]).toEqual([403, '']);
    expect((await request(t.app).get(callback).set('Cookie', stateCookie)).status).toBe(303);
    const replayed = await request(t.app).get(callback).set('Cookie', stateCookie);
    expect([replayed.status, deskCookie(replayed)]).toEqual([403, '']);
  });
});
