import { beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../../src/create-checker.js';
import type { Checker } from '../../src/domain/checks/build-checker.js';
import type { CheckReport } from '../../src/domain/checks/finding.js';
import type { Draft, DraftFormat } from '../../src/domain/draft.js';
import { findMojibake } from '../../src/domain/text/mojibake.js';
import { pinyinAnnotations } from '../../src/domain/text/strip-pinyin.js';
import { readSeed } from '../helpers/seeds.js';

let checker: Checker;
beforeAll(async () => {
  checker = await createChecker();
});

const check = (body: string, format: DraftFormat = 'text', title = '通知'): CheckReport =>
  checker.check({ title, body, format } satisfies Draft);
const integrity = (report: CheckReport) => report.findings.filter((f) => f.category === 'integrity');
const rulesOf = (report: CheckReport) =>
  [...new Set(integrity(report).map((f) => `${f.rule}/${f.action}`))].sort();

describe('R3: invisible characters', () => {
  it('TC08: zero-width characters inside a gambling word block as an evasion, and each run is noted', () => {
    const body = '澳\u200B门\u200C赌\u200D博\uFEFF网';
    const report = check(body);
    expect(report.blocked).toBe(true);
    expect(rulesOf(report)).toEqual(['integrity:evasion/block', 'integrity:invisible/review']);
    const evasion = integrity(report).find((f) => f.rule === 'integrity:evasion')!;
    expect(evasion.message).toContain('规避检测');
    expect(body.slice(evasion.start, evasion.end)).toBe(evasion.text);
    expect(integrity(report).filter((f) => f.rule === 'integrity:invisible')).toHaveLength(4);
  });

  it.each([
    ['zero-width space', '全区秋粮收购\u200B工作有序推进。'],
    ['bidi override', '通知\u202E内容'],
    ['soft hyphen', '政务\u00AD公开'],
    ['word joiner run', '政务\u2060\u2060\u2060公开'],
  ])('a %s alone asks for review, not a block', (_name, body) => {
    const report = check(body);
    expect(report.blocked).toBe(false);
    expect(rulesOf(report)).toEqual(['integrity:invisible/review']);
    expect(integrity(report)[0]!.suggestion).toBe('');
  });

  it.each([
    ['emoji with variation selector', '点赞❤️为家乡加油'],
    ['emoji family joined with ZWJ', '幸福一家👨\u200D👩\u200D👧'],
    ['a byte-order mark at the start', '\uFEFF全区秋粮收购工作有序推进。'],
  ])('leaves %s alone', (_name, body) => {
    expect(integrity(check(body))).toEqual([]);
  });

  it('finds invisible entities in HTML and points at them in the source', () => {
    const html = '<p>澳&#8203;门赌博网</p>';
    const report = check(html, 'html');
    const run = integrity(report).find((f) => f.rule === 'integrity:invisible')!;
    expect(run.text).toBe('&#8203;');
    expect(rulesOf(report)).toContain('integrity:evasion/block');
  });
});

describe('R4: garbled and truncated text', () => {
  it.each([
    ['UTF-8 read as GBK', '这是鍩烘湰原则', '鍩烘湰'],
    ['GBK read a byte late (seed 003)', '“指尖上的網上政府”?;驹瓌t是堅持正確導向', '驹瓌t'],
    ['GBK read a byte late (seed 003, second)', '安全管理等職責??赏ㄟ^購買服務等方式', '赏ㄟ^'],
    ['replacement characters', '本次会议��决定', '��'],
  ])('TC63: %s is garbled', (_name, body, text) => {
    const report = check(body);
    expect(integrity(report).map((f) => [f.rule, f.action, f.text])).toContainEqual([
      'integrity:garbled',
      'review',
      text,
    ]);
  });

  it('finds no mojibake in the seeds once their two garbled runs are repaired', () => {
    for (const seed of ['000', '001', '002', '004']) expect(findMojibake(readSeed(seed)), seed).toEqual([]);
    expect(findMojibake(readSeed('003')).length).toBe(2);
    expect(findMojibake(cleanSeed003())).toEqual([]);
  });

  it('notes pinyin annotations left in the text (seed 003)', () => {
    const report = check('澳門(mén)賭(dǔ)博網');
    const left = integrity(report).filter((f) => f.rule === 'integrity:pinyin');
    expect(left.map((f) => f.text)).toEqual(['(mén)', '(dǔ)']);
  });

  it('TC62: a lead-in ending in a colon followed by the next article (seed 002 art. 8)', () => {
    const report = check(readSeed('002'));
    const missing = integrity(report).filter((f) => f.rule === 'integrity:missing-list');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.text).toMatch(/下列内容的信息:$/);
    expect(missing[0]!.action).toBe('review');
  });

  it('a lead-in followed by its list items is complete', () => {
    expect(
      integrity(
        check('不得发布含有下列内容的信息：\n（一）违反宪法的；\n（二）危害国家安全的。\n第九条 其他'),
      ),
    ).toEqual([]);
  });

  it('a numbering gap (seed 001 art. 17: （四） then （六）)', () => {
    const gaps = integrity(check(readSeed('001'))).filter((f) => f.rule === 'integrity:numbering-gap');
    expect(gaps.map((f) => f.text)).toEqual(['(六)']);
    expect(gaps[0]!.message).toContain('第 5 项');
  });

  it.each([
    ['lists that restart', '（一）甲\n（二）乙\n第二条\n（一）丙\n（二）丁'],
    ['two marker styles', '一、总则\n（一）甲\n（二）乙\n二、分则\n（一）丙'],
  ])('no gap for %s', (_name, body) => {
    expect(integrity(check(body))).toEqual([]);
  });
});

