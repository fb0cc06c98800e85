import { describe, expect, it } from 'vitest';
import { sanitizeArticle } from '../../../src/pages/sanitize-article.js';
import { PIXEL } from './review-fixtures.js';

describe('sanitizeArticle', () => {
  it('removes scripts, styles and their content', () => {
    const clean = sanitizeArticle(
      '<p>正文</p><script>alert(1)</script><style>p{}</style><noscript>x</noscript>',
    );
    expect(clean).toBe('<p>正文</p>');
  });

  it('removes event handlers, inline styles, classes and ids', () => {
    const clean = sanitizeArticle(
      '<p onclick="alert(1)" style="color:red" class="x" id="decision">a</p><img src=https://mmbiz.qpic.cn/x onerror=alert(1)>',
    );
    expect(clean).toBe('<p>a</p><img src="https://mmbiz.qpic.cn/x" loading="lazy" />');
  });

  it('removes javascript: and other non-web URLs, however written', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'jav&#x09;ascript:alert(1)',
      'vbscript:x',
      'data:text/html,<script>x</script>',
    ]) {
      expect(sanitizeArticle(`<a href="${href}">链接</a>`)).toBe(
        '<a rel="noopener noreferrer" target="_blank">链接</a>',
      );
    }
  });

  it('keeps links, opening them apart from the review page with no referrer', () => {
    expect(sanitizeArticle('<a href="https://www.gov.cn/" rel="opener" target="_self">中国政府网</a>')).toBe(
      '<a href="https://www.gov.cn/" rel="noopener noreferrer" target="_blank">中国政府网</a>',
    );
  });

  it('keeps images with data: and platform image sources, and WeChat lazy images', () => {
    expect(sanitizeArticle(`<img src="${PIXEL}" alt="图">`)).toBe(
      `<img src="${PIXEL}" alt="图" loading="lazy" />`,
    );
    expect(sanitizeArticle('<img data-src="https://mmbiz.qpic.cn/a.jpg">')).toBe(
      '<img loading="lazy" src="https://mmbiz.qpic.cn/a.jpg" />',
    );
    expect(sanitizeArticle('<img src="javascript:alert(1)">')).toBe(
      '<span>〔图片未显示：不在平台图片地址内 〕</span>',
    );
  });

  it('removes iframes, forms, objects and meta refreshes but keeps visible text', () => {
    const clean = sanitizeArticle(
      '<iframe src="https://x"></iframe><form action="/x"><input name="a"><button>提交</button></form><object data="x"></object><meta http-equiv="refresh" content="0">',
    );
    expect(clean).toBe('提交');
  });

  it('turns the draft’s own <mark> into a plain span: highlights belong to findings', () => {
    expect(sanitizeArticle('<mark data-finding="1" class="f f-block">假</mark>')).toBe('<span>假</span>');
  });

  it('keeps the usual article structure', () => {
    const article =
      '<section><h2>标题</h2><p><strong>粗</strong><em>斜</em><br />行</p><blockquote>引</blockquote><ul><li>项</li></ul><table><tbody><tr><td colspan="2">格</td></tr></tbody></table></section>';
    expect(sanitizeArticle(article)).toBe(article);
  });

  it('escapes > and quotes in attribute values, so markup can be split at tags', () => {
    expect(sanitizeArticle('<a title="a>b&quot;c" href="https://x/?a=1&b=2">t</a>')).toBe(
      '<a title="a&gt;b&quot;c" href="https://x/?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">t</a>',
    );
  });

  it("shows images from the platforms' hosts and replaces any other by its URL as text", () => {
    const clean = sanitizeArticle(
      '<img src="https://mmbiz.qpic.cn/mmbiz_png/a/0"><img src="https://wx1.sinaimg.cn/large/b.jpg">' +
        '<img src="https://tracker.example.com/p.gif?u=1&v=<x>"><img data-src="//evil.example/x.png">',
    );
    expect(clean).toContain('src="https://mmbiz.qpic.cn/mmbiz_png/a/0"');
    expect(clean).toContain('src="https://wx1.sinaimg.cn/large/b.jpg"');
    expect(clean).not.toMatch(/<img[^>]*(tracker|evil)/);
    expect(clean).toContain(
      '<span>〔图片未显示：不在平台图片地址内 https://tracker.example.com/p.gif?u=1&amp;v=&lt;x&gt;〕</span>',
    );
    expect(clean).toContain('//evil.example/x.png〕</span>');
  });

  it('never lets a draft forge the placeholder', () => {
    expect(sanitizeArticle('<qianfa-image src="https://evil.example/x">字</qianfa-image>')).toBe(
      '<span>字</span>',
    );
  });
});
