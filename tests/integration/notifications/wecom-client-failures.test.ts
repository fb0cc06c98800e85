import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WecomClient } from '../../../src/adapters/notifications/wecom/wecom-client.js';
import type { FakeWecomServer } from '../../fakes/fake-wecom-server.js';
import {
  APP,
  classified,
  notificationFailureOf,
  REVIEW_URL,
  startFakeWecom,
  wecomClientFor,
} from './notification-test-helpers.js';

/** Transport and platform failures of message/send, classified as the retry policy needs them. */
describe('WecomClient.sendTextCard failures', () => {
  let server: FakeWecomServer;
  let token: string;

  beforeEach(async () => {
    server = await startFakeWecom();
    token = (await wecomClientFor(server).getToken(APP.corpid, APP.corpsecret)).accessToken;
  });

  afterEach(async () => {
    await server.close();
  });

  const send = (timeoutMs = 5_000): Promise<unknown> =>
    wecomClientFor(server, timeoutMs).sendTextCard(token, {
      agentid: APP.agentid,
      touser: ['lisi'],
      title: '待审核',
      description: '请审核',
      url: REVIEW_URL,
    });

  it.each([
    [45009, 'transient', /频率限制/],
    [45033, 'transient', /并发/],
    [-1, 'transient', /繁忙/],
    [60020, 'permanent', /企业可信IP/],
    [48002, 'permanent', /没有调用该接口的权限/],
  ] as const)('classifies errcode %s as %s', async (code, kind, explanation) => {
    server.faults.add('/cgi-bin/message/send', { type: 'error_code', code });
    const error = await notificationFailureOf(send());
    expect({ code: error.code, kind: error.kind }).toEqual({ code: String(code), kind });
    expect(error.transient).toBe(kind === 'transient');
    expect(error.explanation).toMatch(explanation);
    expect(error.channel).toBe('wecom');
  });

  it('succeeds again after a one-off 503, which is transient with the status in the code', async () => {
    server.faults.add('/cgi-bin/message/send', { type: 'http_status', status: 503 });
    expect(classified(await notificationFailureOf(send()))).toEqual({
      code: 'http_503',
      kind: 'transient',
      transient: true,
    });
    await expect(send()).resolves.toBeDefined();
  });

  it('reports a dropped connection as a transient network error with its cause', async () => {
    server.faults.add('/cgi-bin/message/send', { type: 'drop_connection' });
    const error = await notificationFailureOf(send());
    expect(classified(error)).toEqual({ code: 'network', kind: 'transient', transient: true });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('gives up at its deadline when WeCom is slower, as a transient timeout', async () => {
    server.faults.add('/cgi-bin/message/send', { type: 'hang' }); // no answer: the client gives up first
    const error = await notificationFailureOf(send(40));
    expect(classified(error)).toEqual({ code: 'timeout', kind: 'transient', transient: true });
    expect(error.explanation).toMatch(/没有应答/);
  });

  it('reports an unexpected HTTP status (a misconfigured base URL) as permanent', async () => {
    const misconfigured = new WecomClient({ baseUrl: `${server.baseUrl}/no-such-proxy` });
    const error = await notificationFailureOf(misconfigured.getToken(APP.corpid, APP.corpsecret));
    expect(classified(error)).toEqual({ code: 'http_404', kind: 'permanent', transient: false });
  });
});
