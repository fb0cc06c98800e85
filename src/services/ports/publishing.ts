import type { Account, Platform } from '../../domain/accounts.js';
import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type { DraftContent, Target } from '../../domain/draft-content.js';
import type { FinalText } from '../../domain/draft-record.js';
import type { Publication, PublicationProgress, PublishJob } from '../../domain/publishing/publication.js';

/**
 * The publication state of each target of a draft.
 *
 * The adapter must guarantee: `queue` adds only targets the draft does not have yet (a repeated approval event
 * changes nothing) and `save` replaces one target's state; each writes its audit events in the same atomic step,
 * and resolves only once durable.
 * Deliberately not in the contract: the order of states (the publish service keeps it), platform calls.
 */
export interface PublicationStore {
  /**
   * Adds the publications whose (version, target) is new; returns every publication of the draft after it (those
   * it added included, in `get`'s order), so the caller need not read them again.
   */
  queue(
    org: string,
    draft: string,
    publications: readonly Publication[],
    audit: (added: readonly Publication[]) => readonly AuditEvent[],
  ): Promise<Publication[]>;
  save(org: string, draft: string, publication: Publication, audit?: AuditEvent): Promise<void>;
  /** Every publication of the draft, of every version, oldest version first. */
  get(draft: string): Promise<Publication[]>;
}

/**
 * The durable queue of publish jobs. `add` must be idempotent per (draft, version, target): adding a job that is
 * already queued or running does nothing. Retries, backoff and crash recovery (a job whose worker died runs
 * again) are the queue's; deciding whether a repeat is safe is the publish service's.
 */
export interface PublishQueue {
  /**
   * Adds the jobs; one already queued (same draft, version and target) is not added again. `mostlyQueued`: the
   * caller expects most to be queued already (a recovery), so the queue may first ask which are, cheaply.
   */
  add(jobs: readonly PublishJob[], hint?: { mostlyQueued: boolean }): Promise<void>;
  /** How many jobs are not finished yet (waiting, running or waiting to retry). */
  pending(): Promise<number>;
}

/**
 * One crash recovery for the processes that start together (issue 17: each start recovered every approved draft).
 * The adapter must guarantee: `cover` resolves only once a run of `recover` that began after `cover` was called
 * has completed, in this process or another (so it saw every draft approved before this start); it answers
 * whether this process ran it. A run that failed covers nothing. `waiting` is called (once) when this start finds
 * another process's recovery running and waits for it: the caller need not wait with it (see startWorker).
 */
export interface SharedRecovery {
  cover(recover: () => Promise<unknown>, waiting?: () => void): Promise<boolean>;
}

/**
 * The drafts with publications scheduled for later (定时发布), by the earliest time one of them is due.
 * The adapter must guarantee: `add` keeps one entry per draft (adding again moves it), durable once resolved.
 * Deliberately not in the contract: which publications are due (the publish service reads them).
 */
export interface PublishSchedule {
  add(draft: string, at: string): Promise<void>;
  /** Up to `limit` drafts with something due at or before `now` (ISO 8601), earliest first. */
  due(now: string, limit: number): Promise<string[]>;
  remove(draft: string): Promise<void>;
}

/** What a publisher needs for one target: the approved text with its tail and the account to publish to. */
export interface PublishItem {
  draft: string;
  version: number;
  target: Target;
  account: Account;
  /** The account's opened credential (AppSecret or access token). */
  secret: string;
  final: FinalText;
  content: DraftContent;
  /** The WeChat article URL of the same draft once published there (Weibo posts link to it). */
  linkedUrl?: string;
}

export interface PublishOutcome {
  ids: Readonly<Record<string, string>>;
  url?: string;
}

/**
 * Publishes to one platform.
 *
 * The adapter must guarantee, for exactly-once publishing:
 * - `save(progress)` is awaited before any call whose effect on the platform must not happen twice (submitting a
 *   WeChat publish job, posting to Weibo), and again with the platform's answer right after it;
 * - when `progress` shows such a call was started but not answered (a worker died in between), it asks the
 *   platform whether the call took effect before it would make it again;
 * - failures are PublisherErrors classified `transient`, `token` or `permanent` by the platform's code table.
 * Deliberately not in the contract: retries and backoff (the queue's), which version to publish (the service's).
 */
export interface Publisher {
  readonly platform: Platform;
  publish(
    item: PublishItem,
    progress: PublicationProgress,
    save: (progress: PublicationProgress) => Promise<void>,
  ): Promise<PublishOutcome>;
}
