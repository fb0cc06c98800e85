import { describe, expect, it } from 'vitest';
import {
  decodeCallback,
  verifyUrl,
  type WecomCallbackErrorCode,
} from '../../../src/adapters/notifications/wecom/wecom-callback.js';
import {
  encryptCallback,
  randomEncodingAESKey,
  templateCardEventXml,
  urlVerificationQuery,
} from '../../fakes/wecom/fake-wecom-callback.js';

const CONFIG = {
  token: 'QianfaCallbackToken2026',
  encodingAESKey: randomEncodingAESKey(),
  corpid: 'ww5a1b2c3d4e5f6a01',
};
const AT = new Date(Date.UTC(2026, 10, 1, 2, 0, 0));
const OPTIONS = { now: () => AT.getTime() };
const CLICK = {
  corpid: CONFIG.corpid,
  userId: 'WangWu',
  taskId: 'qf-Xr3-v2-sign',
  eventKey: 'approve:Xr3:2',
  responseCode: 'rc-1',
  agentid: 1000002,
  at: AT,
};

function refusalOf(run: () => unknown): WecomCallbackErrorCode | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as { code: WecomCallbackErrorCode }).code;
  }
}

describe('decodeCallback', () => {
  const { query, body } = encryptCallback(CONFIG, templateCardEventXml(CLICK), { at: AT });

  it('verifies, decrypts and types a template_card_event', () => {
    expect(decodeCallback(query, body, CONFIG, OPTIONS)).toEqual({
      type: 'template_card_event',
      userId: 'WangWu',
      taskId: 'qf-Xr3-v2-sign',
      eventKey: 'approve:Xr3:2',
      responseCode: 'rc-1',
      cardType: 'button_interaction',
      agentId: '1000002',
      at: AT,
      dedupeKey: `WangWu:${AT.getTime() / 1000}`,
    });
  });

  it('accepts the query as a plain record too', () => {
    const record = Object.fromEntries(query);
    expect(decodeCallback(record, body, CONFIG, OPTIONS).type).toBe('template_card_event');
  });

  it('keeps values that look like numbers as strings', () => {
    const numeric = encryptCallback(
      CONFIG,
      templateCardEventXml({ ...CLICK, eventKey: '0012', taskId: '007' }),
      { at: AT },
    );
    expect(decodeCallback(numeric.query, numeric.body, CONFIG, OPTIONS)).toMatchObject({
      eventKey: '0012',
      taskId: '007',
    });
  });

  it('returns other messages as type other with their fields', () => {
    const xml =
      `<xml><ToUserName><![CDATA[${CONFIG.corpid}]]></ToUserName><FromUserName><![CDATA[lisi]]></FromUserName>` +
      `<CreateTime>${AT.getTime() / 1000}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[收到 &amp; 谢谢]]></Content><AgentID>1000002</AgentID></xml>`;
    const text = encryptCallback(CONFIG, xml, { at: AT });
    const event = decodeCallback(text.query, text.body, CONFIG, OPTIONS);
    expect(event).toMatchObject({
      type: 'other',
      msgType: 'text',
      userId: 'lisi',
      fields: { Content: '收到 &amp; 谢谢' },
    });
  });

  const tampered = (name: string, value: string): URLSearchParams => {
    const copy = new URLSearchParams(query);
    copy.set(name, value);
    return copy;
  };
  const signature = query.get('msg_signature') ?? '';
  const flipped = (signature.startsWith('0') ? '1' : '0') + signature.slice(1);

  it.each<[string, () => unknown, WecomCallbackErrorCode]>([
    [
      'a changed signature',
      () => decodeCallback(tampered('msg_signature', flipped), body, CONFIG, OPTIONS),
      'bad_signature',
    ],
    ['a changed nonce', () => decodeCallback(tampered('nonce', '1'), body, CONFIG, OPTIONS), 'bad_signature'],
    [
      'a changed timestamp',
      () => decodeCallback(tampered('timestamp', '1'), body, CONFIG, OPTIONS),
      'bad_signature',
    ],
    [
      'a changed ciphertext',
      () =>
        decodeCallback(
          query,
          // Always another character: the random ciphertext may itself start with 'A'.
          body.replace(
            /<Encrypt><!\[CDATA\[(.)/,
            (_m, c: string) => `<Encrypt><![CDATA[${c === 'A' ? 'B' : 'A'}`,
          ),
          CONFIG,
          OPTIONS,
        ),
      'bad_signature',
    ],
    [
      'another token',
      () => decodeCallback(query, body, { ...CONFIG, token: 'other' }, OPTIONS),
      'bad_signature',
    ],
    [
      'another AES key',
      () => decodeCallback(query, body, { ...CONFIG, encodingAESKey: randomEncodingAESKey() }, OPTIONS),
      'bad_message',
    ],
    [
      'another corpid',
      () => decodeCallback(query, body, { ...CONFIG, corpid: 'ww-other' }, OPTIONS),
      'wrong_receiver',
    ],
    [
      'a missing signature',
      () => decodeCallback(tampered('msg_signature', ''), body, CONFIG, OPTIONS),
      'missing_parameter',
    ],
    [
      'a body that is not the envelope',
      () => decodeCallback(query, '<xml><Other/></xml>', CONFIG, OPTIONS),
      'bad_message',
    ],
    ['a body that is not XML', () => decodeCallback(query, 'not xml', CONFIG, OPTIONS), 'bad_message'],
    [
      'an hour-old timestamp',
      () => decodeCallback(query, body, CONFIG, { now: () => AT.getTime() + 3_600_000 }),
      'stale_timestamp',
    ],
  ])('refuses %s', (_what, run, code) => {
    expect(refusalOf(run)).toBe(code);
  });

  it('refuses a message whose inner addressee is another enterprise', () => {
    const inner = templateCardEventXml({ ...CLICK, corpid: 'ww-other' });
    const misaddressed = encryptCallback(CONFIG, inner, { at: AT });
    expect(refusalOf(() => decodeCallback(misaddressed.query, misaddressed.body, CONFIG, OPTIONS))).toBe(
      'wrong_receiver',
    );
  });

  it('refuses a decrypted message that is not a callback', () => {
    const garbage = encryptCallback(CONFIG, '<xml><Nothing/></xml>', { at: AT });
    expect(refusalOf(() => decodeCallback(garbage.query, garbage.body, CONFIG, OPTIONS))).toBe('bad_message');
  });
});

describe('verifyUrl', () => {
  it('returns the decrypted echostr', () => {
    const { query, echo } = urlVerificationQuery(CONFIG, '1616140317555161061');
    expect(verifyUrl(query, CONFIG)).toBe('1616140317555161061');
    expect(echo).toBe('1616140317555161061');
  });

  it('refuses a wrong signature, corpid or missing echostr', () => {
    const { query } = urlVerificationQuery(CONFIG);
    expect(refusalOf(() => verifyUrl(query, { ...CONFIG, token: 'other' }))).toBe('bad_signature');
    expect(refusalOf(() => verifyUrl(query, { ...CONFIG, corpid: 'ww-other' }))).toBe('wrong_receiver');
    query.delete('echostr');
    expect(refusalOf(() => verifyUrl(query, CONFIG))).toBe('missing_parameter');
  });
});
