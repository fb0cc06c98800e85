import { describe, expect, it } from 'vitest';
import { accountOf, parseTarget, platformOf, targetOf } from '../../src/domain/accounts.js';

describe('targets', () => {
  it('parses a well-formed target and gives back its account', () => {
    const target = parseTarget('wechat:崇川发布');
    expect(target).toBe('wechat:崇川发布');
    if (!target) return;
    expect(accountOf(target)).toEqual({ platform: 'wechat', name: '崇川发布' });
    expect(platformOf(target)).toBe('wechat');
    expect(targetOf(accountOf(target))).toBe(target);
  });

  it.each([
    '崇川发布',
    'qq:崇川发布',
    'wechat:',
    'weibo:a:b',
    ':x',
    'wechat:有 空格',
    `weibo:${'长'.repeat(41)}`,
  ])('refuses %s where it enters', (text) => {
    expect(parseTarget(text)).toBeUndefined();
  });
});
