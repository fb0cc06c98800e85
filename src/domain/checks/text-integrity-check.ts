import { findMojibake } from '../text/mojibake.js';
import { readHtml } from '../text/html-to-view.js';
import { pinyinAnnotations } from '../text/strip-pinyin.js';
import { toOriginalSpan } from '../text/text-view.js';
import { INVISIBLE, kindsAt, MOJIBAKE_CUE, REPLACEMENT_CHAR } from '../text/unit-kinds.js';
import type { CheckContext, CheckRule, FieldScan, WordMatch } from './check-context.js';
import { findingAt, unitKindsOf } from './check-context.js';
import type { Finding } from './finding.js';
import { listedFindings } from './summarise-findings.js';

/*
 * R3, R4 (TC08, TC62, TC63):
 * - integrity:invisible        a run of invisible characters (zero-width, bidi controls, soft hyphen, variation
 *                              selectors outside emoji) → review, suggest removing
 * - integrity:evasion          invisible characters inside a blocked listed word → block, 规避检测
 * - integrity:garbled          U+FFFD or mis-decoded text (鍩烘湰, ?;驹瓌t) → review
 * - integrity:pinyin           字(拼音) annotations left in the text → review
 * - integrity:missing-list     a lead-in ending in a colon followed by the next article, or nothing → review
 * - integrity:numbering-gap    （四） followed by （六） → review
 */

const isInvisibleAt = (text: string, index: number) => (kindsAt(text, index) & INVISIBLE) !== 0;

/** Joiners and variation selectors after these belong to an emoji sequence (❤️, 👨‍👩‍👧). */
const PICTOGRAPH_END = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}]$/u;

interface Span {
  start: number;
  end: number;
}

function invisibleRuns(text: string): Span[] {
  const runs: Span[] = [];
  for (let at = 0; at < text.length; at++) {
    if (!isInvisibleAt(text, at)) continue;
    const start = at;
    while (at + 1 < text.length && isInvisibleAt(text, at + 1)) at++;
    const end = at + 1;
    if (start === 0 && end === 1 && text.charCodeAt(0) === 0xfeff) continue; // a byte-order mark
    if (isEmojiGlue(text, start, end)) continue;
    runs.push({ start, end });
  }
  return runs;
}

/** Only joiners and variation selectors, right after a pictograph. */
function isEmojiGlue(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const unit = text.charCodeAt(at);
    if (unit !== 0x200d && unit !== 0xfe0e && unit !== 0xfe0f) return false;
  }
  return PICTOGRAPH_END.test(text.slice(Math.max(0, start - 2), start));
}

/** Blocked word matches with an invisible run strictly inside; both lists are ordered by start. */
function evadingMatches(runs: readonly Span[], matches: readonly WordMatch[]): WordMatch[] {
  const blocking = matches.filter(
    ({ list }) => list.type === 'words' && (list.action ?? 'block') === 'block',
  );
  const evading = new Set<WordMatch>();
  let next = 0;
  let widest: WordMatch | undefined;
  for (const run of runs) {
    while (next < blocking.length && blocking[next]!.start < run.start) {
      const match = blocking[next++]!;
      if (!widest || match.end > widest.end) widest = match;
    }
    if (widest && widest.end > run.end) evading.add(widest);
  }
  return [...evading];
}

function invisibleFindings(scan: FieldScan): Finding[] {
  // Most fields hold no invisible unit: the kinds read once per field answer without a pass of its own.
  if ((unitKindsOf(scan) & INVISIBLE) === 0) return [];
  const text = scan.view.text;
  const runs = invisibleRuns(text);
  if (runs.length === 0) return [];
  const review = listedFindings(runs, ({ start, end }) => ({
    ...findingAt(scan, start, end, {
      rule: 'integrity:invisible',
      category: 'integrity',
      action: 'review',
      message: `含 ${end - start} 个不可见字符（零宽字符、方向控制符等），发布后读者看不到，却会干扰检索和审核；建议删除。`,
    }),
    suggestion: '',
  }));
  const evasion = listedFindings(evadingMatches(runs, scan.matches), (match) =>
    findingAt(scan, match.start, match.end, {
      rule: 'integrity:evasion',
      category: 'integrity',
      action: 'block',
      message: `「${text.slice(match.start, match.end)}」中夹有不可见字符，属于规避检测的写法，不得发布。`,
    }),
  );
  return [...evasion, ...review];
}

const REPLACEMENT = /\uFFFD+/g;

function garbledFindings(scan: FieldScan): Finding[] {
  const text = scan.view.text;
  const kinds = unitKindsOf(scan);
  const replaced = (kinds & REPLACEMENT_CHAR) === 0 ? [] : [...text.matchAll(REPLACEMENT)];
  const spans = [
    ...replaced.map((m) => ({ start: m.index, end: m.index + m[0].length })),
    ...findMojibake(text, (kinds & MOJIBAKE_CUE) !== 0),
  ].sort((a, b) => a.start - b.start);
  return listedFindings(spans, ({ start, end }) =>
    findingAt(scan, start, end, {
      rule: 'integrity:garbled',
      category: 'integrity',
      action: 'review',
      message: `「${text.slice(start, end)}」疑似乱码（编码错误或复制时损坏），请对照原文改正。`,
    }),
  );
}

