import { createHash } from 'node:crypto';
import { canonicalJson } from './audit/canonical-json.js';
import type { Target } from './draft-content.js';

/** Something an administrator must see: a publication that failed for good, an article that bypassed qianfa. */
export interface AdminAlert {
  org: string;
  kind:
    | 'publish_failed'
    | 'bypass_detected'
    | 'notification_failed'
    | 'storage_restarted'
    // The compliance monitor (issue 13): update cadence before, at and far past its threshold.
    | 'cadence_warning'
    | 'cadence_failed'
    | 'zombie_account'
    // The patrol of what is online (issue 13, point 4): a published article with a finding under today's lists,
    // and an outbound link in one that does not answer.
    | 'online_finding'
    | 'dead_link'
    // The account register (issue 13 point 1): an approved opening not running within its months.
    | 'register_not_running';
  /** Chinese, for people. */
  message: string;
  draft?: string;
  target?: Target;
  at: string;
  details?: Readonly<Record<string, string>>;
}

/**
 * Whether the organisation's admins are sent the alert on their channels (issue 13 point 2). A failed delivery is
 * not: its alert would go out on the same channels, and when an admin's channel is the one failing, each failure
 * would raise the next.
 */
export function isPushedToAdmins(alert: Pick<AdminAlert, 'kind'>): boolean {
  return alert.kind !== 'notification_failed';
}

/**
 * An alert's id: alerts carry none of their own, so the hash of the alert as stored (time and details included)
 * names it, the same for the alerts API, a correction started from it and the admin's acknowledgement.
 */
export function alertIdOf(alert: AdminAlert): string {
  const json = canonicalJson(alert as unknown as Parameters<typeof canonicalJson>[0]);
  return createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 16);
}
