import { describe, expect, it } from 'vitest';
import { addressFor, NotificationError } from '../../../src/adapters/notifications/notification.js';
import { isFailureOfKind, isPlatformFailure } from '../../../src/domain/platform-failure.js';
import {
  classifyWebhookCode,
  WEBHOOK_ERROR_CODES,
} from '../../../src/adapters/notifications/webhook/webhook-error-codes.js';
import {
  classifyWechatTemplateCode,
  WECHAT_TEMPLATE_ERROR_CODES,
} from '../../../src/adapters/notifications/wechat-template/wechat-template-error-codes.js';
import {
  classifyWecomCode,
  createWecomError,
  WECOM_ERROR_CODES,
} from '../../../src/adapters/notifications/wecom/wecom-error-codes.js';

const CJK = /[\u4e00-\u9fff]/;

describe('WeCom error-code table', () => {
  it.each([
    ['network', 'transient'],
    ['timeout', 'transient'],
    ['http_502', 'transient'],
    ['invalid_response', 'transient'],
    ['-1', 'transient'],
    ['45009', 'transient'],
    ['45033', 'transient'],
    ['40014', 'token'],
    ['41001', 'token'],
    ['42001', 'token'],
    ['40001', 'permanent'], // a wrong corpsecret in WeCom, not a dead token as in WeChat
    ['60020', 'permanent'],
    ['81013', 'permanent'],
    ['40056', 'permanent'],
    ['http_404', 'permanent'],
    ['recipient_refused', 'permanent'],
  ])('classifies %s as %s', (code, kind) => {
    expect(classifyWecomCode(code).kind).toBe(kind);
  });

  it('defaults an unknown errcode to permanent, naming the code', () => {
    expect(classifyWecomCode('99999')).toEqual({
      kind: 'permanent',
      explanation: '企业微信返回了未收录的错误码 99999，请管理员查看',
    });
  });

  it('builds a NotificationError carrying channel, code, kind, transient, explanation, errmsg and cause', () => {
    const cause = new Error('socket hang up');
    const error = createWecomError('45009', { platformMessage: 'api freq out of limit, hint: [x]', cause });
    expect(error).toBeInstanceOf(NotificationError);
    expect(error).toMatchObject({
      name: 'NotificationError',
      channel: 'wecom',
      code: '45009',
      kind: 'transient',
    });
    expect(error.transient).toBe(true);
    expect(error.message).toBe(
      'wecom 45009：企业微信接口调用超过频率限制，稍后重试（api freq out of limit, hint: [x]）',
    );
    expect(error.cause).toBe(cause);
  });
});

describe('WeChat template-message error-code table', () => {
  it.each([
    ['43004', 'permanent', /未关注本服务号/],
    ['48001', 'permanent', /已认证的服务号/],
    ['40037', 'permanent', /template_id/],
    ['40003', 'permanent', /openid/],
    ['43019', 'permanent', /拉黑/],
    ['40250', 'permanent', /不规范/],
    ['42001', 'token', /已过期/],
    ['40001', 'token', /access_token/],
    ['45009', 'transient', /上限/],
    ['-1', 'transient', /繁忙/],
  ])('classifies %s as %s', (code, kind, explanation) => {
    const classification = classifyWechatTemplateCode(code);
    expect(classification.kind).toBe(kind);
    expect(classification.explanation).toMatch(explanation);
  });
});

describe('webhook error-code table', () => {
  it.each([
    ['http_500', 'transient'],
    ['http_503', 'transient'],
    ['http_429', 'transient'],
    ['http_408', 'transient'],
    ['http_400', 'permanent'],
    ['http_404', 'permanent'],
    ['redirected', 'permanent'],
    ['timeout', 'transient'],
    ['network', 'transient'],
  ])('classifies %s as %s', (code, kind) => {
    expect(classifyWebhookCode(code).kind).toBe(kind);
  });
});

describe('every notification table', () => {
  const tables = { WECOM_ERROR_CODES, WECHAT_TEMPLATE_ERROR_CODES, WEBHOOK_ERROR_CODES };
  it.each(Object.entries(tables))('%s explains every code in Chinese', (_name, table) => {
    for (const [code, entry] of Object.entries(table)) expect(entry.explanation, code).toMatch(CJK);
  });
});

describe('isPlatformFailure (a NotificationError) and addressFor', () => {
  it('recognises the class and a copy that lost it crossing a queue', () => {
    const error = createWecomError('81013');
    const copy: unknown = JSON.parse(JSON.stringify({ ...error, name: error.name }));
    expect(isPlatformFailure(error)).toBe(true);
    expect(isPlatformFailure(copy)).toBe(true);
    expect(isFailureOfKind(copy, error.kind)).toBe(true);
    expect(isPlatformFailure(new Error('other'))).toBe(false);
    expect(isPlatformFailure({ name: 'NotificationError' })).toBe(false);
  });

  it("passes an address of the sender's channel through and refuses another channel's", () => {
    const wecom = { channel: 'wecom', userId: 'WangWu' } as const;
    expect(addressFor('wecom', wecom)).toBe(wecom);
    expect(() => addressFor('webhook', wecom)).toThrow(/不能经 webhook 发送/);
  });
});
