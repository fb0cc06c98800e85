import { describe, expect, it } from 'vitest';
import { buildFieldView } from '../../src/domain/text/field-view.js';
import { htmlTitle, htmlToView } from '../../src/domain/text/html-to-view.js';
import type { TextView } from '../../src/domain/text/text-view.js';
import { toOriginalSpan } from '../../src/domain/text/text-view.js';
import { readSeed } from '../helpers/seeds.js';

/** The head of seed 001: a pile of empty junk tags, as parasitic page templates leave them. */
const SEED_001_HEAD = readSeed('001').slice(0, readSeed('001').indexOf('点击图片右键'));

/**
 * Every unit maps to source that is the unit itself or an entity decoding to it; a newline maps to a tag, or
 * (before an appended link) to the link value that starts at the next unit.
 */
function expectRoundTrip(html: string, view: TextView): void {
  expect(view.starts.length).toBe(view.text.length);
  for (let i = 0; i < view.text.length; i++) {
    const unit = view.text[i]!;
    const slice = html.slice(view.starts[i], view.ends[i]);
    expect(view.starts[i]).toBeLessThan(view.ends[i]!);
    if (slice === unit) continue;
    if (unit === '\n') {
      expect(slice.startsWith('<') || view.starts[i + 1] === view.starts[i], `unit ${i}`).toBe(true);
    } else {
      expect(slice.startsWith('&'), `unit ${i} ${JSON.stringify(slice)}`).toBe(true);
      expect(htmlToView(slice).text).toContain(unit);
    }
  }
}

describe('htmlToView', () => {
  it.each([
    ['text with entities', '<p>澳&amp;门 &lt;b&gt; &#36172;&#x535A;</p>', '澳&门 <b> 赌博\n'],
    ['block elements end lines', '<div>澳门</div><p>赌博</p>甲<br>乙<li>丙', '澳门\n赌博\n甲\n乙\n丙'],
    ['inline elements do not', '澳<b>门</b><span>赌</span><em>博</em>', '澳门赌博'],
    ['script and style are dropped', '<script>var a = "澳门赌博";</script><style>p{}</style>正文', '正文'],
    ['hidden text is kept', '<span style="display:none">澳门赌博</span>可见', '澳门赌博可见'],
    ['comments are dropped', '甲<!-- 注释 -->乙', '甲乙'],
    ['links are appended as lines', '<a href="https://t.cn/x">点此</a>了解', '点此了解\nhttps://t.cn/x'],
    ['src is a link too', '<img src=/a.png alt="图">文', '文\n/a.png'],
    ['entities in attributes are decoded', '<a href="/s?a=1&amp;b=2&copy=3">x</a>', 'x\n/s?a=1&b=2&copy=3'],
    ['other attributes are not text', '<p title="澳门赌博" class="x">正文</p>', '正文\n'],
    ['a lone < is text', '《关于印发<管理办法>的通知》', '《关于印发<管理办法>的通知》'],
    ['empty document', '', ''],
  ])('%s', (_name, html, expected) => {
    const view = htmlToView(html);
    expect(view.text).toBe(expected);
    expectRoundTrip(html, view);
  });

  it('reduces the junk tag pile of seed 001 to its list markers', () => {
    const view = htmlToView(SEED_001_HEAD);
    expect(view.text.replace(/\s/g, '')).toBe('•1.2.3.4.');
    expectRoundTrip(SEED_001_HEAD, view);
  });

  it('maps every unit of the whole of seed 001 back to its source', () => {
    const seed = readSeed('001');
    const view = htmlToView(seed);
    expect(view.text).toContain('365足球比分_365名品汇推荐码多少_365365bet官');
    expectRoundTrip(seed, view);
  });

  it('maps a span of the view back over the tags and entities that split it', () => {
    const html = '<p>澳<b>门</b>&#36172;<span style="font-size:0">博</span>网</p>';
    const view = htmlToView(html);
    const at = view.text.indexOf('澳门赌博');
    const span = toOriginalSpan(view, at, at + 4);
    expect(html.slice(span.start, span.end)).toBe('澳<b>门</b>&#36172;<span style="font-size:0">博');
  });

  it('maps a link line to the attribute value in its tag', () => {
    const html = '<p>见<a class="x" href = \'https://dwz.cn/&amp;abc\'>链接</a></p>';
    const view = htmlToView(html);
    const at = view.text.indexOf('https://');
    const span = toOriginalSpan(view, at, view.text.length);
    expect(html.slice(span.start, span.end)).toBe('https://dwz.cn/&amp;abc');
  });
});

describe('htmlTitle', () => {
  it.each([
    ['the <title>', '<html><head><title> 关于 &amp; 通知 </title></head><h1>大标题</h1>', '关于 & 通知', 20],
    ['the first <h1> without a title', '<body><p>甲</p><h1>大\n 标题</h1><h1>次</h1>', '大 标题', 18],
    ['the <h1> when the <title> is empty', '<title> </title><h1>标题</h1>', '标题', 20],
    ['nothing without either', '<p>正文</p>', undefined, undefined],
  ])('finds %s', (_name, html, title, offset) => {
    const found = htmlTitle(html);
    expect(found?.title).toBe(title);
    expect(found?.offset).toBe(offset);
  });
});

describe('buildFieldView', () => {
  it('strips pinyin from the text of HTML and keeps offsets into the HTML', () => {
    const html = '<p>發(fā)<b>展</b>&amp;門（mén）</p>';
    const view = buildFieldView(html, 'html');
    expect(view.text).toBe('發展&門\n');
    expect(html.slice(view.starts[2], view.ends[2])).toBe('&amp;');
    expect(html.slice(view.starts[3], view.ends[3])).toBe('門');
  });

  it.each(['text', 'markdown'] as const)('reads %s as it is, without pinyin', (format) => {
    const text = '# 标题\n发(fā)展 [链接](https://t.cn/x)';
    const view = buildFieldView(text, format);
    expect(view.text).toBe('# 标题\n发展 [链接](https://t.cn/x)');
    expect(text.slice(view.starts[6], view.ends[6])).toBe('展');
  });
});
