import { createHash } from 'node:crypto';
import { canonicalJson } from './audit/canonical-json.js';
import type { Target } from './accounts.js';
import type { Draft } from './draft.js';

export type { Target } from './accounts.js';

/** A version's content as stored: what the checker saw, plus where it will be published. */
export interface DraftContent extends Draft {
  /** One approval covers every target. */
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
