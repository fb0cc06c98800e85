import { isFailureOfKind } from '../domain/platform-failure.js';
import { forEachLimited } from './for-each-limited.js';
import { accountOf, platformOf } from '../domain/accounts.js';
import type { Clock } from '../domain/clock.js';
import type { DraftWithVersion } from '../domain/draft-record.js';
import type { Publication, PublicationFailure, PublishJob } from '../domain/publishing/publication.js';
import type { FailedAttempt, PublicationRetry } from '../domain/publishing/publication.js';
import { isFinished } from '../domain/publishing/publication.js';
import { isPublishing } from '../domain/workflow/review-status.js';
import { PUBLISHING_TEXT } from '../messages/publishing.js';
import type { AccountCredentials, AccountError, AccountService } from './account-service.js';
import type { Result } from '../domain/result.js';
import type { AdminAlerts } from './ports/alerts.js';
import type { DraftStore } from './ports/drafts.js';
import type {
  PublicationStore,
  Publisher,
  PublishOutcome,
  PublishQueue,
  PublishSchedule,
} from './ports/publishing.js';
import { createPublicationRecords, type PublicationRecords } from './publishing/publication-records.js';
import { createPublishEnqueue } from './publishing/publish-enqueue.js';
import { publishItemFor } from './publishing/publish-items.js';
import type { ReviewCommits } from './review/review-commits.js';

export { SYSTEM_ACTOR } from './publishing/publication-records.js';
export { NotYetError } from './publishing/publish-items.js';

/** Drafts looked at per release run; the rest wait for the next run, moments later. */
const RELEASE_BATCH = 200;

/** A failure that retrying cannot mend, already recorded; the queue must not retry it. */
export class PermanentPublishError extends Error {
  override readonly name = 'PermanentPublishError';
  constructor(readonly failure: PublicationFailure) {
    super(`${failure.platformCode}：${failure.explanation}`);
  }
}

/**
 * Publishing approved versions, one job per target. What makes it exactly once: a job is keyed by draft, version
 * and target; a publication already finished is never run again; and each publisher records its intent before
 * the one call that must not be repeated, and resumes by asking the platform (see the Publisher contract).
 */
export interface PublishService {
  /** Records queued publications for every target of the committed (approved) version and adds their jobs. */
  enqueue(committed: DraftWithVersion): Promise<void>;
  /** Publishes one target. Throws to have the queue retry; PermanentPublishError (recorded) when it must not. */
  run(job: PublishJob): Promise<void>;
  /** A job ran out of retries: its target is failed, and administrators hear of it. */
  giveUp(job: PublishJob, failure: PublicationFailure): Promise<void>;
  /** A job failed and runs again in `delayMs`: the target shows it; undefined when it is already finished. */
  retrying(job: PublishJob, failed: FailedAttempt, delayMs: number): Promise<PublicationRetry | undefined>;
  /**
   * Re-adds the jobs of every approved draft not yet published: a crash after approval loses nothing. `lanes`
   * drafts at a time (default 32; 1 is how it ran before, for the benchmark).
   */
  recover(lanes?: number): Promise<number>;
  /** Queues the scheduled publications whose time has come (定时发布); how many drafts it looked at. */
  releaseDue(): Promise<number>;
  /** The draft was withdrawn before its scheduled time: what waited for it is cancelled. */
  release(found: DraftWithVersion): Promise<boolean>;
  /** Every publication of a draft, of every version. */
  get(draft: string): Promise<Publication[]>;
  /** The draft's publications of its current version. */
  of(found: DraftWithVersion): Promise<Publication[]>;
}

export interface PublishServiceDeps {
  drafts: Pick<DraftStore, 'get' | 'approvedIds'>;
  publications: PublicationStore;
  accounts: Pick<AccountService, 'credentials'>;
  publishers: readonly Publisher[];
  queue: PublishQueue;
  schedule: PublishSchedule;
  alerts: AdminAlerts;
  /** The review's commit path, for `published` and `publish_failed`. */
  commits: ReviewCommits;
  now: Clock;
}

export function createPublishService(deps: PublishServiceDeps): PublishService {
  const { drafts, publications } = deps;
  const records = createPublicationRecords(deps);
  const queuing = createPublishEnqueue(deps);
  const enqueue = async (committed: DraftWithVersion) => {
    const mine = await queuing.enqueue(committed);
    // Nothing to publish: the draft is settled at approval, not left approved until the next worker start.
    if (committed.version.content.targets.length === 0) await records.settle(committed, mine);
  };
  const current = (all: readonly Publication[], job: PublishJob) =>
    all.find((p) => p.version === job.version && p.target === job.target);

  return {
    enqueue,
    run: async (job) => {
      // The account is read with the draft, not after it: the job names its organisation and target.
      const { platform, name } = accountOf(job.target);
      const credentials = outcomeOf(deps.accounts.credentials(job.org, platform, name));
      const [found, all] = await Promise.all([drafts.get(job.draft), publications.get(job.draft)]);
      const publication = current(all, job);
      if (found && publication) {
        await publishTarget(deps, records, { found, job, publication, all, credentials });
      }
    },
    async giveUp(job, failure) {
      const found = await drafts.get(job.draft);
      const publication = current(await publications.get(job.draft), job);
      if (found && publication && !isFinished(publication)) await records.fail(found, publication, failure);
    },
    async retrying(job, failed, delayMs) {
      const found = await drafts.get(job.draft);
      const publication = current(await publications.get(job.draft), job);
      if (!found || !publication || isFinished(publication)) return undefined;
      return records.noteRetry(found, publication, failed, delayMs);
    },
    async recover(lanes = RECOVERY_LANES) {
      const ids = await drafts.approvedIds();
      const jobs: PublishJob[] = [];
      // Drafts in lanes, so their Redis round trips overlap (one connection pipelines them) instead of queueing;
      // each draft's publications read once, and every job added in one call at the end.
      await forEachLimited(ids, lanes, async (id) => {
        const found = await drafts.get(id);
        if (!found || !isPublishing(found.record.review.status)) return;
        const queued = await queuing.prepare(found);
        jobs.push(...queued.jobs);
        await records.settle(found, queued.publications);
      });
      await deps.queue.add(jobs, { mostlyQueued: true });
      return ids.length;
    },
    async releaseDue() {
      const ids = await deps.schedule.due(deps.now().toISOString(), RELEASE_BATCH);
      for (const id of ids) {
        const found = await drafts.get(id);
        if (!found || (await queuing.release(found))) await deps.schedule.remove(id);
      }
      return ids.length;
    },
    release: (found) => queuing.release(found),
    get: (draft) => publications.get(draft),
    of: async (found) =>
      (await publications.get(found.record.id)).filter((p) => p.version === found.version.number),
  };
}

