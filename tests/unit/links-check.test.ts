import { describe, expect, it } from 'vitest';
import { buildChecker } from '../../src/domain/checks/build-checker.js';
import { termsList } from './helpers/term-matches.js';
import { checkLinks, findLinks, matchDomain } from '../../src/domain/checks/links-check.js';
import type { Draft } from '../../src/domain/draft.js';
import { TextViewBuilder } from '../../src/domain/text/text-view.js';
import { contextOf, TEST_LISTS } from './helpers/check-context.js';

const check = (draft: Partial<Draft>) => checkLinks(contextOf(draft));
const brief = (body: string) =>
  check({ body }).map(({ rule, action, grade, start, end, text }) => ({
    rule,
    action,
    grade,
    start,
    end,
    text,
  }));

describe('matchDomain', () => {
  it.each([
    ['item.jd.com', ['jd.com'], 'jd.com'],
    ['jd.com', ['JD.com '], 'jd.com'],
    ['m.jd.com', ['*.jd.com'], 'jd.com'],
    ['notjd.com', ['jd.com'], undefined],
    ['jd.com.evil.net', ['jd.com'], undefined],
    ['www.nantong.gov.cn', ['gov.cn'], 'gov.cn'],
    ['gov.cn.example.com', ['gov.cn'], undefined],
  ])('matches %s against %j as %s', (host, domains, expected) => {
    expect(matchDomain(host, domains)).toBe(expected);
  });
});

describe('findLinks', () => {
  it.each([
    ['报名请点击https://t.cn/A6abcdE。谢谢', 'https://t.cn/A6abcdE', 't.cn'],
    ['请访问www.jd.com查看', 'www.jd.com', 'www.jd.com'],
    ['见example.com/path。', 'example.com/path', 'example.com'],
    ['（https://www.gov.cn/a）', 'https://www.gov.cn/a', 'www.gov.cn'],
    ['ｈｔｔｐｓ：／／ｔ．ｃｎ／ａｂｃ', 'ｈｔｔｐｓ：／／ｔ．ｃｎ／ａｂｃ', 't.cn'],
    ['HTTPS://ITEM.JD.COM/1', 'HTTPS://ITEM.JD.COM/1', 'item.jd.com'],
  ])('finds the link in %s', (text, link, host) => {
    const found = findLinks(text);
    expect(found.map((l) => [text.slice(l.start, l.end), l.host])).toEqual([[link, host]]);
  });

  it.each([
    ['decimals and percentages', '增长3.5%，达1.2万元，占比12.5%'],
    ['an e-mail address', '来信请寄 abc@qq.com'],
    ['a file name', '附件：实施方案.docx'],
  ])('finds nothing in %s', (_label, text) => {
    expect(findLinks(text)).toEqual([]);
  });
});

describe('checkLinks', () => {
  it('blocks a commerce link over its exact span (TC14)', () => {
    expect(brief('活动详情及购买链接：https://item.jd.com/100012345678.html')).toEqual([
      {
        rule: 'link:commerce',
        action: 'block',
        grade: undefined,
        start: 10,
        end: 47,
        text: 'https://item.jd.com/100012345678.html',
      },
    ]);
  });

  it('blocks a short link and asks for the full address (TC16)', () => {
    const findings = check({ body: '报名请点击 https://t.cn/A6abcdE' });
    expect(findings.map(({ rule, action, text }) => ({ rule, action, text }))).toEqual([
      { rule: 'link:shortener', action: 'block', text: 'https://t.cn/A6abcdE' },
    ]);
    expect(findings[0]!.message).toContain('完整网址');
  });

  it.each([
    ['a gov.cn link (TC17)', '政策原文：https://www.gov.cn/zhengce/content/2024-01/01/content_1.htm'],
    ['a subdomain of an allowed media site', '详见 http://www.xinhuanet.com/politics/1.htm'],
    ['a bare domain that is on no blocking list', '基于 ASP.NET 开发'],
    ['plain numbers', '同比增长3.5%'],
  ])('passes %s', (_label, body) => {
    expect(check({ body })).toEqual([]);
  });

  it('escalates a link outside the lists to important (TC18)', () => {
    expect(brief('参考：https://www.some-blog.example/post/123')).toEqual([
      {
        rule: 'link:external',
        action: 'escalate',
        grade: 'important',
        start: 3,
        end: 41,
        text: 'https://www.some-blog.example/post/123',
      },
    ]);
  });

  it.each([
    ['www.taobao.com', 'link:commerce'],
    ['jd.com', 'link:commerce'],
    ['dwz.cn/abc', 'link:shortener'],
    ['notjd.com/item', 'link:external'],
    ['https://gov.cn.example.com/a', 'link:external'],
  ])('classifies %s as %s', (link, rule) => {
    expect(check({ body: `请访问${link}。` }).map((finding) => finding.rule)).toEqual([rule]);
  });

  it.each([
    ['javascript:alert(1)', 'javascript:alert(1)'],
    ['data:text/html;base64,PHNjcmlwdD4=', 'data:text/html;base64,PHNjcmlwdD4='],
  ])('blocks the executable address %s', (body, text) => {
    expect(brief(body)).toEqual([
      { rule: 'link:script', action: 'block', grade: undefined, start: 0, end: text.length, text },
    ]);
  });

  it('passes an embedded data: image', () => {
    expect(check({ body: 'data:image/png;base64,iVBORw0KGgo=' })).toEqual([]);
  });

  it('reports a link in the title on the title', () => {
    const findings = check({ title: '速抢 t.cn/Ab1', body: '' });
    expect(findings.map(({ field, start, end, text }) => ({ field, start, end, text }))).toEqual([
      { field: 'title', start: 3, end: 11, text: 't.cn/Ab1' },
    ]);
  });

  it('maps an href line of an HTML view back to the attribute value', () => {
    const body = '<p><a href="https://item.jd.com/1.html">点此购买</a></p>';
    const hrefStart = body.indexOf('https');
    const hrefEnd = body.indexOf('"', hrefStart);
    const labelStart = body.indexOf('点此购买');
    const view = new TextViewBuilder()
      .verbatim(body, labelStart, labelStart + 4)
      .replaced('\n', hrefStart, hrefStart)
      .verbatim(body, hrefStart, hrefEnd)
      .build();
    const findings = checkLinks(contextOf({ body, format: 'html' }, { bodyView: view }));
    expect(findings.map(({ rule, start, end, text }) => ({ rule, start, end, text }))).toEqual([
      { rule: 'link:commerce', start: hrefStart, end: hrefEnd, text: 'https://item.jd.com/1.html' },
    ]);
  });

  it('reads the lists from the context', () => {
    const context = contextOf(
      { body: '见 https://www.example.org/a' },
      { lists: { allowedDomains: ['example.org'] } },
    );
    expect(checkLinks(context)).toEqual([]);
  });
});

