import type { DraftFormat } from '../draft.js';
import { readHtml, type HiddenSpan } from '../text/html-to-view.js';
import type { HiddenReason } from '../text/hidden-style.js';
import type { CheckRule } from './check-context.js';
import type { Finding } from './finding.js';
import { listedFindings } from './summarise-findings.js';

/*
 * R5 (TC12, TC13):
 * - integrity:hidden-html  text or a link hidden by inline style (display:none, visibility:hidden, font-size:0,
 *                          colour = background, off-screen, opacity:0, the hidden attribute) → block
 * - integrity:empty-tags   a pile of empty elements stamped with one id (parasitic page templates) → review
 * Hidden text is also in the view, so the word lists still judge what it says.
 */

const REASONS: Record<HiddenReason, string> = {
  display: 'display:none',
  visibility: 'visibility:hidden',
  'font-size': '字号为 0',
  colour: '文字颜色与背景色相同',
  'off-screen': '移出屏幕',
  opacity: '完全透明',
  clipped: '高度或宽度为 0 且溢出隐藏',
};

/** Raw HTML in Markdown is rendered as HTML; plain text shows tags as text, but a tag pile still betrays a template. */
const HAS_TAG = /<[a-z]/i;

export const checkHiddenHtml: CheckRule = ({ draft, body }) => {
  const format: DraftFormat = draft.format ?? 'text';
  if (format !== 'html' && !HAS_TAG.test(body.original)) return [];
  const reading = readHtml(body.original);
  const hidden =
    format === 'text' ? [] : listedFindings(reading.hidden, (span) => hiddenFinding(body.original, span));
  const pile = reading.emptyPile;
  if (pile === undefined) return hidden;
  const tampered: Finding = {
    rule: 'integrity:empty-tags',
    category: 'integrity',
    action: 'review',
    field: 'body',
    start: pile.start,
    end: pile.end,
    text: body.original.slice(pile.start, pile.end),
    message: `稿件含 ${pile.count} 个带相同 id「${pile.id}」的空标签，常见于被篡改的网页模板或被入侵的编辑终端；请删除这些标签，并请账号管理员检查模板和终端安全。`,
  };
  return [...hidden, tampered];
};

function hiddenFinding(original: string, span: HiddenSpan): Finding {
  const what = span.hasLink ? '文字或链接' : '文字';
  return {
    rule: 'integrity:hidden-html',
    category: 'integrity',
    action: 'block',
    field: 'body',
    start: span.start,
    end: span.end,
    text: original.slice(span.start, span.end),
    message: `稿件含隐藏的${what}（${REASONS[span.reason]}），读者看不到而平台和搜索引擎可见，常被用来注入赌博、广告链接；请删除隐藏内容。`,
  };
}
