import type { TokenClaims } from './signed-token.js';

/**
 * What a review link (`/m/review/:token`) is bound to: one person, one draft, one version of it (by number and
 * content hash), until it expires; `nonce` makes a decision through it single-use.
 */
export interface ReviewLinkClaims extends TokenClaims {
  person: string;
  draft: string;
  version: number;
  /** The version's content hash (first 16 hex digits): a link never approves other content than it showed. */
  hash: string;
  nonce: string;
  /** The person's credential generation when it was issued (absent in links issued before it existed: 0). */
  credentials?: number;
}

export const REVIEW_LINK_HASH_LENGTH = 16;

/** Whether a link still points at the draft's current content. */
export function isCurrentLink(claims: ReviewLinkClaims, current: { number: number; hash: string }): boolean {
  return claims.version === current.number && current.hash.startsWith(claims.hash);
}
