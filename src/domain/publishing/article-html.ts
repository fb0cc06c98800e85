import { marked } from 'marked';
import type { DraftFormat } from '../draft.js';
import { escapeHtml } from '../tail/tail-format.js';

/**
 * The HTML a platform article carries for a body of the given format: HTML as written, Markdown rendered,
 * plain text as one paragraph per line (blank lines dropped).
 */
export function articleHtml(body: string, format: DraftFormat = 'text'): string {
  if (format === 'html') return body;
  if (format === 'markdown') return marked.parse(body, { async: false, gfm: true });
  return body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
}

/** The words of an article's HTML on one line: tags dropped, entities decoded, whitespace collapsed. */
export function plainTextOf(html: string): string {
  return textOfHtml(html).replace(/\s+/g, ' ').trim();
}

/** An article's HTML as text with its spacing kept (the tail's U+3000 separators too): tags and scripts dropped, entities decoded. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The approved body as plain text, without the tail: what a summary (WeChat digest, Weibo text) is cut from. The
 * stamped body cannot serve: in plain text the tail's U+3000 separators turn into spaces, so it is not found there.
 */
export function plainBodyOf(content: { body: string; format?: DraftFormat | undefined }): string {
  return plainTextOf(articleHtml(content.body, content.format)).trim();
}

/** The first `max` characters (code points) of `text`, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * The digest qianfa publishes a WeChat article with: the draft's own (摘要) when it has one, otherwise the
 * body's first 54 characters, as WeChat would cut it.
 */
export function wechatDigestOf(content: {
  body: string;
  format?: DraftFormat | undefined;
  digest?: string | undefined;
}): string {
  return content.digest ?? truncate(plainBodyOf(content), 54);
}
