import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../../src/adapters/notifications/notification.js';
import { WecomNotifier } from '../../../src/adapters/notifications/wecom/wecom-notifier.js';
import { WecomClient } from '../../../src/adapters/notifications/wecom/wecom-client.js';
import { FakeHttpServer } from '../../fakes/fake-http-server.js';
import type { FakeWecomServer } from '../../fakes/fake-wecom-server.js';
import { createSeededRandom } from '../../fakes/fault-injection.js';
import { ManualClock } from '../platforms/platform-test-helpers.js';
import {
  APP,
  classified,
  notificationFailureOf,
  REVIEW_URL,
  startFakeWecom,
  wecomClientFor,
} from './notification-test-helpers.js';

const MESSAGE: Notification = {
  title: '待审签：南通市2026年秋季征兵工作通告',
  description: '重要稿件，审核人李四已同意，请您审签。',
  url: REVIEW_URL,
};
const DECISION = { taskId: 'qf-Xr3-v2-sign', approveKey: 'approve:Xr3:2', rejectKey: 'reject:Xr3:2' };
const WANGWU = { channel: 'wecom', userId: 'WangWu' } as const;

describe('WecomNotifier against FakeWecomServer', () => {
  let server: FakeWecomServer;
  let notifier: WecomNotifier;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    server = await startFakeWecom({ now: clock.now });
    const { corpid, corpsecret, agentid } = APP;
    notifier = new WecomNotifier({
      client: wecomClientFor(server),
      corpid,
      corpsecret,
      agentid,
      now: clock.now,
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('sends a textcard with the review link when no decision is offered', async () => {
    const delivery = await notifier.send(WANGWU, MESSAGE);
    const message = server.lastMessageTo('WangWu');
    expect(delivery).toEqual({ delivered: true, id: message?.msgid });
    expect(message).toMatchObject({
      msgtype: 'textcard',
      title: MESSAGE.title,
      url: REVIEW_URL,
      btntxt: '查看稿件',
    });
  });

  it('sends a card with 同意 and 退回 buttons carrying the decision keys and task id', async () => {
    await notifier.send(WANGWU, { ...MESSAGE, decision: DECISION });
    expect(server.lastMessageTo('WangWu')).toMatchObject({
      msgtype: 'template_card',
      taskId: DECISION.taskId,
      url: REVIEW_URL,
      buttons: [
        { key: DECISION.approveKey, text: '同意', style: 1 },
        { key: DECISION.rejectKey, text: '退回', style: 2 },
      ],
    });
  });

  it('fetches the token once and reuses it until it nears expiry', async () => {
    await notifier.send(WANGWU, MESSAGE);
    await notifier.send({ channel: 'wecom', userId: 'lisi' }, MESSAGE);
    expect(server.callCount('/cgi-bin/gettoken')).toBe(1);
    clock.advance(2 * 3_600_000 - 4 * 60_000); // inside the five-minute margin
    await notifier.send(WANGWU, MESSAGE);
    expect(server.callCount('/cgi-bin/gettoken')).toBe(2);
  });

  it('shares one token fetch between concurrent sends', async () => {
    const recipients = ['WangWu', 'lisi', 'zhaoliu'].map((userId) => ({ channel: 'wecom', userId }) as const);
    await Promise.all(recipients.map((recipient) => notifier.send(recipient, MESSAGE)));
    expect(server.callCount('/cgi-bin/gettoken')).toBe(1);
    expect(server.messages()).toHaveLength(3);
  });

  it('refreshes an expired token once and delivers', async () => {
    await notifier.send(WANGWU, MESSAGE);
    server.expireTokens();
    await expect(notifier.send(WANGWU, MESSAGE)).resolves.toMatchObject({ delivered: true });
    expect(server.callCount('/cgi-bin/gettoken')).toBe(2);
    expect(server.callCount('/cgi-bin/message/send')).toBe(3);
    expect(server.messages()).toHaveLength(2);
  });

  it('retries only once: a token refused twice is reported, as a token problem worth retrying later', async () => {
    server.faults.add('/cgi-bin/message/send', { type: 'error_code', code: 42001 }, { times: 2 });
    const error = await notificationFailureOf(notifier.send(WANGWU, MESSAGE));
    expect(classified(error)).toEqual({ code: '42001', kind: 'token', transient: true });
    expect(server.callCount('/cgi-bin/message/send')).toBe(2);
  });

  it('reports a rate limit as transient without retrying it', async () => {
    server.faults.add('/cgi-bin/message/send', { type: 'error_code', code: 45009 });
    const error = await notificationFailureOf(notifier.send(WANGWU, MESSAGE));
    expect(classified(error)).toEqual({ code: '45009', kind: 'transient', transient: true });
    expect(server.callCount('/cgi-bin/message/send')).toBe(1);
  });

  it('reports a member outside the app as permanent (81013), with a Chinese explanation', async () => {
    const error = await notificationFailureOf(
      notifier.send({ channel: 'wecom', userId: 'outsider' }, MESSAGE),
    );
    expect(classified(error)).toEqual({ code: '81013', kind: 'permanent', transient: false });
    expect(error.explanation).toMatch(/收件成员全部无效/);
  });

  it('refuses an address of another channel without calling WeCom', async () => {
    const error = await notificationFailureOf(
      notifier.send({ channel: 'wechat_template', openid: 'o1' }, MESSAGE),
    );
    expect(classified(error)).toEqual({ code: 'address_mismatch', kind: 'permanent', transient: false });
    expect(server.callCount('/cgi-bin/gettoken')).toBe(0);
  });

  it('cannot see messages WeCom drops over 30 a minute per member: they count as delivered', async () => {
    for (let sent = 0; sent < 31; sent += 1) await notifier.send(WANGWU, MESSAGE);
    const last = server.messages().at(-1);
    expect(last).toMatchObject({ to: [], dropped: ['WangWu'] });
    clock.advance(60_000);
    await notifier.send(WANGWU, MESSAGE);
    expect(server.messages().at(-1)).toMatchObject({ to: ['WangWu'], dropped: [] });
  });

  it('reports the member as refused when WeCom accepts the call but lists them as invalid', async () => {
    // Not producible by the faithful fake (one invalid recipient alone is 81013): a hand-made answer.
    const answers: Record<string, unknown> = {
      '/cgi-bin/gettoken': { errcode: 0, errmsg: 'ok', access_token: 'token-1', expires_in: 7200 },
      '/cgi-bin/message/send': { errcode: 0, errmsg: 'ok', invaliduser: 'wangwu', msgid: 'm-1' },
    };
    const odd = new FakeHttpServer({
      handle: (request) => ({
        status: 200,
        body: JSON.stringify(answers[request.path]),
        contentType: 'application/json',
      }),
      refusalReply: () => ({ status: 500, body: '', contentType: 'text/plain' }),
      random: createSeededRandom(1),
    });
    await odd.start();
    try {
      const client = new WecomClient({ baseUrl: odd.baseUrl });
      const lenient = new WecomNotifier({
        client,
        corpid: APP.corpid,
        corpsecret: APP.corpsecret,
        agentid: APP.agentid,
      });
      const error = await notificationFailureOf(lenient.send(WANGWU, MESSAGE));
      expect(classified(error)).toEqual({ code: 'recipient_refused', kind: 'permanent', transient: false });
    } finally {
      await odd.close();
    }
  });
});
