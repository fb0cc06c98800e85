import type { AdminAlert } from '../../domain/admin-alert.js';
import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type { DraftRecord, DraftWithVersion, StoredVersion } from '../../domain/draft-record.js';
import type { Role } from '../../domain/people.js';
import type { ReviewStatus } from '../../domain/workflow/review-state.js';
import type { DecidedEntry } from '../../domain/workflow/decided-index.js';

/** A change to one draft: the record after it, a new version if one was stored, and its audit events. */
export interface DraftChange {
  record: DraftRecord;
  version?: StoredVersion;
  /** Events of `record.review.org` for this draft, linked into the chain in the same atomic step. */
  audit: readonly AuditEvent[];
  /** Who must hear of this change: stored as one notification job in the same atomic step (none when empty). */
  notify?: readonly NotificationKindOfCommit[];
  /**
   * The revision of the organisation's workflow (its admins' override, 0 for none) the change was decided with:
   * the commit answers `workflow_changed` and writes nothing when it moved since. Absent: not checked.
   */
  workflowRevision?: number;
  /**
   * The revision of the organisation's check settings the new version's report was made with: the commit answers
   * `check_settings_changed` and writes nothing when it moved since. Absent: not checked.
   */
  checkSettingsRevision?: number;
}

/**
 * `conflict`: the draft changed since it was read; `workflow_changed`: its organisation's workflow did;
 * `check_settings_changed`: its organisation's check settings did.
 */
export type CommitOutcome = 'committed' | 'conflict' | 'workflow_changed' | 'check_settings_changed';

/** What a committed change tells people: its waiting stage waits, or it went back to its drafter. */
export type NotificationKindOfCommit = 'stage_waits' | 'returned';

/** A notification job as the commit stored it: the committed record and what to tell of it. */
export interface NotificationJob {
  /** The job's id in the outbox (unique per commit). */
  id: string;
  record: DraftRecord;
  kinds: readonly NotificationKindOfCommit[];
}

/** A notification job an admin alert was stored with: the organisation's admins hear of it. */
export interface AlertJob {
  /** The job's id in the outbox. */
  id: string;
  alert: AdminAlert;
}

/** What the notification outbox holds: jobs of draft commits and of admin alerts. */
export type OutboxJob = NotificationJob | AlertJob;

/**
 * What the jobs drained in one round share: a read made once for the round (the organisation's people, their
 * channels), as of its first job, instead of once per job. A read that failed is made again by the next job.
 */
export interface OutboxRound {
  shared<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/**
 * Drafts, their versions, and the audit entries of every change to them.
 *
 * The adapter must guarantee:
 * - `commit` stores the record, the new version (if any), the status and awaiting indexes (awaitingEntryOf), the
 *   decider's 已处理 entry (decidedEntryOf) and
 *   the audit entries in one atomic step, and only if the stored revision is still `expectedRevision` (0: the draft must not exist);
 *   otherwise it writes nothing and answers `conflict`. So of two racing decisions exactly one lands;
 * - with `workflowRevision`, likewise only if the organisation's workflow revision is still that one (else
 *   `workflow_changed`): no draft is routed by a workflow an admin replaced meanwhile;
 * - with `checkSettingsRevision`, likewise only if the organisation's check settings revision is still that one
 *   (else `check_settings_changed`): no version is stored with a report made on settings changed meanwhile;
 * - a change with `notify` stores its notification job (the committed record and the kinds) in that same step,
 *   in the outbox the notification workers drain: a crash after the commit cannot lose it;
 * - a promise resolves only after the write is durable;
 * - versions are never rewritten; `get` reads a record and its current version at one instant.
 *
 * Deliberately not in the contract: whether a change is allowed (the review machine decides), who may read.
 */
export interface DraftStore {
  commit(change: DraftChange, expectedRevision: number): Promise<CommitOutcome>;
  get(id: string): Promise<DraftWithVersion | null>;
  version(id: string, number: number): Promise<StoredVersion | null>;
  /** Newest first; with `statuses`, only drafts currently in one of them. */
  list(org: string, filter: { statuses?: readonly ReviewStatus[]; limit: number }): Promise<DraftRecord[]>;
  /** Ids of every draft, in any organisation, still being published (`approved` or `publish_failed`). */
  approvedIds(): Promise<string[]>;
  /**
   * Ids of `org`'s drafts whose waiting stage needs one of `roles`, longest-waiting first; `offset` and `count`
   * page that order. The reader checks each: it may hold drafts a person cannot decide after all.
   */
  waitingFor(org: string, roles: readonly Role[], page: { offset: number; count: number }): Promise<string[]>;
  /** Ids of `org`'s drafts returned or blocked that are back with `person`, latest first; may hold stale ones. */
  returnedTo(org: string, person: string, limit: number): Promise<string[]>;
  /** The records of `ids`, in that order; missing ones left out. */
  records(ids: readonly string[]): Promise<DraftRecord[]>;
  /** What `person` of `org` decided (已处理), newest first; `offset` and `count` page that order. */
  decidedBy(org: string, person: string, page: { offset: number; count: number }): Promise<DecidedEntry[]>;
}
