import type { Clock } from '../../domain/clock.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import { isFinished, reopened, type Publication } from '../../domain/publishing/publication.js';
import type { PublicationStore, PublishQueue } from '../ports/publishing.js';
import { publishingEvent } from './publication-records.js';

/** Queuing an approved version's targets. */
export interface PublishEnqueue {
  /** Records queued publications for every target of the committed version and adds their jobs. */
  enqueue(committed: DraftWithVersion): Promise<void>;
}

export function createPublishEnqueue(deps: {
  publications: PublicationStore;
  queue: PublishQueue;
  now: Clock;
}): PublishEnqueue {
  const { publications } = deps;

  /** Queues again the failed targets a person has had retried since (their publications saved as queued). */
  async function reopen(committed: DraftWithVersion, mine: readonly Publication[]): Promise<Publication[]> {
    const { review } = committed.record;
    const again = mine.flatMap((p) => reopened(p, review.retries?.[p.target] ?? 0) ?? []);
    const updatedAt = deps.now().toISOString();
    for (const p of again) await publications.save(review.org, committed.record.id, { ...p, updatedAt });
    return again;
  }

  return {
    async enqueue(committed) {
      const { record, version } = committed;
      const { id: draft, review } = record;
      const queuedAt = deps.now().toISOString();
      const fresh = version.content.targets.map((target): Publication => ({
        target,
        version: version.number,
        hash: version.hash,
        status: 'queued',
        attempts: 0,
        progress: {},
        queuedAt,
        updatedAt: queuedAt,
      }));
      await publications.queue(review.org, draft, fresh, (added) => [
        publishingEvent(
          committed,
          version.number,
          'publish_queued',
          { targets: added.map((p) => p.target) },
          queuedAt,
        ),
      ]);
      const mine = (await publications.get(draft)).filter((p) => p.version === version.number);
      const pending = [...mine.filter((p) => !isFinished(p)), ...(await reopen(committed, mine))];
      const jobs = pending.map((p) => ({
        org: review.org,
        draft,
        version: version.number,
        target: p.target,
        ...(p.round ? { round: p.round } : {}),
      }));
      await deps.queue.add(jobs);
    },
  };
}
