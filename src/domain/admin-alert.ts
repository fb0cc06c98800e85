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
    // The patrol (issue 13 point 4): a finding in an article already online; an outbound link that is dead.
    | 'online_finding'
    | 'dead_link';
  /** Chinese, for people. */
  message: string;
  draft?: string;
  target?: Target;
  at: string;
  details?: Readonly<Record<string, string>>;
}
