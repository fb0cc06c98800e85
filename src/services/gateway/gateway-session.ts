import type { DomainError } from '../../domain/domain-error.js';
import type { GatewayCredential } from '../../domain/gateway/gateway-credential.js';
import type { Person } from '../../domain/people.js';
import type { WechatLimitField } from '../../domain/publishing/wechat-limits.js';

/** Who is calling: the credential the tool authenticated with and the operator it acts for. */
export interface GatewaySession {
  credential: GatewayCredential;
  person: Person;
}

/**
 * Refusals of the gateway's draft box and publishing, as facts; the transport maps them to errcodes. `draft` is
 * the review item's (qianfa draft's) id, as the audit trail records it.
 */
export type GatewayError =
  /** Unknown, deleted, published (it left the draft box) or another account's: the tool cannot tell which. */
  | { code: 'media_not_found'; mediaId: string; reason: 'unknown' | 'other_account' | 'published' }
  | { code: 'publish_id_not_found'; publishId: string; reason: 'unknown' | 'other_account' }
  | { code: 'one_article_only'; count: number }
  | { code: 'invalid_index'; index: number }
  | { code: 'draft_in_review'; draft: string }
  | { code: 'draft_approved'; draft: string }
  /** Stored as a blocked review item: the tool must change the entry and submit again. */
  | { code: 'draft_blocked'; draft: string; findings: readonly string[] }
  | { code: 'review_refused'; error: DomainError }
  | { code: 'concurrent_change' }
  /** A batchget's offset or count out of range (count 1–20, offset ≥ 0). */
  | { code: 'invalid_page'; offset: number; count: number }
  | { code: 'article_not_found'; articleId: string }
  | { code: 'invalid_media_type'; type: string }
  /** Over one of WeChat's article limits (facts §1.4): refused at draft/add and draft/update, as WeChat does. */
  | {
      code: 'article_too_long';
      field: WechatLimitField;
      unit: 'chars' | 'bytes';
      limit: number;
      actual: number;
    };
