import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/checks/finding.js';
import { highlightBody, highlightTitle } from '../../../src/pages/highlight.js';
import { numberFindings } from '../../../src/pages/numbered-findings.js';
import { findingOn } from './review-fixtures.js';

function highlight(body: string, findings: Finding[]) {
  const result = highlightBody(body, 'html', numberFindings(findings));
  return { markup: result.markup.toString(), placed: result.placed };
}

describe('highlightBody on HTML', () => {
  it('splits a range that crosses tags into marks inside each text node', () => {
    const body = '<p>澳门<b>赌博</b>网站</p>';
    const { markup } = highlight(body, [findingOn(body, '澳门<b>赌博</b>网站', { action: 'block' })]);
    expect(markup).toBe(
      '<p><sup class="fn fn-block" id="at-1"><span class="sr">机审提示</span>1</sup>\u2060<mark class="f f-block" data-finding="1">澳门</mark>' +
        '<b><mark class="f f-block" data-finding="1">赌博</mark></b><mark class="f f-block" data-finding="1">网站</mark></p>',
    );
  });

  it('never splits an entity', () => {
    const body = '<p>A&amp;B 公司</p>';
    const { markup } = highlight(body, [findingOn(body, 'A&amp;B', { action: 'info' })]);
    expect(markup).toContain('<mark class="f f-info" data-finding="1">A&amp;B</mark>');
  });

  it('puts the number after a link or image whose address is the finding', () => {
    const body =
      '<p>详见<a href="http://bit.ly/x">这里</a>。<img src="http://mmbiz.qpic.cn/a.png" alt="图"></p>';
    const findings = [
      findingOn(body, 'http://bit.ly/x', { action: 'block' }),
      findingOn(body, 'http://mmbiz.qpic.cn/a.png', { action: 'escalate' }),
    ];
    const { markup, placed } = highlight(body, findings);
    expect(markup).toMatch(/<\/a><sup class="fn fn-block" id="at-1">/);
    expect(markup).toMatch(/<img [^>]*\/><sup class="fn fn-escalate" id="at-2">/);
    expect([...placed]).toEqual([
      [1, 'badge'],
      [2, 'badge'],
    ]);
    expect(markup).toContain('href="http://bit.ly/x"');
  });

  it('does not mark text the article never shows', () => {
    const body = '<p>正文</p><script>var a = "赌博";</script><style>.x{}</style>';
    const { markup, placed } = highlight(body, [findingOn(body, '赌博', { action: 'block' })]);
    expect(placed.size).toBe(0);
    expect(markup).toBe('<p>正文</p>');
  });

  it('cannot be fooled by markers or marks written into the draft', () => {
    const body = '<p><mark data-finding="9">假</mark>\uFDD0\uFDE1\uFDD2伪造\uFDD1\uFDE1\uFDD2</p>';
    const { markup } = highlight(body, []);
    expect(markup).toBe('<p><span>假</span>\uFFFD\uFFFD\uFFFD伪造\uFFFD\uFFFD\uFFFD</p>');
  });

  it('ignores findings whose offsets fall outside the body', () => {
    const body = '<p>短</p>';
    const bad: Finding = { ...findingOn(body, '短', { action: 'block' }), start: 50, end: 60 };
    expect(highlight(body, [bad]).markup).toBe('<p>短</p>');
  });
});

describe('highlightTitle', () => {
  it('escapes the title and marks its findings only', () => {
    const title = '<script>区长</script>调研';
    const findings = [
      findingOn(title, '区长', { action: 'escalate' }, 0, 'title'),
      findingOn('正文区长', '区长', { action: 'block' }),
    ];
    const { markup, placed } = highlightTitle(title, numberFindings(findings));
    expect(markup.toString()).toBe(
      '&lt;script&gt;<sup class="fn fn-escalate" id="at-1"><span class="sr">机审提示</span>1</sup>\u2060<mark class="f f-escalate" data-finding="1">区长</mark>&lt;/script&gt;调研',
    );
    expect([...placed.keys()]).toEqual([1]);
  });
});
