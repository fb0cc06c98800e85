import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

/** Requests from one client address (the app trusts X-Forwarded-For here, as behind a reverse proxy). */
const from = (t: ReviewApp, address: string) => ({
  get: (path: string) => request(t.app).get(path).set('X-Forwarded-For', address),
  post: (path: string) => request(t.app).post(path).set('X-Forwarded-For', address),
});

describe('failed authentications are limited per source address (issue 14, point 2)', () => {
  let t: ReviewApp;
  let editor: Auth;

  beforeAll(async () => {
    t = await startReviewApp({}, {}, {}, undefined, { authFailures: 3, authWindowSeconds: 600 });
    t.app.set('trust proxy', true);
    editor = await t.person('王五', ['editor']);
    const admin = await t.person('管理员', ['admin']);
    const account = { platform: 'wechat', name: '崇川发布', appid: 'wx0123456789abcdef', secret: 's' };
    expect(
      (await request(t.app).post('/api/orgs/cc/accounts').set('Authorization', admin.header).send(account))
        .status,
    ).toBe(201);
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After after too many wrong API tokens, even to a valid one, and only there', async () => {
    const wrong = (address: string) =>
      from(t, address).get('/api/drafts').set('Authorization', 'Bearer qf_not-a-token');
    for (let i = 0; i < 3; i += 1) expect((await wrong('203.0.113.7')).status).toBe(401);
    const refused = await wrong('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(500);
    expect(refused.body).toMatchObject({ error: { code: 'auth_rate_limited' } });
    expect((refused.body as { error: { message: string } }).error.message).toContain('认证失败次数过多');
    const valid = from(t, '203.0.113.7').get('/api/drafts').set('Authorization', editor.header);
    expect((await valid).status).toBe(429);
    // Another address, and a valid token from it, are not affected.
    expect((await wrong('198.51.100.9')).status).toBe(401);
    const elsewhere = from(t, '198.51.100.9').get('/api/drafts').set('Authorization', editor.header);
    expect((await elsewhere).status).toBe(200);
  });

  it('counts forged review links and login links too, answering a page that says so', async () => {
    const address = '203.0.113.20';
    expect((await from(t, address).get('/m/review/forged.token')).status).toBe(404);
    expect((await from(t, address).get('/d/login/forged.token')).status).toBe(401);
    const form = 'decision=approve&stage=review&version=1';
    expect((await from(t, address).post('/m/review/forged.token').type('form').send(form)).status).toBe(404);
    const refused = await from(t, address).get('/d/login/forged.token');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.text).toContain('尝试次数过多');
    expect((await from(t, address).get('/m/review/forged.token')).status).toBe(429);
  });

  it('refuses a stranger before reading the body: no megabyte is parsed without a valid token', async () => {
    const big = JSON.stringify({ title: 'x', body: 'y'.repeat(2_000_000), kind: 'original' });
    const answer = await from(t, '192.0.2.44')
      .post('/api/drafts')
      .set('Content-Type', 'application/json')
      .send(big);
    expect([answer.status, (answer.body as { error: { code: string } }).error.code]).toEqual([
      401,
      'unauthenticated',
    ]);
  });

  it("limits the gateway too: per address and per appid, in the platforms' shapes, without flooding the trail", async () => {
    await t.person('赵六', ['drafter'], { outsourced: true });
    const operator = await t.grantGateway('wechat:崇川发布', '赵六');
    const exchange = (address: string, secret: string) =>
      from(t, address)
        .get('/gateway/wechat/cgi-bin/token')
        .query({ grant_type: 'client_credential', appid: operator.appid, secret });
    const guesses = [];
    for (let i = 0; i < 8; i += 1) guesses.push((await exchange(`198.51.100.${i}`, `guess-${i}`)).body);
    expect(guesses.slice(0, 3).map((b: { errcode: number }) => b.errcode)).toEqual([40125, 40125, 40125]);
    expect(guesses.slice(3).map((b: { errcode: number }) => b.errcode)).toEqual([
      45009, 45009, 45009, 45009, 45009,
    ]);
    expect((guesses[3] as { errmsg: string }).errmsg).toContain('认证失败次数过多');
    // The appid is refused before its secret is looked at: the right one gets 45009 too, from anywhere.
    expect((await exchange('192.0.2.200', operator.secret)).body).toMatchObject({ errcode: 45009 });
    // None of them is chained one by one: once the window has ended, the organisation's trail has one summary
    // of the guesses at its appid, and the gateway's own one of the calls refused for the limit.
    const chained = async (org: string) =>
      (await t.audit.all(org)).filter((entry) => entry.action.startsWith('gateway_refus'));
    expect(await chained('cc')).toEqual([]);
    t.advanceClock(610_000); // past the window's end and the grace for late counts
    expect(await t.refusalSummaries.summariseEnded()).toBe(2);
    const [summary] = await chained('cc');
    expect(summary).toMatchObject({ action: 'gateway_refusals_summarised', actor: 'gateway' });
    expect(summary?.details).toMatchObject({
      total: 3,
      limit_reached: 1,
      by_reason: { wrong_secret: 3 },
      by_endpoint: { 'wechat /cgi-bin/token': 3 },
      appids: { [operator.appid]: 3 },
      distinct_addresses: 3,
    });
    const [limited] = await chained('_gateway');
    expect(limited?.details).toMatchObject({ total: 6, by_reason: { rate_limited: 6 } });
    expect(await t.verifyAudit('cc')).toMatchObject({ ok: true });
    // Weibo: wrong tokens from one address.
    const post = (token: string) =>
      from(t, '203.0.113.99')
        .post('/gateway/weibo/2/statuses/share.json')
        .type('form')
        .send({ access_token: token, status: 'x' });
    const codes = [];
    for (let i = 0; i < 4; i += 1)
      codes.push(((await post(`wrong-${i}`)).body as { error_code: number }).error_code);
    expect(codes.slice(3)).toEqual([10022]);
    expect(codes.slice(0, 3)).not.toContain(10022);
  });
});

describe('without a trusted proxy (the default), failures count on the socket’s address', () => {
  let t: ReviewApp;

  beforeAll(async () => {
    t = await startReviewApp({}, {}, {}, undefined, { authFailures: 3, authWindowSeconds: 600 });
  });

  afterAll(async () => {
    await t.close();
  });

  it('ignores X-Forwarded-For: a client cannot spread its failures over forged addresses', async () => {
    const wrong = (forged: string) =>
      from(t, forged).get('/api/drafts').set('Authorization', 'Bearer qf_not-a-token');
    for (const forged of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      expect((await wrong(forged)).status).toBe(401);
    expect((await wrong('203.0.113.4')).status).toBe(429);
  });
});
