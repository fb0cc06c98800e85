import { createHash } from 'node:crypto';
import { canonicalJson } from './audit/canonical-json.js';
import type { Draft } from './draft.js';

/**
 * Where an approved draft goes: `wechat:<account>` or `weibo:<account>`. One approval covers every target.
 */
export type Target = `${'wechat' | 'weibo'}:${string}`;
export const TARGET_PATTERN = /^(wechat|weibo):[\p{L}\p{N}_-]{1,40}$/u;

/** A version's content as stored: what the checker saw, plus where it will be published. */
export interface DraftContent extends Draft {
  targets: readonly Target[];
}

/**
 * SHA-256 (hex) of a version's content in canonical form: the same content always gives the same hash,
 * and any change to text, format, repost fields, date or targets gives another one.
 */
export function contentHash(content: DraftContent): string {
  const { title, body, format, kind, source, source_url, original_title, disclosure, date, targets } =
    content;
  const canonical = canonicalJson({
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
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
