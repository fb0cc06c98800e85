import { canonicalSha256 } from './audit/canonical-json.js';
import type { Target } from './accounts.js';
import type { Draft } from './draft.js';
import type { CorrectionLink } from './correction.js';

export type { Target } from './accounts.js';

/** Longest digest (摘要) qianfa takes: WeChat's limit is 128 characters, 120 leaves room. */
export const MAX_DIGEST = 120;

/**
 * Largest inline (data: URI) cover qianfa takes, decoded. WeChat's image material allows 10 MB, but the URI
 * travels base64 (4/3 larger) in a request whose JSON body is capped at 1 MB, and in every stored version:
 * 512 KB leaves room for the text. A larger picture is given as a URL.
 */
export const MAX_COVER_BYTES = 512 * 1024;

/** A cover given inline: a base64 PNG or JPEG data: URI (group 1 the MIME type, group 2 the data). */
export const COVER_DATA_URI = /^data:(image\/(?:png|jpeg|jpg));base64,([A-Za-z0-9+/]+={0,2})$/;

/** A version's content as stored: what the checker saw, plus where it will be published. */
export interface DraftContent extends Draft {
  /** One approval covers every target. */
  targets: readonly Target[];
  /**
   * The byline (作者) a WeChat article is published with. Absent: none (WeChat allows it, and the tail
   * already names the drafter); qianfa never makes one up.
   */
  author?: string;
  /** The WeChat article's digest (摘要). Absent: the body's first 54 characters, as WeChat would cut it. */
  digest?: string;
  /**
   * The WeChat article's cover (封面): a PNG/JPEG data: URI or an http(s) URL fetched when publishing.
   * Absent: the account's default cover.
   */
  cover?: string;
  /**
   * A gateway draft's cover: the permanent material (thumb_media_id) its tool uploaded to the account through
   * the gateway, which the publisher uses as it is. Absent: `cover`, or the account's default.
   */
  cover_media_id?: string;
  /** WeChat's comment switches (留言): comments open, and only followers may comment. */
  need_open_comment?: boolean;
  only_fans_can_comment?: boolean;
  /** 定时发布: once approved, published at this instant (ISO 8601, UTC), not before. Absent: at once. */
  publish_at?: string;
  /** A correction or retraction (更正/撤回, seed 004 art. 25): the published original it corrects. */
  corrects?: CorrectionLink;
}

/**
 * SHA-256 (hex) of a version's content in canonical form: the same content always gives the same hash,
 * and any change to text, format, repost fields, date, targets, byline, cover, comment switches or publish time gives
 * another one.
 */
export function contentHash(content: DraftContent): string {
  const { title, body, format, kind, source, source_url, original_title, disclosure, date, targets } =
    content;
  // Published with the article, so approved with it; absent ones leave the hash of older content unchanged.
  const { author, digest, cover, cover_media_id, need_open_comment, only_fans_can_comment, publish_at } =
    content;
  return canonicalSha256({
    title,
    body,
    format: format ?? 'text',
    kind: kind ?? 'original',
    source,
    source_url,
    original_title,
    disclosure,
    date,
    targets: [...targets],
    author,
    digest,
    cover,
    cover_media_id,
    need_open_comment,
    only_fans_can_comment,
    publish_at,
    // What a correction corrects, and whether it deletes the original, is approved with it.
    corrects: content.corrects ? { ...content.corrects } : undefined,
  });
}
