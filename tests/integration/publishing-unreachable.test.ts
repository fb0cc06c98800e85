import { afterEach, describe, expect, it } from 'vitest';
import type { PublishingConfig } from '../../src/config/config-schema.js';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { WECHAT_ACCOUNT, WECHAT_DRAFT } from '../helpers/publishing-fixtures.js';
import { until } from '../helpers/until.js';

const WECHAT = WECHAT_ACCOUNT;
const DRAFT = WECHAT_DRAFT;

interface RetryBody {
  kind: string;
  code: string;
  explanation: string;
  attempt: number;
  failed_at: string;
  next_retry_at: string;
}
interface PublicationBody {
  status: string;
  failure: { code: string; explanation: string } | null;
  retry: RetryBody | null;
}

/** A platform that cannot be reached or does not answer: what editors, the log and admins see (issue 15, point 4). */
describe('publishing to an unreachable platform', () => {
  let t: ReviewApp | undefined;
  let wechat: FakeWechatServer | undefined;
  let editor: Auth;

  afterEach(async () => {
    await t?.close();
    await wechat?.close();
  });

  /** The app with a worker, an approved draft for `wechat:崇川发布` at `wechatApiBase`, and its id. */
  async function approvedDraft(publishing: Partial<PublishingConfig>): Promise<string> {
    t = await startReviewApp(publishing);
    const admin = await t.person('管理员', ['admin']);
    const drafter = await t.person('张三', ['drafter']);
    const reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('王五', ['editor']);
    const account = { platform: 'wechat', name: '崇川发布', ...WECHAT };
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    await t.startWorker();
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    expect((await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    return id;
  }

  async function publication(id: string): Promise<PublicationBody> {
    const draft = (await as(t!.app, editor).get(`/api/drafts/${id}`)).body as {
      publications: PublicationBody[];
    };
    return draft.publications[0]!;
  }

  it('shows the failed attempt on the target at once, with when it is retried, and logs it', async () => {
    // Port 9 on loopback: nothing listens, the connection is refused. The next try is far off.
    const hour = 3_600_000;
    const id = await approvedDraft({
      wechatApiBase: 'http://127.0.0.1:9',
      backoffMs: hour,
      backoffMaxMs: hour,
    });
    const shown = await until('the failed attempt on the target', async () => {
      const current = await publication(id);
      return current.retry ? current : undefined;
    });
    expect(shown).toMatchObject({ status: 'publishing', failure: null });
    expect(shown.retry).toMatchObject({ kind: 'transient', code: 'network', attempt: 1 });
    expect(shown.retry?.explanation).toMatch(/连接微信服务器失败/);
    const wait = Date.parse(shown.retry!.next_retry_at) - Date.parse(shown.retry!.failed_at);
    // The backoff's jitter keeps the delay between half and all of the first delay.
    expect(wait).toBeGreaterThanOrEqual(1_800_000);
    expect(wait).toBeLessThanOrEqual(3_600_000);
    const logged = t!.logged.find((entry) => entry.message === 'publish attempt failed, will retry');
    expect(logged?.fields).toMatchObject({
      draft: id,
      target: 'wechat:崇川发布',
      attempt: 1,
      code: 'network',
      next_retry_at: shown.retry?.next_retry_at,
    });
  });

  it('a hanging platform times out; once retries are spent the target fails with the reason and admins are told', async () => {
    wechat = await new FakeWechatServer({ accounts: [WECHAT] }).start();
    wechat.faults.add('/cgi-bin/stable_token', { type: 'hang' }, { times: 1_000 });
    const id = await approvedDraft({
      wechatApiBase: wechat.baseUrl,
      platformTimeoutMs: 100,
      attempts: 2,
      backoffMs: 1,
      backoffMaxMs: 1,
    });
    await until('the target to fail', async () => (await publication(id)).status === 'failed');
    await untilPublishingIdle(t!);
    const failed = await publication(id);
    expect(failed.failure?.code).toBe('timeout');
    expect(failed.failure?.explanation).toMatch(/^多次重试仍未成功：微信服务器在限定时间内没有应答/);
    expect(failed.retry).toBeNull();
    expect(wechat.callCount('/cgi-bin/stable_token')).toBe(2);
    const alerts = await t!.alerts.list('cc', 10);
    expect(alerts[0]).toMatchObject({ kind: 'publish_failed', draft: id, target: 'wechat:崇川发布' });
    expect(t!.logged.map((entry) => entry.message)).toEqual(
      expect.arrayContaining(['publish attempt failed, will retry', 'publish gave up']),
    );
  });
});
