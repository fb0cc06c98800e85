import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeWechatServer } from './../fakes/fake-wechat-server.js';
import { formBody } from '../helpers/form-body.js';
import { WECHAT_DRAFT } from '../helpers/publishing-fixtures.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';
import {
  startWechatPublishingApp,
  WECHAT_ACCOUNT as WECHAT,
  type WechatPublishingApp,
} from '../helpers/wechat-publishing-app.js';

/**
 * 停用发布账号 (issue 12 point 4): an admin disables an account; new drafts cannot target it, an approved draft
 * is not published to it (failed, admins alerted) until it is enabled again and retried; both are audited.
 */

const TARGET = 'wechat:崇川发布';
const ACCOUNT_PATH = '/api/orgs/cc/accounts/wechat/%E5%B4%87%E5%B7%9D%E5%8F%91%E5%B8%83';
const DRAFT = WECHAT_DRAFT;

interface DraftBody {
  id: string;
  status: string;
  publications: { target: string; status: string; failure: { code: string; explanation: string } | null }[];
}

describe('disabling a platform account', () => {
  let app: WechatPublishingApp;
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let admin: Auth;
  let drafter: Auth;

  beforeEach(async () => {
    app = await startWechatPublishingApp();
    ({ t, wechat, admin, drafter } = app);
  });
  afterEach(() => app.close());

  const read = async (id: string) => (await as(t.app, app.editor).get(`/api/drafts/${id}`)).body as DraftBody;
  const setDisabled = (disabled: boolean) =>
    as(t.app, admin).post(`${ACCOUNT_PATH}/${disabled ? 'disable' : 'enable'}`, {});

  it('refuses it as the target of a new draft (422, naming it), and takes it again once enabled', async () => {
    const disabled = await setDisabled(true);
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body).toMatchObject({ name: '崇川发布', disabledAt: expect.any(String) as unknown });
    expect(JSON.stringify(disabled.body)).not.toContain(WECHAT.secret);
    const listed = (await as(t.app, admin).get('/api/orgs/cc/accounts')).body as {
      accounts: { disabledAt?: string }[];
    };
    expect(listed.accounts[0]?.disabledAt).toBeDefined();

    const refused = await as(t.app, drafter).post('/api/drafts', DRAFT);
    expect(refused.status).toBe(422);
    const { error } = refused.body as { error: { code: string; message: string } };
    expect(error.code).toBe('targets_disabled');
    expect(error.message).toContain('wechat:崇川发布');
    expect(error.message).toContain('已停用');

    expect((await setDisabled(false)).status).toBe(200);
    expect((await as(t.app, drafter).post('/api/drafts', DRAFT)).status).toBe(201);

    const actions = (await t.audit.all('cc')).map((entry) => entry.action);
    expect(actions.filter((action) => action.startsWith('account_'))).toEqual([
      'account_disabled',
      'account_enabled',
    ]);
    expect((await as(t.app, drafter).post(`${ACCOUNT_PATH}/disable`, {})).status).toBe(403);
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts/wechat/无此账号/disable', {})).status).toBe(
      404,
    );
  });

  it('does not publish an approved draft to it: failed and alerted, published once enabled and retried', async () => {
    const submitted = await as(t.app, drafter).post('/api/drafts', DRAFT);
    const id = (submitted.body as DraftBody).id;
    expect((await setDisabled(true)).status).toBe(200);
    for (const person of [app.reviewer, app.editor]) {
      expect((await as(t.app, person).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    }
    await until('the target to fail', async () => (await read(id)).status === 'publish_failed');
    const failed = (await read(id)).publications[0];
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'account_disabled' } });
    expect(failed?.failure?.explanation).toContain('已被管理员停用');
    expect(wechat.publishedCount(WECHAT.appid)).toBe(0);
    const alerts = await t.alerts.list('cc', 10);
    expect(alerts[0]).toMatchObject({ kind: 'publish_failed', draft: id, target: TARGET });

    expect((await setDisabled(false)).status).toBe(200);
    const retried = await as(t.app, app.editor).post(
      `/api/drafts/${id}/targets/${encodeURIComponent(TARGET)}/retry`,
      {},
    );
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    await until('the draft to be published', async () => (await read(id)).status === 'published');
    await untilPublishingIdle(t);
    expect(wechat.publishedCount(WECHAT.appid)).toBe(1);
  });

  it('is disabled and enabled from the admin page, and no longer offered on the writing page', async () => {
    const agent = request.agent(t.app);
    const login = async (who: Auth) => {
      const person = (await t.people.getPerson(who.id))!;
      expect((await agent.get(t.desk.loginPath(person))).status).toBe(303);
    };
    await login(admin);
    const page = await agent.get('/d/admin/org/cc/accounts');
    const action = (verb: string) =>
      new RegExp(`action="([^"]*/accounts/wechat/[^"/]+/${verb}\\?csrf=[^"]+)"`).exec(page.text)?.[1] ?? '';
    const disable = action('disable').replace(/&amp;/g, '&');
    expect(disable).not.toBe('');
    const done = await agent.post(disable).type('form').send(formBody({}));
    expect(done.status).toBe(200);
    expect(done.text).toContain('已停用账号 崇川发布');
    expect(done.text).toContain('重新启用');
    const trail = await agent.get('/d/admin/org/cc/audit');
    expect(trail.text).toMatch(/停用发布账号<\/strong> · 管理员/);

    const writer = request.agent(t.app);
    const person = (await t.people.getPerson(drafter.id))!;
    expect((await writer.get(t.desk.loginPath(person))).status).toBe(303);
    expect((await writer.get('/d/write')).text).not.toContain(TARGET);

    const enable =
      /action="([^"]*\/accounts\/wechat\/[^"/]+\/enable\?csrf=[^"]+)"/.exec(done.text)?.[1] ?? '';
    const enabled = await agent.post(enable.replace(/&amp;/g, '&')).type('form').send('');
    expect(enabled.text).toContain('已重新启用账号 崇川发布');
    expect((await writer.get('/d/write')).text).toContain(TARGET);
  });
});
