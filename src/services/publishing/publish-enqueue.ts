import type { Clock } from '../../domain/clock.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import {
  isDue,
  isFinished,
  reopened,
  type Publication,
  type PublishJob,
} from '../../domain/publishing/publication.js';
import { isPublishing } from '../../domain/workflow/review-status.js';
import type { PublicationStore, PublishQueue, PublishSchedule } from '../ports/publishing.js';
import { publishingEvent } from './publication-records.js';

/** Queuing an approved version's targets, at once or at their scheduled time (定时发布). */
/** The committed version's publications (as queued), and the jobs of those due now. */
export interface QueuedVersion {
  publications: Publication[];
  jobs: PublishJob[];
}

export interface PublishEnqueue {
  /**
   * Records a publication for every target of the committed version and adds the jobs of those due now; with a
   * publish time still to come they wait as `scheduled`. Answers the version's publications.
   */
  enqueue(committed: DraftWithVersion): Promise<Publication[]>;
  /** `enqueue` without adding the jobs: the caller adds them, with other drafts' (recovery). */
  prepare(committed: DraftWithVersion): Promise<QueuedVersion>;
  /**
   * Queues the draft's scheduled publications whose time has come, and cancels those of a version no longer
   * approved (withdrawn, or replaced by a new version). True when none is left waiting.
   */
  release(found: DraftWithVersion): Promise<boolean>;
}

export function createPublishEnqueue(deps: {
  publications: PublicationStore;
  queue: PublishQueue;
  schedule: PublishSchedule;
  now: Clock;
}): PublishEnqueue {
  const { publications } = deps;
  const at = () => deps.now().toISOString();
  const save = (found: DraftWithVersion, publication: Publication) =>
    publications.save(found.record.review.org, found.record.id, { ...publication, updatedAt: at() });

  /** Queues again the failed targets a person has had retried since (their publications saved as queued). */
  async function reopen(committed: DraftWithVersion, mine: readonly Publication[]): Promise<Publication[]> {
    const { review } = committed.record;
    const again = mine.flatMap((p) => reopened(p, review.retries?.[p.target] ?? 0) ?? []);
    for (const p of again) await save(committed, p);
    return again;
  }

  const jobsOf = (found: DraftWithVersion, ready: readonly Publication[]) =>
    ready.map((p): PublishJob => ({
      org: found.record.review.org,
      draft: found.record.id,
      version: p.version,
      target: p.target,
      ...(p.round ? { round: p.round } : {}),
    }));

  async function prepare(committed: DraftWithVersion): Promise<QueuedVersion> {
    const { record, version } = committed;
    const queuedAt = at();
    const publishAt = version.content.publish_at;
    const later = publishAt !== undefined && publishAt > queuedAt;
    const fresh = version.content.targets.map((target): Publication => ({
      target,
      version: version.number,
      hash: version.hash,
      status: later ? 'scheduled' : 'queued',
      ...(later ? { notBefore: publishAt } : {}),
      attempts: 0,
      progress: {},
      queuedAt,
      updatedAt: queuedAt,
    }));
    const all = await publications.queue(record.review.org, record.id, fresh, (added) => [
      publishingEvent(
        committed,
        version.number,
        'publish_queued',
        { targets: added.map((p) => p.target), ...(later ? { publish_at: publishAt } : {}) },
        queuedAt,
      ),
    ]);
    const mine = all.filter((p) => p.version === version.number);
    const waiting = mine.filter((p) => p.status === 'scheduled');
    // Added again on every enqueue (recovery too): a crash after the publications were written loses no time.
    if (waiting[0]?.notBefore) await deps.schedule.add(record.id, waiting[0].notBefore);
    const ready = mine.filter((p) => !isFinished(p) && p.status !== 'scheduled');
    return { publications: mine, jobs: jobsOf(committed, [...ready, ...(await reopen(committed, mine))]) };
  }

  return {
    prepare,
    async enqueue(committed) {
      const { publications: mine, jobs } = await prepare(committed);
      await deps.queue.add(jobs);
      return mine;
    },

    async release(found) {
      const now = at();
      const current = isPublishing(found.record.review.status);
      const waiting = (await publications.get(found.record.id)).filter((p) => p.status === 'scheduled');
      const ready: Publication[] = [];
      let left = 0;
      for (const p of waiting) {
        if (!current || p.version !== found.version.number) {
          await save(found, { ...p, status: 'cancelled' });
        } else if (isDue(p, now)) {
          await save(found, { ...p, status: 'queued' });
          ready.push(p);
        } else left++;
      }
      await deps.queue.add(jobsOf(found, ready));
      return left === 0;
    },
  };
}
