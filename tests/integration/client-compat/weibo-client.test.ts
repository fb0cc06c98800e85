import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeWeiboServer } from '../../fakes/fake-weibo-server.js';
import { untilPublishingIdle } from '../../helpers/queues-idle.js';
import { as, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { startWeiboGatewayApp, WEIBO_ACCOUNT as ACCOUNT } from '../../helpers/weibo-gateway-app.js';
import { until } from '../../helpers/until.js';

/**
 * The Weibo gateway driven by an npm Weibo client. The registry holds one: `weibo@0.6.11`, fengmk2's node-weibo
 * (the `node-weibo` name is a 404), unmaintained since 2013. It installs, pinned exactly, with one override:
 * its `urllib >=0.5.5` resolves to urllib 4, which dropped the callback API it calls, so package.json pins
 * urllib 2.21.0 for it (the version wechat-api brings). Its API host is `get_config(user).host`. It posts
 * with statuses/update.json and reads statuses/show.json; it treats any HTTP 200 as success and sets `id` to
 * `idstr` (so ids beyond 2^53 survive) and parses `created_at` into a Date.
 */

interface WeiboUser {
  blogtype: 'weibo';
  access_token: string;
}

/** A status as node-weibo hands it over: the answer's fields, `id` replaced by `idstr`, `created_at` a Date. */
interface NodeWeiboStatus {
  id: string;
  idstr: string;
  text?: string;
  created_at: Date;
  error_code?: number;
  qianfa?: { draft: string; status: string; pending_id?: string };
}

type Callback = (error: (Error & { data?: Record<string, unknown> }) | null, status: NodeWeiboStatus) => void;

interface NodeWeibo {
  init(blogtype: 'weibo', appkey: string, secret: string, callbackUrl: string): void;
  get_config(user: WeiboUser): { host: string };
  update(user: WeiboUser, status: string, callback: Callback): void;
  show(user: WeiboUser, id: string, callback: Callback): void;
}

const require = createRequire(import.meta.url);
const weibo = require('weibo') as NodeWeibo;

/** node-weibo's callbacks as promises: the status, or the error it reports (HTTP ≠ 200). */
function call(start: (callback: Callback) => void): Promise<NodeWeiboStatus> {
  return new Promise((resolve, reject) => {
    start((error, status) => {
      if (error) reject(error);
      else resolve(status);
    });
  });
}

describe('node-weibo (weibo@0.6.11) against the Weibo gateway', () => {
  let t: ReviewApp;
  let fake: FakeWeiboServer;
  let reviewer: Auth;
  let editor: Auth;
  let user: WeiboUser;

  beforeAll(async () => {
    let baseUrl: string;
    ({ t, weibo: fake, reviewer, editor, baseUrl } = await startWeiboGatewayApp());
    const { secret } = await t.grantGateway('weibo:崇川微博', '王五');
    user = { blogtype: 'weibo', access_token: secret };
    weibo.init('weibo', 'gateway-appkey', 'unused', 'http://127.0.0.1/oauth-callback');
    weibo.get_config(user).host = `${baseUrl}/gateway/weibo/2`;
  });

  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('posts with statuses/update, gets the pending id, and polls statuses/show until the real post', async () => {
    const text = '【防汛提醒】今晚到明天我区有大到暴雨，请市民减少外出，注意安全。';
    const pending = await call((done) => weibo.update(user, text, done));
    expect(pending.idstr).toMatch(/^\d{16}$/);
    expect(pending.id).toBe(pending.idstr);
    expect(pending).toMatchObject({ error_code: 20032, qianfa: { status: 'pending_review' } });
    const draft = pending.qianfa?.draft ?? '';
    expect(await call((done) => weibo.show(user, pending.idstr, done))).toMatchObject({
      idstr: pending.idstr,
      error_code: 20032,
      qianfa: { draft, status: 'pending_review' },
    });
    expect(fake.posts(ACCOUNT.uid)).toHaveLength(0);

    for (const person of [reviewer, editor]) {
      expect((await as(t.app, person).post(`/api/drafts/${draft}/approve`, { version: 1 })).status).toBe(200);
    }
    const published = await until('the real post through statuses/show', async () => {
      const status = await call((done) => weibo.show(user, pending.idstr, done));
      return status.error_code === undefined ? status : undefined;
    });
    await untilPublishingIdle(t);
    const posts = fake.posts(ACCOUNT.uid);
    expect(posts).toHaveLength(1);
    expect(published).toMatchObject({
      id: posts[0]?.id.toString(),
      idstr: posts[0]?.id.toString(),
      text: posts[0]?.text,
      qianfa: { draft, status: 'published', pending_id: pending.idstr },
    });
    // node-weibo parses created_at with Date: Weibo's format, read back to the second the fake posted it.
    expect(published.created_at.getTime()).toBe(
      Math.floor((posts[0]?.createdAt.getTime() ?? 0) / 1000) * 1000,
    );
  });

  it('reports a returned post as an error with the reviewer’s reason', async () => {
    const pending = await call((done) =>
      weibo.update(user, '【活动预告】本周日上午举办社区义诊，欢迎参加。', done),
    );
    const draft = pending.qianfa?.draft ?? '';
    const returned = await as(t.app, reviewer).post(`/api/drafts/${draft}/reject`, {
      version: 1,
      comment: '义诊地点未写明',
    });
    expect(returned.status).toBe(200);
    const error = await call((done) => weibo.show(user, pending.idstr, done)).then(
      () => undefined,
      (e: unknown) => e as Error & { data?: Record<string, unknown> },
    );
    expect(error?.message).toContain('审核退回：义诊地点未写明');
    expect(error?.data).toMatchObject({ error_code: 20021, qianfa: { draft, status: 'rejected' } });
  });
});
