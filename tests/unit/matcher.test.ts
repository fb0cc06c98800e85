import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/domain/matching/matcher.js';
import type { MatcherEntry, MatcherOptions } from '../../src/domain/matching/matcher.js';

type Span = [start: number, end: number, pattern: string];

function spans(entries: readonly (string | MatcherEntry)[], text: string, options?: MatcherOptions): Span[] {
  return createMatcher(entries, options)
    .findAll(text)
    .map((match) => [
      match.start,
      match.end,
      typeof match.entry === 'string' ? match.entry : match.entry.pattern,
    ]);
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function naiveCount(words: readonly string[], text: string): number {
  let count = 0;
  for (const word of words) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) count++;
  }
  return count;
}

describe('createMatcher', () => {
  it('finds every overlapping match ordered by start then end', () => {
    expect(spans(['中国', '中国人', '国人'], '我是中国人')).toEqual([
      [2, 4, '中国'],
      [2, 5, '中国人'],
      [3, 5, '国人'],
    ]);
    expect(spans(['aa'], 'aaaa')).toEqual([
      [0, 2, 'aa'],
      [1, 3, 'aa'],
      [2, 4, 'aa'],
    ]);
  });

  it.each([
    [['abcd', 'bc'], 'abce', [[1, 3, 'bc']]],
    [
      ['ab', 'cd'],
      'abcd',
      [
        [0, 2, 'ab'],
        [2, 4, 'cd'],
      ],
    ],
    [['abd', 'bc'], 'abc', [[1, 3, 'bc']]],
  ] as const)('handles containment: %j in %s', (words, text, expected) => {
    expect(spans(words, text)).toEqual(expected);
  });

  it('returns one match per entry when several entries fold to the same key', () => {
    const entries = ['赌博', '賭博', { pattern: '赌 博', data: 1 }];
    const matches = createMatcher(entries).findAll('不要赌博');
    expect(matches).toEqual([
      { start: 2, end: 4, entry: '赌博' },
      { start: 2, end: 4, entry: '賭博' },
      { start: 2, end: 4, entry: { pattern: '赌 博', data: 1 } },
    ]);
  });

  it.each([
    ['远离赌博', '请远离赌博。赌博', '赌博', [[6, 8, '赌博']]],
    ['澳门回归', '庆祝澳门回归，澳门赌场', '澳门', [[7, 9, '澳门']]],
    ['足球进校园', '足球进校园活动', '足球', []],
  ] as const)('suppresses deny matches inside the allow entry %s', (allow, text, deny, expected) => {
    expect(spans([deny, { pattern: allow, allow: true }], text)).toEqual(expected);
  });

  it('never returns allow matches and keeps deny matches that only overlap an allow match', () => {
    expect(spans([{ pattern: '反赌', allow: true }, '赌博'], '反赌博')).toEqual([[1, 3, '赌博']]);
  });

  it('drops token entries that touch ASCII letters or digits', () => {
    const entries = [{ pattern: 'bet', ascii: 'token' as const }, 'sb'];
    expect(spans(entries, 'bet alphabet bet365 (BET) disburse')).toEqual([
      [0, 3, 'bet'],
      [21, 24, 'bet'],
      [28, 30, 'sb'],
    ]);
  });

  it('reports UTF-16 offsets for surrogate pairs', () => {
    expect(spans(['𠀀字'], 'a𠀀字b')).toEqual([[1, 4, '𠀀字']]);
    expect(spans(['𠀀'], '𠀀𠀀', { normalize: false })).toEqual([
      [0, 2, '𠀀'],
      [2, 4, '𠀀'],
    ]);
  });

  it('ignores entries that are empty after folding', () => {
    const matcher = createMatcher(['', '  ', '★', '赌博']);
    expect(matcher.size).toBe(1);
    expect(matcher.findAll('赌博 ★')).toEqual([{ start: 0, end: 2, entry: '赌博' }]);
    expect(createMatcher([]).findAll('任何文字')).toEqual([]);
  });

  it.each([
    ['traditional', '這是澳門賭博網', '澳門賭博'],
    ['full-width', '下载ｂｅｔ３６５', 'ｂｅｔ３６５'],
    ['spaced', '澳 门\u3000赌\u00a0博', '澳 门\u3000赌\u00a0博'],
    ['zero-width', '澳\u200B门\u200C赌\u200D博', '澳\u200B门\u200C赌\u200D博'],
    ['punctuation', '澳*门◆赌#博。', '澳*门◆赌#博'],
    ['upper case', '认准BeT365', 'BeT365'],
    ['emoji between', '澳门🎰赌博', '澳门🎰赌博'],
    ['circled digits', '加微信①②③', '①②③'],
  ])('catches the %s evasion and maps offsets to the original span', (_, text, span) => {
    const matches = createMatcher(['澳门赌博', 'bet365', '123']).findAll(text);
    expect(matches.map((match) => text.slice(match.start, match.end))).toEqual([span]);
  });

  it('gives up when more than maxGap noise units separate two characters', () => {
    expect(spans(['赌博'], '赌 ** 博')).toEqual([]);
    expect(spans(['赌博'], '赌 * 博')).toEqual([[0, 5, '赌博']]);
    expect(spans(['赌博'], '赌 ** 博', { maxGap: 4 })).toEqual([[0, 6, '赌博']]);
  });

  it('matches code units exactly when normalisation is off', () => {
    expect(spans(['赌博', 'bet'], '賭博 赌 博 BET bet', { normalize: false })).toEqual([[11, 14, 'bet']]);
  });

  it('counts the same matches as naive indexOf when normalisation is off (seeded random texts)', () => {
    const random = seededRandom(7);
    const alphabet = ['a', 'b', 'c', '中', '国', '人', '𠀀'];
    const pick = () => alphabet[Math.floor(random() * alphabet.length)]!;
    for (let round = 0; round < 40; round++) {
      const words = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 4) }, pick).join(''),
      );
      const text = Array.from({ length: Math.floor(random() * 300) }, pick).join('');
      const matches = createMatcher(words, { normalize: false }).findAll(text);
      expect(matches.length).toBe(naiveCount(words, text));
      for (const match of matches) expect(text.slice(match.start, match.end)).toBe(match.entry);
    }
  });
});

describe('forEachMatch', () => {
  it('visits exactly the matches findAll returns, in the same order', () => {
    const matcher = createMatcher<string | MatcherEntry>([
      '赌博',
      '澳门赌博',
      { pattern: '远离赌博', allow: true },
      { pattern: 'sb', ascii: 'token' },
      '中国',
      '中国人',
      '国人',
    ]);
    const text = '我是中国人，远离赌博！澳 門 賭 博。Disburse sb 中国';
    const visited: Array<[number, number, string | MatcherEntry]> = [];
    matcher.forEachMatch(text, (start, end, entry) => visited.push([start, end, entry]));
    expect(visited).toEqual(matcher.findAll(text).map((m) => [m.start, m.end, m.entry]));
    expect(visited.map(([start, end]) => text.slice(start, end))).toEqual([
      '中国',
      '中国人',
      '国人',
      '澳 門 賭 博',
      '賭 博',
      'sb',
      '中国',
    ]);
  });
});
