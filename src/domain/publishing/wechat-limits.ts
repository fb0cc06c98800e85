/**
 * WeChat's article limits as pure checks (facts §1.4), so a draft can be refused when it is submitted rather
 * than at publish time.
 */

export const WECHAT_LIMITS = {
  titleMaxChars: 32,
  authorMaxChars: 16,
  digestMaxChars: 128,
  /**
   * "< 20,000 characters and < 1 MB" (the "2kb" on the same official page contradicts every other source).
   * Read as 20,000 characters of text and 1 MB of HTML: counted over the HTML, the byte limit could never
   * bind (20,000 characters are at most 80 KB), and styled editor output would fail on markup alone.
   */
  contentMaxChars: 19_999,
  contentMaxBytes: 1024 * 1024 - 1,
  contentSourceUrlMaxBytes: 1024,
} as const;

export interface WechatArticleText {
  readonly title: string;
  readonly author?: string;
  readonly digest?: string;
  readonly content: string;
  readonly contentSourceUrl?: string;
}

export type WechatLimitField = 'title' | 'author' | 'digest' | 'content' | 'content_source_url';

export type WechatLimitViolation =
  | { readonly code: 'empty'; readonly field: 'title' | 'content' }
  | {
      readonly code: 'too_long';
      readonly field: WechatLimitField;
      readonly unit: 'chars' | 'bytes';
      readonly limit: number;
      readonly actual: number;
    };

/** Every limit the article breaks; empty when WeChat should accept it. Characters are Unicode code points. */
export function checkWechatArticleLimits(article: WechatArticleText): WechatLimitViolation[] {
  const violations: WechatLimitViolation[] = [];
  if (article.title.trim() === '') violations.push({ code: 'empty', field: 'title' });
  if (article.content.trim() === '') violations.push({ code: 'empty', field: 'content' });
  const checks: [WechatLimitField, string | undefined, 'chars' | 'bytes', number][] = [
    ['title', article.title, 'chars', WECHAT_LIMITS.titleMaxChars],
    ['author', article.author, 'chars', WECHAT_LIMITS.authorMaxChars],
    ['digest', article.digest, 'chars', WECHAT_LIMITS.digestMaxChars],
    ['content', textOfHtml(article.content), 'chars', WECHAT_LIMITS.contentMaxChars],
    ['content', article.content, 'bytes', WECHAT_LIMITS.contentMaxBytes],
    ['content_source_url', article.contentSourceUrl, 'bytes', WECHAT_LIMITS.contentSourceUrlMaxBytes],
  ];
  for (const [field, value, unit, limit] of checks) {
    if (value === undefined) continue;
    const actual = unit === 'chars' ? countCodePoints(value) : utf8ByteLength(value);
    if (actual > limit) violations.push({ code: 'too_long', field, unit, limit, actual });
  }
  return violations;
}

/** The text an HTML body shows, roughly: tags removed, each character reference counted as one character. */
export function textOfHtml(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/gi, '&');
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** UTF-8 size without allocating an encoded copy of a possibly 1 MB body. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}
