import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WecomClient } from '../../../src/adapters/notifications/wecom/wecom-client.js';
import type { FakeWecomServer } from '../../fakes/fake-wecom-server.js';
import { ManualClock } from '../platforms/platform-test-helpers.js';
import {
  APP,
  classified,
  notificationFailureOf,
  OTHER_APP,
  REVIEW_URL,
  startFakeWecom,
  wecomClientFor,
} from './notification-test-helpers.js';

const HOUR = 3_600_000;

describe('WecomClient against FakeWecomServer', () => {
  let server: FakeWecomServer;
  let client: WecomClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    server = await startFakeWecom({ now: clock.now });
    client = wecomClientFor(server);
  });

  afterEach(async () => {
    await server.close();
  });

  const token = async (): Promise<string> => (await client.getToken(APP.corpid, APP.corpsecret)).accessToken;
  const textCard = {
    agentid: APP.agentid,
    title: '待审签：秋季征兵通告',
    description: '请审签',
    url: REVIEW_URL,
  };

  it('hands out the same token while it is valid, with its remaining lifetime', async () => {
    const first = await client.getToken(APP.corpid, APP.corpsecret);
    expect(first.expiresInSeconds).toBe(7200);
    clock.advance(HOUR);
    expect(await client.getToken(APP.corpid, APP.corpsecret)).toEqual({
      accessToken: first.accessToken,
      expiresInSeconds: 3600,
    });
    const other = await client.getToken(OTHER_APP.corpid, OTHER_APP.corpsecret);
    expect(other.accessToken).not.toBe(first.accessToken);
  });

  it('refuses a wrong secret (40001) and corpid (40013) as permanent, not as token problems', async () => {
    const secret = await notificationFailureOf(client.getToken(APP.corpid, 'wrong-secret'));
    expect(classified(secret)).toEqual({ code: '40001', kind: 'permanent', transient: false });
    expect(secret.explanation).toMatch(/Secret 不正确/);
    expect(secret.message).toMatch(
      /more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40001/,
    );
    const corpid = await notificationFailureOf(client.getToken('ww-unknown', APP.corpsecret));
    expect(corpid.code).toBe('40013');
  });

  it('sends a textcard joining recipients with | and returns the msgid', async () => {
    const result = await client.sendTextCard(await token(), {
      ...textCard,
      touser: ['lisi', 'zhaoliu'],
      btntxt: '查看',
    });
    expect(result.msgid).not.toBe('');
    expect(result.invalidUsers).toEqual([]);
    const [message] = server.messages();
    expect(message).toMatchObject({
      msgid: result.msgid,
      msgtype: 'textcard',
      to: ['lisi', 'zhaoliu'],
      title: '待审签：秋季征兵通告',
      url: REVIEW_URL,
      btntxt: '查看',
    });
    expect(server.lastMessageTo('zhaoliu')?.msgid).toBe(result.msgid);
  });

  it('cuts an over-long title on a character boundary before WeCom cuts it mid-character', async () => {
    await client.sendTextCard(await token(), { ...textCard, touser: ['lisi'], title: '审'.repeat(60) });
    const title = server.lastMessageTo('lisi')?.title ?? '';
    expect(Buffer.byteLength(title)).toBeLessThanOrEqual(128);
    expect(title).toMatch(/^审+…$/);
  });

  it('lists recipients outside the visible range (lower-cased) and still sends to the others', async () => {
    const result = await client.sendTextCard(await token(), { ...textCard, touser: ['lisi', 'Nobody'] });
    expect(result.invalidUsers).toEqual(['nobody']);
    expect(server.lastMessageTo('lisi')?.msgid).toBe(result.msgid);
  });

  it('refuses a send where every recipient is invalid (81013, permanent)', async () => {
    const error = await notificationFailureOf(
      client.sendTextCard(await token(), { ...textCard, touser: ['nobody'] }),
    );
    expect(classified(error)).toEqual({ code: '81013', kind: 'permanent', transient: false });
    expect(server.messages()).toEqual([]);
  });

  it('sends a button_interaction card with task_id, callback buttons and a response_code', async () => {
    const result = await client.sendTemplateCardButtons(await token(), {
      ...textCard,
      touser: ['WangWu'],
      taskId: 'draft-Xr3-v2',
      buttons: [
        { key: 'approve:Xr3:2', text: '同意', style: 1 },
        { key: 'reject:Xr3:2', text: '退回', style: 2 },
      ],
    });
    expect(result.responseCode).toBeDefined();
    expect(server.lastMessageTo('wangwu')).toMatchObject({
      msgtype: 'template_card',
      taskId: 'draft-Xr3-v2',
      title: '待审签：秋季征兵通告',
      description: '请审签',
      url: REVIEW_URL,
      buttons: [
        { key: 'approve:Xr3:2', text: '同意', style: 1 },
        { key: 'reject:Xr3:2', text: '退回', style: 2 },
      ],
    });
  });

  it('checks a card locally before sending: a bad task_id never reaches WeCom', async () => {
    const card = {
      ...textCard,
      touser: ['WangWu'],
      buttons: [{ key: 'k', text: '同意', style: 1 as const }],
    };
    const error = await notificationFailureOf(
      client.sendTemplateCardButtons(await token(), { ...card, taskId: 'bad id!' }),
    );
    expect(classified(error)).toEqual({ code: 'invalid_task_id', kind: 'permanent', transient: false });
    expect(server.callCount('/cgi-bin/message/send')).toBe(0);
  });

  it('refuses a task_id used before by the same app', async () => {
    const card = {
      ...textCard,
      touser: ['WangWu'],
      taskId: 'once',
      buttons: [{ key: 'k', text: '同意', style: 1 as const }],
    };
    await client.sendTemplateCardButtons(await token(), card);
    const error = await notificationFailureOf(client.sendTemplateCardButtons(await token(), card));
    expect(classified(error)).toEqual({ code: '42014', kind: 'permanent', transient: false });
  });

  it("updates a card's buttons once with the send's response_code", async () => {
    const card = {
      ...textCard,
      touser: ['WangWu'],
      taskId: 'draft-1',
      buttons: [{ key: 'k', text: '同意', style: 1 as const }],
    };
    const { responseCode = '' } = await client.sendTemplateCardButtons(await token(), card);
    const update = { agentid: APP.agentid, userids: ['WangWu'], responseCode, replaceText: '已同意' };
    expect(await client.updateTemplateCard(await token(), update)).toEqual({ invalidUsers: [] });
    expect(server.cardTextFor(APP.corpid, 'draft-1', 'WangWu')).toBe('已同意');
    const again = await notificationFailureOf(client.updateTemplateCard(await token(), update));
    expect(again.code).toBe('40058');
    expect(again.message).toMatch(/response_code already used/);
  });

  it('reports an expired token as a token problem (42001) and a token of another app as 40056', async () => {
    const stale = await token();
    server.expireTokens();
    const expired = await notificationFailureOf(
      client.sendTextCard(stale, { ...textCard, touser: ['lisi'] }),
    );
    expect(classified(expired)).toEqual({ code: '42001', kind: 'token', transient: true });
    const other = (await client.getToken(OTHER_APP.corpid, OTHER_APP.corpsecret)).accessToken;
    const wrongApp = await notificationFailureOf(
      client.sendTextCard(other, { ...textCard, touser: ['WangWu'] }),
    );
    expect(classified(wrongApp)).toEqual({ code: '40056', kind: 'permanent', transient: false });
  });

  it('treats an unknown token as 40014 and a missing one as 41001, both token problems', async () => {
    const unknown = await notificationFailureOf(
      client.sendTextCard('not-a-token', { ...textCard, touser: ['lisi'] }),
    );
    expect(classified(unknown)).toEqual({ code: '40014', kind: 'token', transient: true });
    const response = await fetch(`${server.baseUrl}/cgi-bin/message/send`, { method: 'POST', body: '{}' });
    expect(await response.json()).toMatchObject({ errcode: 41001 });
  });
});
