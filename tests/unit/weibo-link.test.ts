import { describe, expect, it } from 'vitest';
import { chooseWeiboLink } from '../../src/domain/publishing/weibo-link.js';

const ACCOUNT_LINK = 'https://www.chongchuan.gov.cn/xwzx/';

describe('chooseWeiboLink', () => {
  it('links the account link when the WeChat article is outside its domain', () => {
    expect(chooseWeiboLink(ACCOUNT_LINK, 'https://mp.weixin.qq.com/s/abc')).toBe(ACCOUNT_LINK);
  });

  it('links the WeChat article only when it lies under the account link host', () => {
    const article = 'https://news.www.chongchuan.gov.cn/a/1';
    expect(chooseWeiboLink(ACCOUNT_LINK, article)).toBe(article);
  });

  it('has no link without a configured account link, whatever the article', () => {
    expect(chooseWeiboLink(undefined, 'https://mp.weixin.qq.com/s/abc')).toBeUndefined();
  });

  it('links the account link when there is no article', () => {
    expect(chooseWeiboLink(ACCOUNT_LINK, undefined)).toBe(ACCOUNT_LINK);
  });
});