describe('R5: hidden and injected HTML', () => {
  it('TC12: a hidden link to a gambling site blocks as hidden HTML and as gambling', () => {
    const html =
      '<p>全区秋粮收购工作有序推进。</p><div style="display:none"><a href="http://xx365bet.example">365体育</a></div>';
    const report = check(html, 'html');
    expect(report.blocked).toBe(true);
    const hidden = integrity(report).filter((f) => f.rule === 'integrity:hidden-html');
    expect(hidden).toHaveLength(1);
    expect(hidden[0]!.action).toBe('block');
    expect(hidden[0]!.text).toBe('<a href="http://xx365bet.example">365体育');
    expect(hidden[0]!.message).toContain('链接');
  });

  it.each([
    ['visibility:hidden', '<span style="visibility: hidden">加微信领红包</span>'],
    ['font-size:0', '<span style="font-size:0px">加微信领红包</span>'],
    ['colour = background', '<p style="color:#FFF;background-color:white">加微信领红包</p>'],
    ['transparent text', '<p style="color: transparent">加微信领红包</p>'],
    ['off-screen', '<div style="position:absolute;left:-9999px">加微信领红包</div>'],
    ['opacity:0', '<div style="opacity:0">加微信领红包</div>'],
    ['the hidden attribute', '<div hidden>加微信领红包</div>'],
    ['a zero-height box that clips', '<div style="height:0;overflow:hidden">加微信领红包</div>'],
    ['a zero-width box that clips', '<p style="max-width: 0px; overflow-x: clip">加微信领红包</p>'],
    [
      'an inherited display:none',
      '<div style="display:none"><p style="font-size:16px">加微信领红包</p></div>',
    ],
  ])('%s blocks', (_name, hidden) => {
    const report = check(`<p>正文。</p>${hidden}`, 'html');
    expect(integrity(report).map((f) => [f.rule, f.action, f.text])).toEqual([
      ['integrity:hidden-html', 'block', '加微信领红包'],
    ]);
  });

  it('TC13: an empty tag pile asks for review and says the template may be tampered with', () => {
    const report = check(
      '<legend id="h4sia"></legend><samp id="h4sia"></samp><p>全区秋粮收购工作有序推进。</p>',
      'html',
    );
    expect(report.blocked).toBe(false);
    const pile = integrity(report);
    expect(pile.map((f) => [f.rule, f.action])).toEqual([['integrity:empty-tags', 'review']]);
    expect(pile[0]!.message).toContain('篡改');
    expect(pile[0]!.text).toBe('<legend id="h4sia"></legend><samp id="h4sia"></samp>');
  });

  it('finds the tag pile at the head of seed 001 read as text', () => {
    const pile = integrity(check(readSeed('001'))).filter((f) => f.rule === 'integrity:empty-tags');
    expect(pile).toHaveLength(1);
    expect(pile[0]!.text.startsWith('<legend id="h4sia">')).toBe(true);
  });
});

/** Ordinary 135编辑器 / 秀米 markup: font-size:0 rows reset inside, colours, empty spacers, images. */
const EDITOR_HTML = `
<section style="font-size: 0px; line-height: 0; text-align: center;">
  <img src="https://mmbiz.qpic.cn/mmbiz_png/abc/640" style="width: 100%;">
  <section style="display: inline-block; font-size: 16px; color: #333333;"><p>全区秋粮收购工作有序推进。</p></section>
</section>
<section style="background-color: #f5f5f5; padding: 10px;"><p style="color: rgb(62, 62, 62);">请广大群众相互转告。</p></section>
<section style="display: none;"><br></section>
<p style="color:#ffffff;background-color:#c00000;">重要提示</p>
<section style="visibility: hidden;"><span style="visibility: visible;">欢迎关注</span></section>
<p><span style="font-size: 0;"> </span><span style="font-size: 15px;">联系电话：0513-85550000</span></p>
<p style="text-indent: 2em;">正文段落。</p>
<section style="height: 0; padding-bottom: 56.25%; overflow: hidden; position: relative;"><p>视频加载中</p></section>
<section style="height: 0; line-height: 0;"><p>标题栏</p></section>
<section style="overflow: hidden; max-height: 300px;"><p>图文说明</p></section>
`;

/** Seed 003 with its annotations removed and its two garbled runs repaired. */
function cleanSeed003(): string {
  const seed = readSeed('003').replace('?;驹瓌t', '基本原則').replace('??赏ㄟ^', '可通過');
  let clean = '';
  let kept = 0;
  for (const [start, end] of pinyinAnnotations(seed)) {
    clean += seed.slice(kept, start);
    kept = end;
  }
  return clean + seed.slice(kept);
}

/** The seeds without their known defects: no R3–R5 finding, whatever the format. */
const CLEAN_TEXTS: Array<[string, string]> = [
  ['seed 000', readSeed('000')],
  ['seed 001 without the tag pile, numbered through', readSeed('001').slice(readSeed('001').indexOf('点击图片右键')).replace('(六)定期培训', '(五)定期培训')],
  ['seed 002 with its lead-in closed', readSeed('002').replace('下列内容的信息:', '下列内容的信息。')],
  ['seed 003 repaired', cleanSeed003()],
  ['seed 004', readSeed('004')],
]; // prettier-ignore

describe('clean texts get no R3–R5 finding', () => {
  it.each(CLEAN_TEXTS)('%s as text and as HTML', (_name, text) => {
    expect(integrity(check(text))).toEqual([]);
    expect(integrity(check(text, 'html'))).toEqual([]);
  });

  it('ordinary editor HTML with inline styles', () => {
    expect(integrity(check(EDITOR_HTML, 'html'))).toEqual([]);
  });
});
