import { WEIBO_STATUS_MAX_LENGTH, weiboTextLength } from './weibo-limits.js';
import { plainBodyOf, truncate } from './article-html.js';
import type { DraftFormat } from '../draft.js';
import { chooseWeiboLink } from './weibo-link.js';

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

/** Why an article cannot be posted to a Weibo account: no safe-domain link, or title, tail and link over 140. */
export type WeiboStatusRefusal = 'no_link' | 'too_long';

/**
 * The status the publisher posts for an approved article (`【title】summary… tail link`), and the editor's preview
 * shows before it is approved: the link is the account's, or the draft's WeChat article under its host.
 */
export function weiboStatusFor(
  article: { title: string; tail: string; content: { body: string; format?: DraftFormat | undefined } },
  accountLink: string | undefined,
  linkedUrl: string | undefined,
): { text: string } | { refused: WeiboStatusRefusal } {
  const link = chooseWeiboLink(accountLink, linkedUrl);
  if (!link) return { refused: 'no_link' };
  const text = composeWeiboText(article.title, plainBodyOf(article.content), `${article.tail} ${link}`);
  return text === undefined ? { refused: 'too_long' } : { text };
}
