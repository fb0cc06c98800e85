import { describe, expect, it } from 'vitest';
import { foldKey, foldTable, SKIP } from '../../src/domain/matching/fold-table.js';

describe('foldKey', () => {
  it.each([
    ['澳門賭博', '澳门赌博'],
    ['ｂｅｔ３６５', 'bet365'],
    ['BeT365', 'bet365'],
    ['①⑴㈤⒜', '11五a'],
    ['澳 门\u3000赌\u00a0博\n', '澳门赌博'],
    ['澳\u200B门\u200C赌\u200D博\uFEFF\u00AD', '澳门赌博'],
    ['澳*门◆赌#博…★_-~·•─│', '澳门赌博'],
    ['赌\uFE0F博🎰', '赌博'],
    ['乾隆後來', '干隆后来'],
    ['𠀀', '𠀀'],
  ])('folds %j to %j', (text, expected) => {
    expect(foldKey(text)).toBe(expected);
  });

  it('returns an empty key for pure noise', () => {
    expect(foldKey(' ,。！★\u200B')).toBe('');
  });
});

describe('foldTable', () => {
  const table = foldTable();

  it('is built once', () => {
    expect(foldTable()).toBe(table);
  });

  it('is idempotent: a folded unit folds to itself', () => {
    const unstable: number[] = [];
    table.forEach((folded, unit) => {
      if (folded !== SKIP && table[folded] !== folded) unstable.push(unit);
    });
    expect(unstable).toEqual([]);
  });

  it('never skips letters or digits', () => {
    const skipped: string[] = [];
    table.forEach((folded, unit) => {
      const char = String.fromCharCode(unit);
      if (folded === SKIP && /^[\p{L}\p{N}]$/u.test(char)) skipped.push(char);
    });
    expect(skipped).toEqual([]);
  });

  it('maps surrogate halves to themselves', () => {
    expect(table[0xd840]).toBe(0xd840);
    expect(table[0xdc00]).toBe(0xdc00);
  });
});
