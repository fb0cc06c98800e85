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
 * 定时发布 (issue 12, point 5): an approved draft with a publish time waits until then — shown as such — and is
 * published exactly once by the worker's own release job; a decider may withdraw it before its time.
 */

const HOUR = 3_600_000;
const DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:崇川发布'],
};

interface DraftBody {
  id: string;
  status: string;
  publish_at: string | null;
  withdrawal: { by: { name: string }; comment: string } | null;
  publications: { status: string; status_name: string; not_before: string | null }[];
}
interface ErrorBody {
  error: { code: string; message: string };
}

/** `ms` from now (the app's clock before a test moves it), written with Beijing's offset as an office would. */
function beijingIso(ms: number): string {
  const at = new Date(Date.now() + ms + 8 * HOUR).toISOString().slice(0, 19);
  return `${at}+08:00`;
}

describe('scheduled publishing', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;

  let app: WechatPublishingApp;

  beforeEach(async () => {
    // The worker looks for due publications every 100 ms of real time; the app's clock moves only when told.
    app = await startWechatPublishingApp({ scheduleCheckMs: 100 });
    ({ t, wechat, drafter, reviewer, editor } = app);
  });

  afterEach(() => app.close());

  const read = async (id: string) => (await as(t.app, editor).get(`/api/drafts/${id}`)).body as DraftBody;

  async function approvedFor(publishAt: string): Promise<string> {
    const submitted = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, publish_at: publishAt });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = (submitted.body as DraftBody).id;
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    expect((await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    return id;
  }

  it('waits as 定时发布 until its time, then the worker publishes it exactly once', async () => {
    const publishAt = beijingIso(HOUR);
    const id = await approvedFor(publishAt);
    const waiting = await read(id);
    expect(waiting.publish_at).toBe(new Date(publishAt).toISOString());
    expect(waiting.publications).toEqual([
      expect.objectContaining({
        status: 'scheduled',
        status_name: '定时发布',
        not_before: waiting.publish_at,
      }),
    ]);
    // Its time has not come: looking for due publications (as the worker's release job does) queues nothing.
    expect(await t.publish.releaseDue()).toBe(0);
    await untilPublishingIdle(t);
    expect(wechat.publishedCount(WECHAT.appid)).toBe(0);
    expect((await read(id)).publications.map((p) => p.status)).toEqual(['scheduled']);

    t.advanceClock(HOUR);
    await until(`draft ${id} to be published`, async () => (await read(id)).status === 'published');
    await untilPublishingIdle(t);
    expect(wechat.publishedCount(WECHAT.appid)).toBe(1);
    const trail = (await as(t.app, editor).get(`/api/drafts/${id}/audit`)).body as { entries: AuditEntry[] };
    expect(trail.entries.find((e) => e.action === 'publish_queued')?.details).toMatchObject({
      publish_at: waiting.publish_at,
    });
  });

  it('lets a decider withdraw it before its time; then nothing is published and the drafter may revise', async () => {
    const id = await approvedFor(beijingIso(HOUR));
    const cancel = (by: Auth, body: object) => as(t.app, by).post(`/api/drafts/${id}/schedule/cancel`, body);
    const byDrafter = await cancel(drafter, { version: 1, comment: '不发了' });
    expect([byDrafter.status, (byDrafter.body as ErrorBody).error.code]).toEqual([
      403,
      'publishing_not_allowed',
    ]);
    expect((await cancel(editor, { version: 1 })).status).toBe(400);

    const withdrawn = await cancel(editor, { version: 1, comment: '突发汛情，活动延期' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const body = withdrawn.body as DraftBody;
    expect([body.status, body.withdrawal?.by.name, body.withdrawal?.comment]).toEqual([
      'withdrawn',
      '王五',
      '突发汛情，活动延期',
    ]);
    expect(body.publications.map((p) => p.status)).toEqual(['cancelled']);

    t.advanceClock(2 * HOUR);
    await t.publish.releaseDue();
    await untilPublishingIdle(t);
    expect(wechat.publishedCount(WECHAT.appid)).toBe(0);
    const again = await cancel(editor, { version: 1, comment: '再撤' });
    expect([again.status, (again.body as ErrorBody).error.code]).toEqual([409, 'schedule_not_pending']);
    const revised = await as(t.app, drafter).put(`/api/drafts/${id}`, { ...DRAFT, base_version: 1 });
    expect([revised.status, (revised.body as DraftBody).status]).toEqual([200, 'in_review']);
  });

  it('refuses a publish time already past, or not a time, saying what to do', async () => {
    const past = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, publish_at: beijingIso(-HOUR) });
    expect([past.status, (past.body as ErrorBody).error.code]).toEqual([422, 'publish_time_past']);
    expect((past.body as ErrorBody).error.message).toContain('北京时间');
    const garbled = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, publish_at: '明早八点' });
    expect(garbled.status).toBe(400);
    expect(JSON.stringify(garbled.body)).toContain('定时发布时间须为 ISO 8601 时间');
  });
});
