import { WEIBO_STATUS_MAX_LENGTH, weiboTextLength } from './weibo-limits.js';
import { truncate } from './article-html.js';

/**
 * A Weibo post for an article: `【title】summary… link`, the summary cut so the whole fits Weibo's 140.
 * Undefined when even the title and the link alone do not fit.
 */
export function composeWeiboText(title: string, summary: string, link: string): string | undefined {
  const withSummary = (max: number) => `【${title}】${max > 0 ? truncate(summary, max) : ''} ${link}`;
  let max = [...summary].length;
  for (;;) {
    const text = withSummary(max);
    const over = weiboTextLength(text) - WEIBO_STATUS_MAX_LENGTH;
    if (over <= 0) return text;
    if (max === 0) return undefined;
    // Cutting `over` characters removes at least `over` / 2 units (a half-width character counts ½): converges.
    max = Math.max(0, max - over);
  }
}

/** Whether a Weibo post can carry the title with a (short) link at all. */
export function fitsWeibo(title: string): boolean {
  return composeWeiboText(title, '', 'https://t.cn/xxxxxxx') !== undefined;
}
