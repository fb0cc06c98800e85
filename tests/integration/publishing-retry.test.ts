import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import type { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, type Auth, type ReviewApp } from '../helpers/review-app.js';
import {
  startWechatPublishingApp,
  WECHAT_ACCOUNT as WECHAT,
  type WechatPublishingApp,
} from '../helpers/wechat-publishing-app.js';
import { until } from '../helpers/until.js';

/**
 * 重新发布 (issue 15, point 2): a target that failed for good leaves the draft `publish_failed`, and a decider of
 * its chain or an administrator has it published again — audited, once however many ask at the same time, and
 * without repeating on the platform what already reached it.
 */

const TARGET = 'wechat:崇川发布';
const DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: [TARGET],
};
/** WeChat's pre-publication check refused the article: permanent, so the queue does not retry it. */
const REFUSED = 53503;

interface DraftBody {
  id: string;
  status: string;
  status_name: string;
  publications: { target: string; status: string; failure: { code: string } | null }[];
}
interface ErrorBody {
  error: { code: string; message: string };
}

describe('retrying a target that failed for good', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let admin: Auth;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;

  let app: WechatPublishingApp;

  beforeEach(async () => {
    app = await startWechatPublishingApp();
    ({ t, wechat, admin, drafter, reviewer, editor } = app);
  });

  afterEach(() => app.close());

  const read = async (id: string) => (await as(t.app, editor).get(`/api/drafts/${id}`)).body as DraftBody;
  const retry = (by: Auth, id: string, target = TARGET) =>
    as(t.app, by).post(`/api/drafts/${id}/targets/${encodeURIComponent(target)}/retry`, {});
  const retriedEntries = async (id: string) =>
    (
      (await as(t.app, editor).get(`/api/drafts/${id}/audit`)).body as { entries: AuditEntry[] }
    ).entries.filter((entry) => entry.action === 'publish_retried');

  /** An approved draft whose WeChat publication the platform refused for good. */
  async function failedDraft(): Promise<string> {
    wechat.faults.add('/cgi-bin/freepublish/submit', { type: 'error_code', code: REFUSED }, { times: 1 });
    const submitted = await as(t.app, drafter).post('/api/drafts', DRAFT);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = (submitted.body as DraftBody).id;
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    expect((await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    await until(`draft ${id} to be publish_failed`, async () => (await read(id)).status === 'publish_failed');
    return id;
  }

  it('shows the draft as 发布失败, and publishes it once when a decider of its chain retries', async () => {
    const id = await failedDraft();
    const failed = await read(id);
    expect(failed).toMatchObject({ status: 'publish_failed', status_name: '发布失败' });
    expect(failed.publications[0]).toMatchObject({ status: 'failed', failure: { code: String(REFUSED) } });

    const retried = await retry(editor, id);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect((retried.body as DraftBody).status).toBe('approved');
    expect((retried.body as DraftBody).publications[0]).toMatchObject({ status: 'queued', failure: null });

    await until(`draft ${id} to be published`, async () => (await read(id)).status === 'published');
    expect((await read(id)).publications[0]?.status).toBe('published');
    expect(wechat.publishedCount(WECHAT.appid)).toBe(1);
    // The WeChat draft made before the refusal is reused: nothing that reached the platform is made twice.
    expect(wechat.callCount('/cgi-bin/draft/add')).toBe(1);
    expect(wechat.callCount('/cgi-bin/freepublish/submit')).toBe(2);

    const [entry, ...more] = await retriedEntries(id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: editor.id,
      version: 1,
      details: { target: TARGET, round: 1, previous_code: String(REFUSED) },
    });
    const again = await retry(editor, id);
    expect([again.status, (again.body as ErrorBody).error.code]).toEqual([409, 'target_not_failed']);
  });

  it('lets an administrator retry; refuses the drafter (recorded), unknown targets and other organisations', async () => {
    const id = await failedDraft();
    const byDrafter = await retry(drafter, id);
    expect([byDrafter.status, (byDrafter.body as ErrorBody).error.code]).toEqual([
      403,
      'publishing_not_allowed',
    ]);
    expect((byDrafter.body as ErrorBody).error.message).toContain('管理员');
    const trail = (await as(t.app, editor).get(`/api/drafts/${id}/audit`)).body as { entries: AuditEntry[] };
    expect(trail.entries.at(-1)).toMatchObject({
      action: 'refused',
      actor: drafter.id,
      details: { attempt: 'retry_publish', target: TARGET, error: { code: 'publishing_not_allowed' } },
    });

    const unknown = await retry(admin, id, 'weibo:崇川微博');
    expect([unknown.status, (unknown.body as ErrorBody).error.code]).toEqual([404, 'target_not_found']);
    const malformed = await retry(admin, id, 'no-platform');
    expect(malformed.status).toBe(400);
    const outsider = await t.person('外单位审签', ['editor'], { org: 'other' });
    expect((await retry(outsider, id)).status).toBe(404);
    expect((await read(id)).status).toBe('publish_failed');

    expect((await retry(admin, id)).status).toBe(202);
    await until(`draft ${id} to be published`, async () => (await read(id)).status === 'published');
  });

  it('queues one retry however many ask at once, and recovery or a repeated enqueue adds nothing', async () => {
    const id = await failedDraft();
    const answers = await Promise.all([admin, editor, reviewer, admin, editor].map((by) => retry(by, id)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409, 409]);
    await until(`draft ${id} to be published`, async () => (await read(id)).status === 'published');
    await t.publish.recover();
    const committed = await t.review.get((await t.people.getPerson(editor.id))!, id);
    if (committed.ok) await t.publish.enqueue(committed.value);
    await untilPublishingIdle(t);
    expect(wechat.publishedCount(WECHAT.appid)).toBe(1);
    expect(await retriedEntries(id)).toHaveLength(1);
  });
});