/** Pinyin annotations of the field before stripping, in submitted offsets (text and Markdown are their own view). */
function annotationSpans(scan: FieldScan, html: boolean): Array<[number, number]> {
  if (!html) return pinyinAnnotations(scan.original);
  const view = readHtml(scan.original).view;
  return pinyinAnnotations(view.text).map(([from, to]) => {
    const { start, end } = toOriginalSpan(view, from, to);
    return [start, end];
  });
}

function pinyinFindings(scan: FieldScan, html: boolean): Finding[] {
  return listedFindings(annotationSpans(scan, html), ([start, end]) => {
    return {
      rule: 'integrity:pinyin',
      category: 'integrity',
      action: 'review',
      field: scan.field,
      start,
      end,
      text: scan.original.slice(start, end),
      message: `残留拼音注音「${scan.original.slice(start, end)}」，多为从网页复制带入，请删除。`,
      suggestion: '',
    };
  });
}

const ARTICLE_START = /^\s*第[一二三四五六七八九十百零\d]+[条章节]/;
/** What makes a colon end its line: only whitespace after it before the line break or the end. */
const REST_OF_LINE_BLANK = /[^\S\n]*(?=\n|$)/y;
const NOT_SPACE = /\S/g;

/** Where each colon (full or half width) is, in order: indexOf jumps where a pattern reads every unit. */
function colonPositions(text: string): number[] {
  const positions: number[] = [];
  for (const colon of ['：', ':']) {
    for (let at = text.indexOf(colon); at !== -1; at = text.indexOf(colon, at + 1)) positions.push(at);
  }
  return positions.sort((a, b) => a - b);
}

/**
 * Lines ending with a colon whose next non-blank line does not follow up (a list or 第一条 is expected). Only
 * the colon lines and the line after each are looked at: splitting a page of short lines costs more.
 */
function missingListFindings(scan: FieldScan): Finding[] {
  const text = scan.view.text;
  const spans: Span[] = [];
  for (const at of colonPositions(text)) {
    REST_OF_LINE_BLANK.lastIndex = at + 1;
    const blank = REST_OF_LINE_BLANK.exec(text);
    if (blank === null) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const end = at + 1;
    NOT_SPACE.lastIndex = end + blank[0].length;
    const nextText = NOT_SPACE.exec(text);
    if (nextText !== null) {
      const nextStart = text.lastIndexOf('\n', nextText.index) + 1;
      const nextEnd = text.indexOf('\n', nextText.index);
      if (!ARTICLE_START.test(text.slice(nextStart, nextEnd === -1 ? text.length : nextEnd))) continue;
    }
    spans.push({ start: Math.max(lineStart, end - 20), end });
  }
  return listedFindings(spans, ({ start, end }) =>
    findingAt(scan, start, end, {
      rule: 'integrity:missing-list',
      category: 'integrity',
      action: 'review',
      message: '此处以冒号引出下文，后面却没有列出具体内容，疑似内容缺失，请补全。',
    }),
  );
}

const NUMERALS = '一二三四五六七八九';
const MARKER = /^[ \t\u3000]*(?:[（(]([一二三四五六七八九十]{1,3})[)）]|([一二三四五六七八九十]{1,3})、)/gm;

/** 一 … 九十九 as a number; undefined for anything else. */
function chineseNumber(numeral: string): number | undefined {
  const match = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(numeral);
  if (!match || numeral === '') return undefined;
  const [, tens, ten, ones] = match;
  if (!ten) return tens && !ones ? NUMERALS.indexOf(tens) + 1 : undefined;
  return (tens ? NUMERALS.indexOf(tens) + 1 : 1) * 10 + (ones ? NUMERALS.indexOf(ones) + 1 : 0);
}

function numberingGapFindings(scan: FieldScan): Finding[] {
  const last = new Map<string, number>();
  const gaps: Array<Span & { expected: number }> = [];
  for (const marker of scan.view.text.matchAll(MARKER)) {
    const style = marker[1] !== undefined ? 'paren' : 'comma';
    const value = chineseNumber(marker[1] ?? marker[2]!);
    if (value === undefined) continue;
    const previous = last.get(style);
    last.set(style, value);
    if (previous === undefined || value <= previous + 1 || value > previous + 3) continue;
    const start = marker.index + marker[0].length - marker[0].trimStart().length;
    gaps.push({ start, end: marker.index + marker[0].length, expected: previous + 1 });
  }
  return listedFindings(gaps, ({ start, end, expected }) =>
    findingAt(scan, start, end, {
      rule: 'integrity:numbering-gap',
      category: 'integrity',
      action: 'review',
      message: `序号跳号：前一项之后应为第 ${expected} 项，请检查是否漏掉内容或序号有误。`,
    }),
  );
}

/** R3, R4 on the title and the body. */
export const checkTextIntegrity: CheckRule = (context: CheckContext) => {
  const html = context.draft.format === 'html';
  return [context.title, context.body].flatMap((scan) => [
    ...invisibleFindings(scan),
    ...garbledFindings(scan),
    ...pinyinFindings(scan, html && scan.field === 'body'),
    ...(scan.field === 'body' ? [...missingListFindings(scan), ...numberingGapFindings(scan)] : []),
  ]);
};
