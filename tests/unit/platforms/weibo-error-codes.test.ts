import { describe, expect, it } from 'vitest';
import {
  classifyWeiboCode,
  createWeiboError,
  WEIBO_ERROR_CODES,
} from '../../../src/adapters/platforms/weibo/weibo-error-codes.js';

describe('Weibo error-code table', () => {
  it.each([
    ['network', 'transient'],
    ['timeout', 'transient'],
    ['http_502', 'transient'],
    ['10001', 'transient'],
    ['10022', 'transient'],
    ['10023', 'transient'],
    ['10024', 'transient'],
    ['20016', 'transient'],
    ['21327', 'token'],
    ['21332', 'token'],
    ['21315', 'token'],
    ['21319', 'token'],
    ['20019', 'permanent'],
    ['20012', 'permanent'],
    ['10017', 'permanent'],
    ['20021', 'permanent'],
    ['20005', 'permanent'],
    ['http_403', 'permanent'],
  ])('classifies %s as %s', (code, kind) => {
    expect(classifyWeiboCode(code).kind).toBe(kind);
  });

  it('explains every code in Chinese', () => {
    for (const [code, entry] of Object.entries(WEIBO_ERROR_CODES)) {
      expect(entry.explanation, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('does not classify 20032 as a failure: the client turns it into accepted_unconfirmed', () => {
    expect(Object.keys(WEIBO_ERROR_CODES)).not.toContain('20032');
  });

  it('defaults an unknown error_code to permanent, naming the code', () => {
    expect(classifyWeiboCode('29999')).toEqual({
      kind: 'permanent',
      explanation: '微博返回了未收录的错误码 29999，请管理员查看',
    });
  });

  it('builds a PublisherError for Weibo', () => {
    const error = createWeiboError('20012', { platformMessage: 'Text too long' });
    expect(error).toMatchObject({ platform: 'weibo', platformCode: '20012', kind: 'permanent' });
    expect(error.explanation).toBe('微博正文超过 140 字');
  });
});
