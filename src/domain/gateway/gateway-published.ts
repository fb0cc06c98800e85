import type { DraftContent } from '../draft-content.js';
import type { FinalText } from '../draft-record.js';
import { articleHtml, wechatDigestOf } from '../publishing/article-html.js';
import type { GatewayArticle } from './gateway-draft.js';

/**
 * A box entry once qianfa published it: it has left the account's draft box and is listed by
 * freepublish/batchget and getarticle, as WeChat lists published articles.
 */
export interface GatewayPublished {
  articleId: string;
  url: string;
  publishedAt: string;
  /** What was published, as far as qianfa knows it (see publishedArticleOf). */
  article: GatewayArticle;
}

/**
 * The article qianfa published for an approved version, in WeChat's field names: the stamped text (tail
 * included), the digest cut from the body and the cover (`thumbMediaId`) the publisher used, the byline and
 * comment switches as approved, "read original" only for reposts. Inline images keep their approved URLs (the
 * publisher may have re-uploaded them to WeChat's).
 */
export function publishedArticleOf(
  content: DraftContent,
  final: FinalText,
  thumbMediaId: string,
): GatewayArticle {
  return {
    title: final.title,
    author: content.author ?? '',
    digest: wechatDigestOf(content),
    content: articleHtml(final.body, content.format),
    content_source_url: content.kind === 'repost' ? (content.source_url ?? '') : '',
    thumb_media_id: thumbMediaId,
    need_open_comment: content.need_open_comment ? 1 : 0,
    only_fans_can_comment: content.only_fans_can_comment ? 1 : 0,
  };
}