describe('checkLinks: links without a scheme and WeChat’s own hosts (issue 11)', () => {
  const rulesOf = (body: string, allowedDomains?: string[]) =>
    checkLinks(contextOf({ body }, allowedDomains === undefined ? {} : { lists: { allowedDomains } })).map(
      ({ rule, text }) => [rule, text],
    );

  it.each([
    ['详见www.example.com了解', 'www.example.com'],
    ['访问example.com/path查看', 'example.com/path'],
    ['点击abc.top注册', 'abc.top'],
    ['官网 some-casino.com 注册即送', 'some-casino.com'],
  ])('finds the schemeless link in %s', (body, text) => {
    expect(rulesOf(body)).toEqual([['link:external', text]]);
  });

  it.each([
    ['a government host', '登录xx.gov.cn办理'],
    ['a file name', '请下载通知.doc附件，并填写报名表.xlsx'],
    ['a decimal number', '增长3.5个百分点'],
    ['an abbreviation', '例如（e.g. 社区）'],
    ['a version number', '版本v1.2.3已上线'],
    ['a markdown or python file', '见readme.md和setup.py'],
    ['a product name', '基于 ASP.NET 与 VB.NET 开发'],
  ])('finds nothing in %s', (_label, body) => {
    expect(rulesOf(body)).toEqual([]);
  });

  it('passes WeChat’s own image and article hosts with the shipped allow list', async () => {
    const { shippedLists } = await import('./helpers/term-matches.js');
    const allowed = shippedLists('link-allowed').flatMap((list) => list.entries.map((entry) => entry.text));
    const body =
      '<img src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg"> 头像 https://mmbiz.qlogo.cn/a/b/0 ' +
      '原文 https://mp.weixin.qq.com/s/xyz 脚本 https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
    expect(rulesOf(body, allowed)).toEqual([]);
    expect(rulesOf('https://evil.qq.com/x', allowed)).toEqual([['link:external', 'https://evil.qq.com/x']]);
  });
});

describe('links in a draft that blocks for gambling or porn (R9)', () => {
  const gambling = termsList('gambling', ['金沙娱乐', '百家乐'], {
    type: 'words',
    category: 'gambling',
    action: 'block',
  });
  const porn = termsList('porn', ['成人视频'], { type: 'words', category: 'porn', action: 'block' });
  const mention = termsList('gambling-mention', ['赌博'], {
    type: 'words',
    category: 'gambling',
    action: 'review',
  });
  const checker = buildChecker([gambling, porn, mention], [checkLinks], TEST_LISTS);
  const links = (body: string) =>
    checker
      .check({ title: '通知', body })
      .findings.filter((finding) => finding.category === 'link')
      .map((finding) => [finding.rule, finding.action, finding.grade, finding.text]);

  it.each([
    ['a casino link', '金沙娱乐，注册即送 js9188.com', 'js9188.com'],
    ['a link in hidden spam', '百家乐平台 http://tyc888.example/ 欢迎', 'http://tyc888.example/'],
    ['a porn site', '成人视频免费看 http://xx-video.example/', 'http://xx-video.example/'],
  ])('blocks %s as a link to an illegal site', (_label, body, text) => {
    expect(links(body)).toEqual([['link:illegal', 'block', undefined, text]]);
  });

  it('names the kind of site in the message', () => {
    const report = checker.check({ title: '通知', body: '金沙娱乐 js9188.com' });
    expect(report.findings.find((finding) => finding.rule === 'link:illegal')?.message).toContain('赌博网站');
    expect(report.grade).toBe('general');
  });

  it.each([
    ['an external link alone', '详情见 www.example.org/notice', 'www.example.org/notice'],
    [
      'a link next to a word that is only reviewed',
      '远离赌博，详见 www.example.org/notice',
      'www.example.org/notice',
    ],
  ])('keeps %s escalating', (_label, body, text) => {
    expect(links(body)).toEqual([['link:external', 'escalate', 'important', text]]);
  });

  it('leaves allowed, shortener and commerce links as they were', () => {
    expect(links('金沙娱乐 http://www.gov.cn/a t.cn/abc item.jd.com/1')).toEqual([
      ['link:shortener', 'block', undefined, 't.cn/abc'],
      ['link:commerce', 'block', undefined, 'item.jd.com/1'],
    ]);
  });
});
