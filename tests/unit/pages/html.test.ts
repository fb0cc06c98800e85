import { describe, expect, it } from 'vitest';
import { SafeHtml, escapeHtml, html, joinHtml, raw, safeUrl } from '../../../src/pages/html.js';

/** The same tag under another name: prettier reformats templates tagged `html`, and these compare exact output. */
const h = html;

describe('html', () => {
  it('escapes every interpolated string', () => {
    const title = '<script>alert(1)</script>';
    expect(h`<h1>${title}</h1>`.toString()).toBe('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
  });

  it('escapes quotes, so a value cannot leave its attribute', () => {
    const value = `" onmouseover="alert(1)' x='`;
    expect(h`<input value="${value}">`.toString()).toBe(
      '<input value="&quot; onmouseover=&quot;alert(1)&#39; x=&#39;">',
    );
  });

  it('keeps nested fragments and escapes the strings inside them once', () => {
    const inner = h`<b>${'a&b'}</b>`;
    expect(h`<p>${inner}</p>`.toString()).toBe('<p><b>a&amp;b</b></p>');
  });

  it('joins arrays, escaping their strings and keeping their fragments', () => {
    const items = ['<i>', h`<li>${'<x>'}</li>`, 3];
    expect(h`<ul>${items}</ul>`.toString()).toBe('<ul>&lt;i&gt;<li>&lt;x&gt;</li>3</ul>');
  });

  it('renders numbers, and nothing for null, undefined and booleans', () => {
    expect(h`${0}|${null}|${undefined}|${false}|${true}`.toString()).toBe('0||||');
  });

  it('passes raw() through unchanged: the only way to emit unescaped markup', () => {
    expect(h`<style>${raw('a>b{}')}</style>`.toString()).toBe('<style>a>b{}</style>');
    expect(raw('<b>')).toBeInstanceOf(SafeHtml);
    expect(h`${raw('<b>')}${'<b>'}`.toString()).toBe('<b>&lt;b&gt;');
  });

  it('does not treat a look-alike object as safe markup', () => {
    const forged = { toString: () => '<script>' } as unknown as SafeHtml;
    expect(h`${forged}`.toString()).toBe('');
    const stringObject = new String('<b>') as unknown as string;
    expect(h`${stringObject}`.toString()).toBe('');
  });

  it('joins with a separator', () => {
    expect(joinHtml(['a<', h`<br>`, 'b'], ' & ').toString()).toBe('a&lt; &amp; <br> &amp; b');
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('safeUrl', () => {
  it('keeps relative and http(s) URLs', () => {
    for (const url of ['/m/review/abc?x=1', '#decision', 'https://www.gov.cn/', 'HTTP://a.b', 'a/b:c']) {
      expect(safeUrl(url)).toBe(url);
    }
  });

  it('replaces script and data URLs, however they are disguised', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:x',
      'data:text/html,x',
      'vbscript:x',
    ]) {
      expect(safeUrl(url)).toBe('#');
    }
  });
});
