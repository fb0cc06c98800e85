import type { AuditAction, AuditEvent } from '../../domain/audit/audit-event.js';
import type { JsonObject } from '../../domain/audit/canonical-json.js';
import type { Clock } from '../../domain/clock.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import {
  isFinished,
  type FailedAttempt,
  type Publication,
  type PublicationFailure,
  type PublicationRetry,
} from '../../domain/publishing/publication.js';
import { PUBLISHING_TEXT } from '../../messages/publishing.js';
import type { AdminAlerts } from '../ports/alerts.js';
import type { PublicationStore } from '../ports/publishing.js';
import type { ReviewCommits } from '../review/review-commits.js';

/** The actor of publishing events: no person publishes, the queue does. */
export const SYSTEM_ACTOR = 'qianfa';

/** Where each target of a draft stands, and what the draft's review hears of it. */
export interface PublicationRecords {
  event(found: DraftWithVersion, version: number, action: AuditAction, details: JsonObject): AuditEvent;
  /** Saves `publication`; a finished one no longer carries the retry it was waiting for. */
  save(found: DraftWithVersion, publication: Publication, audit?: AuditEvent): Promise<void>;
  /** Shows a failed attempt on the target, with when it is tried again; the retry saved. */
  noteRetry(
    found: DraftWithVersion,
    publication: Publication,
    failed: FailedAttempt,
    delayMs: number,
  ): Promise<PublicationRetry>;
  /** Records a failure for good, in the trail too, tells the administrators, and the review machine. */
  fail(found: DraftWithVersion, publication: Publication, failure: PublicationFailure): Promise<void>;
  /**
   * Marks the draft `published` (through the machine) once every target of its version is; `known`: the
   * draft's publications when the caller has them current (else they are read).
   */
  settle(found: DraftWithVersion, known?: readonly Publication[]): Promise<void>;
}

export interface PublicationRecordDeps {
  publications: PublicationStore;
  alerts: AdminAlerts;
  /** The review's commit path: publishing's events change a draft like every other event. */
  commits: ReviewCommits;
  now: Clock;
}

export function createPublicationRecords(deps: PublicationRecordDeps): PublicationRecords {
  const { publications, commits } = deps;
  const at = () => deps.now().toISOString();

  const event: PublicationRecords['event'] = (found, version, action, details) =>
    publishingEvent(found, version, action, details, at());

  const save: PublicationRecords['save'] = (found, publication, audit) => {
    const { retry: _settled, ...finished } = publication;
    const kept = isFinished(publication) ? finished : publication;
    return publications.save(found.record.review.org, found.record.id, { ...kept, updatedAt: at() }, audit);
  };

  return {
    event,
    save,
    async noteRetry(found, publication, failed, delayMs) {
      const failedAt = deps.now();
      const nextRetryAt = new Date(failedAt.getTime() + delayMs).toISOString();
      const retry = { ...failed, failedAt: failedAt.toISOString(), nextRetryAt };
      await save(found, { ...publication, retry });
      return retry;
    },
    async fail(found, publication, failure) {
      const { target, version } = publication;
      const details = { target, code: failure.platformCode, explanation: failure.explanation };
      await save(
        found,
        { ...publication, status: 'failed', failure },
        event(found, version, 'publish_failed', details),
      );
      await deps.alerts.raise({
        org: found.record.review.org,
        kind: 'publish_failed',
        message: PUBLISHING_TEXT.publishFailed(found.record.title, target, failure.explanation),
        draft: found.record.id,
        target,
        at: at(),
        details: { code: failure.platformCode },
      });
      const { platformCode: code, explanation } = failure;
      await commits.bySystem(found, { type: 'publish_failed', version, target, code, explanation, at: at() });
    },
    async settle(found, known) {
      const { number: version, content } = found.version;
      const all = known ?? (await publications.get(found.record.id));
      const mine = all.filter((p) => p.version === version);
      const done = content.targets.every((target) =>
        mine.some((p) => p.target === target && p.status === 'published'),
      );
      if (done) await commits.bySystem(found, { type: 'published', version, at: at() });
    },
  };
}

/** An audit event of publishing `found`'s version `version`, by no person. */
export function publishingEvent(
  found: DraftWithVersion,
  version: number,
  action: AuditAction,
  details: JsonObject,
  at: string,
): AuditEvent {
  return {
    action,
    org: found.record.review.org,
    draft: found.record.id,
    actor: SYSTEM_ACTOR,
    at,
    version,
    details,
  };
}
