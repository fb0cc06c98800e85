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
});
