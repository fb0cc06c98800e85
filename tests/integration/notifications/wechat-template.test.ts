import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../../src/adapters/notifications/notification.js';
import { WechatTemplateClient } from '../../../src/adapters/notifications/wechat-template/wechat-template-client.js';
import { WechatTemplateNotifier } from '../../../src/adapters/notifications/wechat-template/wechat-template-notifier.js';
import {
  FakeWechatTemplateServer,
  type FakeServiceAccount,
} from '../../fakes/fake-wechat-template-server.js';
import { classified, notificationFailureOf, REVIEW_URL } from './notification-test-helpers.js';

const FOLLOWER = 'oN5xq1b2c3d4e5f6g7h8i9j0kLmN';
const STRANGER = 'oN5xq1b2c3d4e5f6g7h8i9j0ZZZZ';
const TEMPLATE_ID = 'Qf8Vt6xXy0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV';
const SERVICE: FakeServiceAccount = {
  appid: 'wx9b8a7c6d5e4f3a01',
  templates: { [TEMPLATE_ID]: ['thing1', 'thing2'] },
  followers: [FOLLOWER],
};
const UNVERIFIED: FakeServiceAccount = { ...SERVICE, appid: 'wx9b8a7c6d5e4f3a02', verified: false };
const MESSAGE: Notification = {
  title: '南通市2026年秋季征兵工作通告（重要稿件）待审签',
  description: '审核人李四已同意',
  url: REVIEW_URL,
};

describe('WeChat template messages against FakeWechatTemplateServer', () => {
  let server: FakeWechatTemplateServer;
  let client: WechatTemplateClient;

  beforeEach(async () => {
    server = await new FakeWechatTemplateServer({ accounts: [SERVICE, UNVERIFIED] }).start();
    client = new WechatTemplateClient({ baseUrl: server.baseUrl, timeoutMs: 5_000 });
  });

  afterEach(async () => {
    await server.close();
  });

  const notifierFor = (
    appid: string,
    extra: Partial<{ refreshToken: (stale: string) => Promise<string> }> = {},
  ) =>
    new WechatTemplateNotifier({
      client,
      templateId: TEMPLATE_ID,
      getToken: () => Promise.resolve(server.issueToken(appid)),
      ...extra,
    });
  const follower = { channel: 'wechat_template', openid: FOLLOWER } as const;

  it('returns the msgid beyond 2^53 exactly, as a string', async () => {
    const data = { thing1: '秋季征兵通告', thing2: '请审签' };
    const request = { touser: FOLLOWER, templateId: TEMPLATE_ID, url: REVIEW_URL, data };
    expect(await client.sendTemplate(server.issueToken(SERVICE.appid), request)).toBe('3717005636572528642');
    expect(await client.sendTemplate(server.issueToken(SERVICE.appid), request)).toBe('3717005636572528643');
    expect(server.sent()[0]).toEqual({ msgid: '3717005636572528642', appid: SERVICE.appid, ...request });
  });

  it('delivers through the notifier with the link and the title cut to the keyword limit', async () => {
    const delivery = await notifierFor(SERVICE.appid).send(follower, MESSAGE);
    expect(delivery).toEqual({ delivered: true, id: '3717005636572528642' });
    const [sent] = server.sent();
    expect(sent?.url).toBe(REVIEW_URL);
    expect(sent?.data).toEqual({ thing1: '南通市2026年秋季征兵工作通告（重要…', thing2: '审核人李四已同意' });
  });

  it.each([
    ['a recipient who does not follow the account', SERVICE.appid, STRANGER, '43004', /未关注本服务号/],
    ['an account that is not a verified 服务号', UNVERIFIED.appid, FOLLOWER, '48001', /仅已认证的服务号/],
  ])('refuses %s permanently, explaining what to do', async (_what, appid, openid, code, explanation) => {
    const error = await notificationFailureOf(
      notifierFor(appid).send({ channel: 'wechat_template', openid }, MESSAGE),
    );
    expect(classified(error)).toEqual({ code, kind: 'permanent', transient: false });
    expect(error.explanation).toMatch(explanation);
  });

  it('refuses an unknown template (40037) and a malformed openid (40003)', async () => {
    const token = server.issueToken(SERVICE.appid);
    const data = { thing1: 'a', thing2: 'b' };
    const unknown = client.sendTemplate(token, { touser: FOLLOWER, templateId: 'nope', data });
    expect((await notificationFailureOf(unknown)).code).toBe('40037');
    const malformed = client.sendTemplate(token, { touser: 'x', templateId: TEMPLATE_ID, data });
    expect((await notificationFailureOf(malformed)).code).toBe('40003');
  });

  it('refreshes a refused token once through the caller, then delivers', async () => {
    const stale = server.issueToken(SERVICE.appid);
    server.expireTokens(SERVICE.appid);
    const refreshed: string[] = [];
    const notifier = new WechatTemplateNotifier({
      client,
      templateId: TEMPLATE_ID,
      getToken: () => Promise.resolve(stale),
      refreshToken: (old) => {
        refreshed.push(old);
        return Promise.resolve(server.issueToken(SERVICE.appid));
      },
    });
    await expect(notifier.send(follower, MESSAGE)).resolves.toMatchObject({ delivered: true });
    expect(refreshed).toEqual([stale]);
    expect(server.callCount()).toBe(2);
  });

  it('without a refresher, reports an expired token as a token problem for the caller', async () => {
    const stale = server.issueToken(SERVICE.appid);
    server.expireTokens(SERVICE.appid);
    const notifier = new WechatTemplateNotifier({
      client,
      templateId: TEMPLATE_ID,
      getToken: () => Promise.resolve(stale),
    });
    const error = await notificationFailureOf(notifier.send(follower, MESSAGE));
    expect(classified(error)).toEqual({ code: '42001', kind: 'token', transient: true });
  });

  it.each([
    [{ type: 'error_code', code: 45009 }, '45009'],
    [{ type: 'error_code', code: -1 }, '-1'],
    [{ type: 'http_status', status: 502 }, 'http_502'],
    [{ type: 'drop_connection' }, 'network'],
  ] as const)('reports %j as transient', async (fault, code) => {
    server.faults.add('/cgi-bin/message/template/send', fault);
    const error = await notificationFailureOf(notifierFor(SERVICE.appid).send(follower, MESSAGE));
    expect(classified(error)).toEqual({ code, kind: 'transient', transient: true });
  });

  it('gives up at its deadline, as a transient timeout', async () => {
    server.faults.add('/cgi-bin/message/template/send', { type: 'hang' });
    const hurried = new WechatTemplateClient({ baseUrl: server.baseUrl, timeoutMs: 40 });
    const data = { thing1: 'a', thing2: 'b' };
    const send = hurried.sendTemplate(server.issueToken(SERVICE.appid), {
      touser: FOLLOWER,
      templateId: TEMPLATE_ID,
      data,
    });
    expect(classified(await notificationFailureOf(send)).code).toBe('timeout');
  });
});