/** One run of one target's job, on the draft and publications read when it started. */
async function publishTarget(
  deps: PublishServiceDeps,
  records: PublicationRecords,
  run: {
    found: DraftWithVersion;
    job: PublishJob;
    publication: Publication;
    all: readonly Publication[];
    /** The job's account, read with the draft. */
    credentials: Promise<Outcome<Result<AccountCredentials, AccountError>>>;
  },
): Promise<void> {
  const { found, job, publication } = run;
  // A worker may have died between publishing and settling the draft: settling again is harmless.
  if (isFinished(publication)) return records.settle(found);
  // Scheduled ones get their job when released; one that got here anyway waits for its time.
  if (publication.status === 'scheduled') return;
  const { review } = found.record;
  const stillApproved = isPublishing(review.status) || review.status === 'published';
  if (review.version.number !== job.version || !stillApproved) {
    return records.save(found, { ...publication, status: 'cancelled' });
  }
  const publisher = deps.publishers.find((p) => p.platform === platformOf(job.target));
  const account = await run.credentials;
  if ('error' in account) throw account.error;
  const item = publisher
    ? publishItemFor(account.read, found, job, run.all)
    : { platformCode: 'no_publisher', explanation: PUBLISHING_TEXT.cannotPublishTo(job.target) };
  if (!publisher || !('secret' in item)) {
    const reason = item as PublicationFailure;
    await records.fail(found, publication, reason);
    throw new PermanentPublishError(reason);
  }
  let current: Publication = { ...publication, status: 'publishing', attempts: publication.attempts + 1 };
  // `publishing` is not waited for before the platform's first call, which does not depend on it (the publisher
  // waits for the save before the call that must not be repeated); every save waits for the one before.
  const saves = savesInOrder((saved: Publication) => records.save(found, saved));
  void saves.add(current);
  let outcome: PublishOutcome;
  try {
    outcome = await publisher.publish(item, current.progress, (progress) => {
      current = { ...current, progress };
      return saves.add(current);
    });
  } catch (error) {
    await saves.last().catch(() => undefined);
    const permanent = permanentFailureOf(error);
    if (!permanent) throw error;
    await records.fail(found, current, permanent);
    throw new PermanentPublishError(permanent);
  }
  await saves.last();
  const published: Publication = { ...current, status: 'published', ids: outcome.ids };
  if (outcome.url) published.url = outcome.url;
  const details = { target: job.target, ids: outcome.ids, url: outcome.url };
  await records.save(found, published, records.event(found, job.version, 'published', details));
  // The version's only target needs no second look; with others, they may have been published meanwhile.
  const onlyTarget = found.version.content.targets.length === 1;
  await records.settle(found, onlyTarget ? [published] : undefined);
}

/**
 * The failure to record when a publisher's error is permanent. Checked by name and fields, not by class: the
 * error comes from an adapter and may have crossed the queue's serialisation.
 */
export function permanentFailureOf(error: unknown): PublicationFailure | undefined {
  if (error instanceof PermanentPublishError) return error.failure;
  if (!isFailureOfKind(error, 'permanent')) return undefined;
  return { platformCode: error.code, explanation: error.explanation };
}

type Outcome<T> = { read: T } | { error: unknown };

/** A read started before it is needed: its failure is kept for whoever awaits it, never left unobserved. */
function outcomeOf<T>(reading: Promise<T>): Promise<Outcome<T>> {
  return reading.then(
    (read) => ({ read }),
    (error: unknown) => ({ error }),
  );
}

/**
 * Saves of one publication's progress, each sent once the one before is written (they replace the same field,
 * so the last one sent must land last). A failed save fails every later one (and none is left unobserved).
 */
function savesInOrder(save: (publication: Publication) => Promise<void>) {
  let last: Promise<void> = Promise.resolve();
  return {
    add(publication: Publication): Promise<void> {
      last = last.then(() => save(publication));
      last.catch(() => undefined);
      return last;
    },
    last: () => last,
  };
}

/** Drafts recovered at once when a worker starts. */
const RECOVERY_LANES = 32;
