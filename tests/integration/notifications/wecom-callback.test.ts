import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WecomTemplateCardEvent } from '../../../src/adapters/notifications/wecom/wecom-callback.js';
import { WecomNotifier } from '../../../src/adapters/notifications/wecom/wecom-notifier.js';
import type { FakeWecomServer } from '../../fakes/fake-wecom-server.js';
import {
  clickButton,
  randomEncodingAESKey,
  verifyCallbackUrl,
} from '../../fakes/wecom/fake-wecom-callback.js';
import { CallbackReceiver } from './callback-receiver.js';
import {
  APP,
  notificationFailureOf,
  REVIEW_URL,
  startFakeWecom,
  wecomClientFor,
} from './notification-test-helpers.js';

const DECISION = { taskId: 'qf-Xr3-v2-sign', approveKey: 'approve:Xr3:2', rejectKey: 'reject:Xr3:2' };
const CALLBACK = {
  token: 'QianfaCallbackToken2026',
  encodingAESKey: randomEncodingAESKey(),
  corpid: APP.corpid,
};

describe('WeCom card buttons: fake click → receive URL → decodeCallback → card update', () => {
  let server: FakeWecomServer;
  let receiver: CallbackReceiver;
  let notifier: WecomNotifier;

  beforeEach(async () => {
    server = await startFakeWecom();
    receiver = await new CallbackReceiver(CALLBACK).start();
    const { corpid, corpsecret, agentid } = APP;
    notifier = new WecomNotifier({ client: wecomClientFor(server), corpid, corpsecret, agentid });
    const message = { title: '待审签', description: '请审签', url: REVIEW_URL, decision: DECISION };
    await notifier.send({ channel: 'wecom', userId: 'WangWu' }, message);
  });

  afterEach(async () => {
    await Promise.all([server.close(), receiver.close()]);
  });

  const click = (eventKey: string): Promise<Response> =>
    server.clickButton({
      ...CALLBACK,
      callbackUrl: receiver.url,
      userId: 'WangWu',
      taskId: DECISION.taskId,
      eventKey,
    });

  it('answers the receive-URL check with the decrypted echostr and nothing else', async () => {
    const { response, echo } = await verifyCallbackUrl({ ...CALLBACK, callbackUrl: receiver.url });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(echo);
  });

  it('decodes a tap on 同意 into the member, task, key and a response code', async () => {
    const before = Date.now();
    const response = await click(DECISION.approveKey);
    expect(response.status).toBe(200);
    expect(receiver.events).toHaveLength(1);
    const event = receiver.events[0] as WecomTemplateCardEvent;
    expect(event).toMatchObject({
      type: 'template_card_event',
      userId: 'WangWu',
      taskId: DECISION.taskId,
      eventKey: DECISION.approveKey,
      cardType: 'button_interaction',
      agentId: String(APP.agentid),
    });
    expect(event.responseCode).not.toBe('');
    expect(event.at.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(event.dedupeKey).toBe(`WangWu:${event.at.getTime() / 1000}`);
  });

  it("greys the card out with the click's response code, which works only once", async () => {
    await click(DECISION.rejectKey);
    const { responseCode } = receiver.events[0] as WecomTemplateCardEvent;
    await notifier.updateCard({ userIds: ['WangWu'], responseCode, replaceText: '已退回' });
    expect(server.cardTextFor(APP.corpid, DECISION.taskId, 'WangWu')).toBe('已退回');
    expect(server.cardUpdates()).toMatchObject([
      { taskId: DECISION.taskId, userIds: ['WangWu'], replaceName: '已退回' },
    ]);
    const again = await notificationFailureOf(
      notifier.updateCard({ userIds: ['WangWu'], responseCode, replaceText: '已同意' }),
    );
    expect({ code: again.code, transient: again.transient }).toEqual({ code: '40058', transient: false });
    await expect(click(DECISION.approveKey)).rejects.toThrow(/no longer shows buttons/);
  });

  it('refuses a callback signed with another token, and acts on nothing', async () => {
    const forged = { ...CALLBACK, token: 'not-the-token', callbackUrl: receiver.url, userId: 'WangWu' };
    const response = await clickButton({ ...forged, taskId: DECISION.taskId, eventKey: DECISION.approveKey });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('bad_signature');
    expect(receiver.events).toEqual([]);
  });

  it('refuses a callback encrypted for another enterprise (corpid)', async () => {
    const other = { ...CALLBACK, corpid: 'ww-other-enterprise', callbackUrl: receiver.url, userId: 'WangWu' };
    const response = await clickButton({ ...other, taskId: DECISION.taskId, eventKey: DECISION.approveKey });
    expect(response.status).toBe(400);
    expect(receiver.refusals).toEqual(['wrong_receiver']);
  });

  it('refuses a replay of an old callback', async () => {
    const old = new Date(Date.now() - 3_600_000);
    const replay = { ...CALLBACK, callbackUrl: receiver.url, userId: 'WangWu', at: old };
    const response = await clickButton({ ...replay, taskId: DECISION.taskId, eventKey: DECISION.approveKey });
    expect(await response.text()).toBe('stale_timestamp');
  });

  it('only lets members the card reached tap its real buttons', async () => {
    const lisi = { ...CALLBACK, callbackUrl: receiver.url, userId: 'lisi', taskId: DECISION.taskId };
    await expect(server.clickButton({ ...lisi, eventKey: DECISION.approveKey })).rejects.toThrow(
      /did not reach/,
    );
    await expect(click('approve:other')).rejects.toThrow(/no button/);
  });
});
