import { describe, expect, it } from 'vitest';
import {
  checkWeiboStatus,
  findLinks,
  isInSafeDomain,
  weiboTextLength,
} from '../../../src/domain/publishing/weibo-limits.js';

describe('weiboTextLength', () => {
  it.each([
    ['通知', 2],
    ['abcd', 2],
    ['abc', 2], // half units round up
    ['通知 ok', 4],
    ['😀通', 2],
    ['见 http://t.cn/A6x', 12], // 2 + 1 + a short link at its t.cn cost of 20 half-width characters
    [`见 https://www.chongchuan.gov.cn/art/2026/11/01/${'a'.repeat(20)}.html`, 37], // 2 + 1 + a 70-character link at its own length
  ])('counts %j as %i', (text, expected) => {
    expect(weiboTextLength(text)).toBe(expected);
  });
});

describe('isInSafeDomain', () => {
  it.each([
    ['https://chongchuan.gov.cn/a', true],
    ['http://www.chongchuan.gov.cn/a', true],
    ['https://WWW.ChongChuan.gov.cn', true],
    ['https://notchongchuan.gov.cn/a', false],
    ['https://chongchuan.gov.cn.evil.com/a', false],
    ['https://evil.com/?u=chongchuan.gov.cn', false],
    ['not a url', false],
  ])('%s → %s', (link, expected) => {
    expect(isInSafeDomain(link, 'chongchuan.gov.cn')).toBe(expected);
  });
});

describe('checkWeiboStatus', () => {
  const link = 'https://www.chongchuan.gov.cn/art/1.html';

  it('accepts a short text with a safe-domain link', () => {
    expect(checkWeiboStatus(`供暖安排已发布，详见 ${link}`, 'chongchuan.gov.cn')).toEqual([]);
  });

  it('reports every broken rule at once', () => {
    expect(checkWeiboStatus(`#供暖# ${'通'.repeat(140)}`, 'chongchuan.gov.cn')).toEqual([
      { code: 'too_long', length: 144, limit: 140 },
      { code: 'missing_safe_domain_link', safeDomain: 'chongchuan.gov.cn' },
      { code: 'contains_topic', topic: '#供暖#' },
    ]);
  });

  it('does not mistake a URL fragment for a topic', () => {
    expect(checkWeiboStatus(`详见 ${link}#part1 和 ${link}#part2`, 'chongchuan.gov.cn')).toEqual([]);
  });

  it('reports blank text as empty only', () => {
    expect(checkWeiboStatus('  ', 'chongchuan.gov.cn')).toEqual([{ code: 'empty' }]);
  });

  it('finds the links in order, stopping at Chinese punctuation', () => {
    expect(findLinks(`见${link}，或 http://a.cn/b。`)).toEqual([link, 'http://a.cn/b']);
  });
});
