import { describe, expect, it } from 'vitest';
import {
  checkWechatArticleLimits,
  countCodePoints,
  textOfHtml,
  utf8ByteLength,
  WECHAT_LIMITS,
} from '../../../src/domain/publishing/wechat-limits.js';

const valid = { title: '关于做好冬季供暖工作的通知', content: '<p>正文</p>' };

describe('checkWechatArticleLimits', () => {
  it('accepts an article at every limit', () => {
    const atLimits = {
      title: '题'.repeat(32),
      author: '作'.repeat(16),
      digest: '摘'.repeat(128),
      content: '字'.repeat(19_999),
      contentSourceUrl: `https://www.gov.cn/${'a'.repeat(1024 - 19)}`,
    };
    expect(checkWechatArticleLimits(atLimits)).toEqual([]);
  });

  it.each([
    ['title', { title: '题'.repeat(33) }, 'chars', 32, 33],
    ['author', { author: '作'.repeat(17) }, 'chars', 16, 17],
    ['digest', { digest: '摘'.repeat(129) }, 'chars', 128, 129],
    ['content', { content: '字'.repeat(20_000) }, 'chars', 19_999, 20_000],
    ['content_source_url', { contentSourceUrl: `https://a.cn/${'a'.repeat(1012)}` }, 'bytes', 1024, 1025],
  ] as const)('reports a %s one past its limit', (field, overrides, unit, limit, actual) => {
    expect(checkWechatArticleLimits({ ...valid, ...overrides })).toEqual([
      { code: 'too_long', field, unit, limit, actual },
    ]);
  });

  it('counts the characters of the text, not of the markup around it', () => {
    const styled = `<section style="margin:0 8px;line-height:1.75">${'<span>字</span>'.repeat(19_999)}</section>`;
    expect(checkWechatArticleLimits({ ...valid, content: styled })).toEqual([]);
    const entities = '&nbsp;'.repeat(20_000);
    expect(checkWechatArticleLimits({ ...valid, content: entities })).toMatchObject([
      { unit: 'chars', actual: 20_000 },
    ]);
  });

  it('limits the HTML to under 1 MB of UTF-8', () => {
    // 16 bytes of markup plus 字 (3 bytes) around the padding.
    const html = (bytes: number): string => `<p style="${'x'.repeat(bytes - 19)}">字</p>`;
    expect(checkWechatArticleLimits({ ...valid, content: html(1024 * 1024 - 1) })).toEqual([]);
    expect(checkWechatArticleLimits({ ...valid, content: html(1024 * 1024) })).toEqual([
      {
        code: 'too_long',
        field: 'content',
        unit: 'bytes',
        limit: WECHAT_LIMITS.contentMaxBytes,
        actual: 1024 * 1024,
      },
    ]);
  });

  it('counts an astral character (emoji) as one character, not two UTF-16 units', () => {
    expect(checkWechatArticleLimits({ ...valid, title: '😀'.repeat(32) })).toEqual([]);
    expect(countCodePoints('😀通a')).toBe(3);
  });

  it('reports an empty title and empty content', () => {
    expect(checkWechatArticleLimits({ title: '  ', content: '' })).toEqual([
      { code: 'empty', field: 'title' },
      { code: 'empty', field: 'content' },
    ]);
  });
});

describe('textOfHtml', () => {
  it('drops tags and counts a character reference as one character', () => {
    expect(textOfHtml('<p class="a">通知&nbsp;&#8203;&#x4e00;</p><br/>')).toBe('通知&&&');
  });
});

describe('utf8ByteLength', () => {
  it('matches Buffer.byteLength on mixed text', () => {
    const text = 'a é 通 😀 \u{10FFFF}';
    expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});
