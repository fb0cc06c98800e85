import { describe, expect, it } from 'vitest';
import {
  EMOJI_HIGH,
  INVISIBLE,
  LATIN_LETTER,
  MOJIBAKE_CUE,
  REPLACEMENT_CHAR,
  TONE_MARK,
  unitKinds,
} from '../../src/domain/text/unit-kinds.js';

describe('unitKinds', () => {
  it('finds no kind in plain Chinese text with its usual punctuation', () => {
    expect(unitKinds('各地各部门要把工作摆上重要位置，明确责任分工。\n　　一、总体要求：')).toBe(0);
  });

  it.each([
    ['ASCII letter', 'gov.cn', LATIN_LETTER],
    ['full-width letter', '访问ｗｗｗ', LATIN_LETTER],
    ['half-width question mark', '编码?错误', MOJIBAKE_CUE | TONE_MARK],
    ['unit that may start UTF-8 read as GBK', '鍩烘湰', MOJIBAKE_CUE],
    ['replacement character', '乱码\uFFFD', REPLACEMENT_CHAR],
    ['full-width exclamation mark', '太好了！', TONE_MARK],
    ['crying face', '唉😭', EMOJI_HIGH],
    ['angry face of the U+1F9xx block', '🤬', EMOJI_HIGH],
    ['zero-width space', '规\u200B避', INVISIBLE],
    ['soft hyphen and bidi control', '文\u00AD字\u202E', INVISIBLE],
    ['variation selector', '心\uFE0F', INVISIBLE],
  ])('notes a %s', (_name, text, kinds) => {
    expect(unitKinds(text)).toBe(kinds);
  });
});
