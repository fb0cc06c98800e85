import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/checks/finding.js';
import type { DraftFormat } from '../../../src/domain/draft.js';
import { articleHtml } from '../../../src/domain/publishing/article-html.js';
import { highlightBody } from '../../../src/pages/highlight.js';
import { numberFindings } from '../../../src/pages/numbered-findings.js';
import { sanitizeArticle } from '../../../src/pages/sanitize-article.js';
import { findingOn, findingsOn } from './review-fixtures.js';

function highlight(body: string, format: DraftFormat, findings: Finding[]) {
  const result = highlightBody(body, format, numberFindings(findings));
  return { markup: result.markup.toString(), placed: result.placed };
}

/** The page markup without the marks and badges: must be exactly the sanitised article. */
function unmarked(markup: string): string {
  return markup
    .replace(/<sup class="fn[^"]*"[^>]*><span class="sr">机审提示<\/span>\d+<\/sup>\u2060?/g, '')
    .replace(/<\/?mark[^>]*>/g, '');
}

/** Text of finding n's marks, joined, entities decoded the way the browser would. */
function markedText(markup: string, n: number): string {
  const marks = [...markup.matchAll(/<mark class="f [^"]*" data-finding="([\d ]+)">([^<]*)<\/mark>/g)];
  return marks
    .filter((m) => (m[1] ?? '').split(' ').includes(String(n)))
    .map((m) => (m[2] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))
    .join('');
}

describe('highlightBody on plain text', () => {
  const body = '第一段，区长出席。\n\n  第二段：我觉得很好！！！';

  it('wraps each finding and keeps the paragraphs', () => {
    const findings = [
      findingOn(body, '区长', { action: 'escalate' }),
      findingOn(body, '我觉得', { action: 'review' }),
    ];
    const { markup, placed } = highlight(body, 'text', findings);
    expect(markedText(markup, 1)).toBe('区长');
    expect(markedText(markup, 2)).toBe('我觉得');
    expect(markup).toContain('<mark class="f f-escalate" data-finding="1">区长</mark>');
    expect(unmarked(markup)).toBe(articleHtml(body, 'text'));
    expect([...placed]).toEqual([
      [1, 'text'],
      [2, 'text'],
    ]);
  });

  it('splits a finding that spans two paragraphs into one mark per paragraph', () => {
    const finding = findingOn(body, '出席。\n\n  第二段', { action: 'block' });
    const { markup } = highlight(body, 'text', [finding]);
    expect(markup).toContain('<mark class="f f-block" data-finding="1">出席。</mark></p>');
    expect(markup).toContain('<p><mark class="f f-block" data-finding="1">第二段</mark>');
    expect(markup).not.toMatch(/<\/p>\s*<mark/);
  });

  it('escapes the text around and inside marks', () => {
    const text = '<script>alert(1)</script> 澳门赌博';
    const { markup } = highlight(text, 'text', [findingOn(text, '<script>alert', { action: 'block' })]);
    expect(markup).not.toContain('<script');
    expect(markedText(markup, 1)).toBe('<script>alert');
  });
});

describe('highlightBody with overlapping findings', () => {
  const body = '严禁传播澳门赌博网站信息';

  it('cuts overlaps into consecutive marks that list every finding, coloured by the worst', () => {
    const a = findingOn(body, '澳门赌博', { action: 'block' });
    const b = findingOn(body, '赌博网站', { action: 'review' });
    const c = findingOn(body, '赌博', { action: 'info' });
    const { markup } = highlight(body, 'text', [a, b, c]);
    const numbers = numberFindings([a, b, c]);
    for (const { n, finding } of numbers) expect(markedText(markup, n)).toBe(finding.text);
    expect(markup).toContain('data-finding="1 2 3">赌博</mark>');
    // Numbered by position: 澳门赌博 1, 赌博 2 (ends first), 赌博网站 3.
    expect(markup).toContain('<mark class="f f-review" data-finding="3">网站</mark>');
    expect(unmarked(markup)).toBe(articleHtml(body, 'text'));
    expect(markup.match(/<mark/g)?.length).toBe(markup.match(/<\/mark>/g)?.length);
  });

  it('marks identical and touching ranges without nesting', () => {
    const a = findingOn(body, '澳门', { action: 'block' });
    const b = findingOn(body, '澳门', { action: 'info', rule: 'other' });
    const c = findingOn(body, '赌博', { action: 'info' });
    const { markup } = highlight(body, 'text', [a, b, c]);
    expect(markup).toMatch(
      /data-finding="1 2">澳门<\/mark><sup[^>]*>.*?3<\/sup>\u2060<mark class="f f-info" data-finding="3">赌博/,
    );
    expect(markup).not.toMatch(/<mark[^>]*>[^<]*<mark/);
  });
});

describe('highlightBody on Markdown', () => {
  it('marks across emphasis without changing the rendered structure', () => {
    const body = '澳门**赌博**网站\n\n- 第一项 加微信\n- 第二项';
    const findings = [
      findingOn(body, '澳门**赌博', { action: 'block' }),
      findingOn(body, '加微信\n- 第二', { action: 'review' }),
    ];
    const { markup } = highlight(body, 'markdown', findings);
    expect(markup).toContain(
      '<mark class="f f-block" data-finding="1">澳门</mark><strong><mark class="f f-block" data-finding="1">赌博</mark></strong>',
    );
    expect(markedText(markup, 2)).toBe('加微信第二');
    expect(unmarked(markup)).toBe(sanitizeArticle(articleHtml(body, 'markdown')));
    expect(markup).not.toMatch(/<ul>\s*<mark/);
  });

  it('leaves a finding inside a link target unmarked and the link intact', () => {
    const body = '请看[通知](http://bit.ly/abc)。';
    const { markup, placed } = highlight(body, 'markdown', [findingOn(body, 'bit.ly', { action: 'block' })]);
    expect(markup).toContain('href="http://bit.ly/abc"');
    expect(placed.size).toBe(0);
    expect(markup).not.toMatch(/[\uFDD0-\uFDEF]|%EF%B7/i);
  });

  it('drops a mark that would change how Markdown parses, and keeps the others', () => {
    // Plain, `a**《` cannot open emphasis (CommonMark flanking rules); a marker after `**` would let it open.
    const body = 'a**《规定》** b 我觉得';
    const findings = [
      findingOn(body, '《规定》', { action: 'info' }),
      findingOn(body, '我觉得', { action: 'review' }),
    ];
    const { markup, placed } = highlight(body, 'markdown', findings);
    expect(unmarked(markup)).toBe(sanitizeArticle(articleHtml(body, 'markdown')));
    expect(markup).not.toContain('<strong>');
    expect(placed.has(1)).toBe(false);
    expect(placed.get(2)).toBe('text');
  });
});

describe('highlightBody on a pathological Markdown draft', () => {
  it('stays faithful when hundreds of marks would change the parse', () => {
    const body = 'a**《规定》** b 我觉得\n\n'.repeat(200);
    const findings = ['《规定》', '我觉得'].flatMap((text) => findingsOn(body, text, { action: 'info' }));
    const { markup, placed } = highlight(body, 'markdown', findings);
    expect(unmarked(markup)).toBe(sanitizeArticle(articleHtml(body, 'markdown')));
    expect(placed.size).toBeGreaterThan(0);
    expect(markup).not.toContain('<strong>');
  });
});
