import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.js';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { WECHAT_ACCOUNT, WECHAT_DRAFT } from '../helpers/publishing-fixtures.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';

/** One sample's value from the exposition text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((row) =>
      row.startsWith(`${name}{`) || row.startsWith(`${name} `) ? wanted.every((l) => row.includes(l)) : false,
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('request logs and /metrics (issue 14, point 7)', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let drafter: Auth;
  let admin: Auth;
  let draftId: string;

  beforeAll(async () => {
    wechat = await new FakeWechatServer({ accounts: [WECHAT_ACCOUNT] }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl });
    admin = await t.person('管理员', ['admin']);
    drafter = await t.person('张三', ['drafter']);
    const reviewer = await t.person('李四', ['reviewer']);
    const editor = await t.person('王五', ['editor']);
    const account = { platform: 'wechat', name: '崇川发布', ...WECHAT_ACCOUNT };
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    await t.startWorker();
    draftId = ((await as(t.app, drafter).post('/api/drafts', WECHAT_DRAFT)).body as { id: string }).id;
    await as(t.app, reviewer).post(`/api/drafts/${draftId}/approve`, { version: 1 });
    await as(t.app, editor).post(`/api/drafts/${draftId}/approve`, { version: 1 });
    await until('the publication', () => wechat.publishedCount(WECHAT_ACCOUNT.appid) === 1);
    await untilPublishingIdle(t);
  });

  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  it('logs each request once: request id, person, route pattern, status, time; never a link token', async () => {
    const answer = await as(t.app, drafter).get(`/api/drafts/${draftId}`).set('X-Request-Id', 'trace-42');
    expect(answer.headers['x-request-id']).toBe('trace-42');
    await request(t.app).get('/m/review/secret.link-token?access_token=also-secret');
    const lines = t.logged.filter((entry) => entry.message === 'request');
    expect(lines.find((entry) => entry.fields['request_id'] === 'trace-42')?.fields).toMatchObject({
      method: 'GET',
      route: '/api/drafts/:id',
      status: 200,
      person: drafter.id,
    });
    const link = lines.find((entry) => String(entry.fields['path']).startsWith('/m/review/'));
    expect(link?.fields['path']).toBe('/m/review/[redacted]?access_token=%5Bredacted%5D');
    expect(JSON.stringify(t.logged)).not.toContain('secret.link-token');
    expect(JSON.stringify(t.logged)).not.toContain(drafter.header.slice('Bearer '.length));
  });

  it('exposes latency by route, queues, publish outcomes, check, audit and review waiting times', async () => {
    const answer = await request(t.app).get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain');
    const text = answer.text;
    const route = { route: '/api/drafts', method: 'POST', status: '201' };
    expect(sample(text, 'qianfa_http_request_duration_seconds_count', route)).toBe(1);
    // Patterns, not concrete paths: one label for every organisation, also past a mount with parameters.
    const accounts = { route: '/api/orgs/:slug/accounts', method: 'POST', status: '201' };
    expect(sample(text, 'qianfa_http_request_duration_seconds_count', accounts)).toBe(1);
    await as(t.app, admin).get('/api/orgs/cc/people');
    const people = (await request(t.app).get('/metrics')).text;
    const listed = { route: '/api/orgs/:slug/people', method: 'GET', status: '200' };
    expect(sample(people, 'qianfa_http_request_duration_seconds_count', listed)).toBe(1);
    expect(sample(text, 'qianfa_queue_jobs', { queue: 'qianfa-publish', state: 'waiting' })).toBe(0);
    expect(sample(text, 'qianfa_queue_oldest_waiting_seconds', { queue: 'qianfa-publish' })).toBe(0);
    const outcome = { platform: 'wechat', outcome: 'completed' };
    expect(sample(text, 'qianfa_publish_outcomes_total', outcome)).toBe(1);
    expect(sample(text, 'qianfa_check_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'qianfa_audit_append_duration_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'qianfa_review_wait_seconds_count', { grade: 'general' })).toBe(2);
  });

  it('answers /metrics only with the configured token, or to loopback when none is set', async () => {
    const guarded = createApp({
      ...t,
      ping: () => Promise.resolve(true),
      metricsToken: 'scrape-token-0123456789',
    });
    expect((await request(guarded).get('/metrics')).status).toBe(401);
    const wrong = await request(guarded)
      .get('/metrics')
      .set('Authorization', 'Bearer scrape-token-0000000000');
    expect(wrong.status).toBe(401);
    const right = await request(guarded)
      .get('/metrics')
      .set('Authorization', 'Bearer scrape-token-0123456789');
    expect(right.status).toBe(200);
  });
});
