import type { JsonObject } from './canonical-json.js';

/**
 * What happened (R43). `refused` records an attempt the domain turned down, with its DomainError. Publishing
 * is recorded per target: `publish_queued`, then `published` (with the platform's ids) or `publish_failed`; a person may
 * have a failed target published again (`publish_retried`, with the failure it follows), or call off a scheduled
 * publication (`schedule_cancelled`).
 * The drop-in gateway records every call (`gateway_call`, or `gateway_refused` with the reason; the refusals of
 * callers holding no credential as one `gateway_refusals_summarised` per window, with counts), the credentials
 * it accepts (`credential_granted`, `credential_revoked`), and articles found on a platform that did not pass
 * through qianfa (`bypass_detected`). Organisation check settings: a finding marked as a false positive becomes an
 * allow entry (`allow_entry_added`, on the draft), an admin revokes it (`allow_entry_revoked`) or changes the
 * authorised sources (`sources_changed`). A platform account's settings change (`account_changed`).
 * The desk's logins: `login_succeeded`, `login_failed` (once per lockout window, with the count), `login_locked`;
 * `password_set` (by whom), `person_disabled`, `session_revoked` (one session ended by its owner or an admin).
 */
export type AuditAction =
  | 'created'
  | 'checked'
  | 'new_version'
  | 'approved'
  | 'rejected'
  | 'grade_raised'
  | 'refused'
  | 'publish_queued'
  | 'published'
  | 'publish_failed'
  | 'publish_retried'
  | 'schedule_cancelled'
  | 'withdrawn'
  | 'credential_granted'
  | 'credential_revoked'
  | 'gateway_call'
  | 'gateway_refused'
  | 'gateway_refusals_summarised'
  | 'bypass_detected'
  | 'allow_entry_added'
  | 'allow_entry_revoked'
  | 'sources_changed'
  | 'account_changed'
  // Logging in (issue 12 point 1): logins and lockouts, a password set, a person disabled, a session ended.
  | 'login_succeeded'
  | 'login_failed'
  | 'login_locked'
  | 'password_set'
  | 'person_disabled'
  | 'session_revoked'
  // The account register (issue 13 point 1): a lifecycle request, its approval, running, offline, closure.
  | 'register_changed'
  // Corrections (issue 13 point 6): a published correction or retraction, recorded on its original.
  | 'corrected'
  | 'retracted'
  // The admin's pages (issue 12 point 4): a person's roles or outsourced flag changed.
  | 'roles_changed'
  // An organisation's workflow edited by its admins (saved as an override) or reset to the files.
  | 'workflow_saved'
  | 'workflow_reset';

/** An audit event before it is linked into the chain. Times are ISO 8601 strings given by the caller. */
export interface AuditEvent {
  action: AuditAction;
  org: string;
  draft: string;
  /** Person id of who did it (or tried to). */
  actor: string;
  at: string;
  version?: number;
  details: JsonObject;
}

/** An event linked into its organisation's chain: `hash` = SHA-256 of the canonical entry without `hash`. */
export interface AuditEntry extends AuditEvent {
  /** 0 for the first entry of an organisation, then +1. */
  seq: number;
  /** The previous entry's hash, or GENESIS_HASH for the first entry. */
  prev: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
