import { describe, expect, it } from 'vitest';
import { htmlToView } from '../../src/domain/text/html-to-view.js';
import { pinyinAnnotations, stripPinyin } from '../../src/domain/text/strip-pinyin.js';
import { identityView, toOriginalSpan } from '../../src/domain/text/text-view.js';
import { readSeed } from '../helpers/seeds.js';

describe('pinyinAnnotations', () => {
  it('finds exactly the 183 annotations of seed 003', () => {
    const seed = readSeed('003');
    const spans = pinyinAnnotations(seed);
    expect(spans).toHaveLength(183);
    expect(seed.slice(...spans[0]!)).toMatch(/^\([a-zà-ǜ]+\)$/);
  });

  it.each([
    ['發(fā)展', '發展'],
    ['門（mén）', '門'],
    ['綠(lǜ)色', '綠色'],
    ['女(nü)', '女'],
    ['發(fā)展(zhǎn)', '發展'],
    ['全(quán)文(wén)', '全文'],
    ['㐀(ǎ)', '㐀'],
    ['見(jiàn）', '見'],
  ])('strips %s', (text, expected) => {
    expect(stripPinyin(identityView(text)).text).toBe(expected);
  });

  it.each([
    ['an aside in Chinese', '縣(市)'],
    ['a reference to an attachment', '見(附件1)'],
    ['a list marker', '第一條(a)'],
    ['latin without tone marks', '發(fa)'],
    ['after a latin letter', 'a(fā)'],
    ['after a digit', '1(fā)'],
    ['too long to be one syllable', '發(zhuāngzhuang)'],
    ['capital letters', '發(Fā)'],
    ['spaces inside', '發( fā )'],
  ])('keeps %s', (_name, text) => {
    expect(stripPinyin(identityView(text)).text).toBe(text);
  });
});

describe('stripPinyin', () => {
  it('maps every unit of stripped seed 003 to the same character of the seed', () => {
    const seed = readSeed('003');
    const view = stripPinyin(identityView(seed));
    const removed = pinyinAnnotations(seed).reduce((sum, [start, end]) => sum + end - start, 0);
    expect(view.text.length).toBe(seed.length - removed);
    expect(pinyinAnnotations(view.text)).toEqual([]);
    for (let i = 0; i < view.text.length; i++) {
      expect(view.ends[i]! - view.starts[i]!).toBe(1);
      expect(seed[view.starts[i]!]).toBe(view.text[i]);
    }
  });

  it('maps a match across a removed annotation back over it', () => {
    const text = '促進發(fā)展(zhǎn)';
    const view = stripPinyin(identityView(text));
    expect(view.text).toBe('促進發展');
    const span = toOriginalSpan(view, 2, 4);
    expect(text.slice(span.start, span.end)).toBe('發(fā)展');
  });

  it('composes with an HTML view so offsets point into the HTML', () => {
    const html = '<p>發</p>(fā)<b>展</b>';
    // The paragraph break sits between 發 and its annotation, so it is not one.
    expect(stripPinyin(htmlToView(html)).text).toBe('發\n(fā)展');
    const inline = '<b>發</b>(fā)&#23637;';
    const view = stripPinyin(htmlToView(inline));
    expect(view.text).toBe('發展');
    expect(inline.slice(view.starts[1], view.ends[1])).toBe('&#23637;');
  });

  it('returns the same view when there is nothing to strip', () => {
    const view = identityView('没有注音');
    expect(stripPinyin(view)).toBe(view);
  });
});
