import { describe, expect, it } from 'vitest';
import {
  classifyWechatCode,
  createWechatError,
  WECHAT_ERROR_CODES,
} from '../../../src/adapters/platforms/wechat/wechat-error-codes.js';
import { PublisherError } from '../../../src/adapters/platforms/publisher-error.js';
import { isFailureOfKind, isPlatformFailure } from '../../../src/domain/platform-failure.js';

const CJK = /[\u4e00-\u9fff]/;

describe('WeChat error-code table', () => {
  it.each([
    ['network', 'transient'],
    ['timeout', 'transient'],
    ['http_500', 'transient'],
    ['http_503', 'transient'],
    ['invalid_response', 'transient'],
    ['-1', 'transient'],
    ['45009', 'transient'],
    ['45011', 'transient'],
    ['40001', 'token'],
    ['40014', 'token'],
    ['41001', 'token'],
    ['42001', 'token'],
    ['53503', 'permanent'],
    ['48001', 'permanent'],
    ['40007', 'permanent'],
    ['45003', 'permanent'],
    ['40164', 'permanent'],
    ['http_404', 'permanent'],
  ])('classifies %s as %s', (code, kind) => {
    expect(classifyWechatCode(code).kind).toBe(kind);
  });

  it('explains every code in Chinese', () => {
    for (const [code, entry] of Object.entries(WECHAT_ERROR_CODES)) {
      expect(entry.explanation, code).toMatch(CJK);
    }
  });

  it('treats 40001 from the token endpoint as a wrong secret, which a refresh cannot fix', () => {
    const onTokenEndpoint = classifyWechatCode('40001', 'token_endpoint');
    expect(onTokenEndpoint.kind).toBe('permanent');
    expect(onTokenEndpoint.explanation).toMatch(/AppSecret 错误/);
    expect(classifyWechatCode('42001', 'token_endpoint').kind).toBe('token');
  });

  it('defaults an unknown errcode to permanent, naming the code', () => {
    expect(classifyWechatCode('61451')).toEqual({
      kind: 'permanent',
      explanation: '微信返回了未收录的错误码 61451，请管理员查看',
    });
  });

  it('builds a PublisherError carrying code, kind, explanation, errmsg and cause', () => {
    const cause = new Error('socket hang up');
    const error = createWechatError('53503', { platformMessage: 'draft check failed rid: 1', cause });
    expect(error).toBeInstanceOf(PublisherError);
    expect(error).toMatchObject({
      name: 'PublisherError',
      platform: 'wechat',
      platformCode: '53503',
      kind: 'permanent',
    });
    expect(error.explanation).toBe('稿件未通过微信发布前检查，不能发布');
    expect(error.message).toBe(
      'wechat 53503：稿件未通过微信发布前检查，不能发布（draft check failed rid: 1）',
    );
    expect(error.cause).toBe(cause);
  });
});

describe('isPlatformFailure (a PublisherError)', () => {
  it('recognises the class and a copy that lost it crossing a queue', () => {
    const error = createWechatError('-1');
    const copy: unknown = JSON.parse(JSON.stringify({ ...error, name: error.name }));
    expect(isPlatformFailure(error)).toBe(true);
    expect(isPlatformFailure(copy)).toBe(true);
    expect(isFailureOfKind(copy, error.kind)).toBe(true);
    expect(isPlatformFailure(new Error('other'))).toBe(false);
    expect(isPlatformFailure({ name: 'PublisherError' })).toBe(false);
    expect(isPlatformFailure(null)).toBe(false);
  });
});
