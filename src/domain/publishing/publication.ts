import type { Target } from '../draft-content.js';

/**
 * Where one target of an approved version stands (发布状态): (scheduled →) queued → publishing → published |
 * failed; `cancelled` when a newer version replaced the approved one first, or a scheduled one was called off.
 */
export type PublicationStatus = 'scheduled' | 'queued' | 'publishing' | 'published' | 'failed' | 'cancelled';

/** Why a publication failed for good: the platform's code and what it means, in Chinese. */
export interface PublicationFailure {
  platformCode: string;
  explanation: string;
}

/**
 * How a failed attempt that will be retried failed: a platform failure's kind (`transient`, `token`),
 * `waiting` for something the target depends on (the WeChat article a Weibo post links to), or `unknown`.
 */
export type RetriedFailureKind = 'transient' | 'token' | 'waiting' | 'unknown';

/** A failed attempt, as the worker saw it. */
export interface FailedAttempt extends PublicationFailure {
  kind: RetriedFailureKind;
  /** 1 for the first attempt. */
  attempt: number;
}

/** The last failed attempt of a publication that is retried, shown until the retry succeeds or fails. */
export interface PublicationRetry extends FailedAttempt {
  failedAt: string;
  nextRetryAt: string;
}

/**
 * Resumable progress of a publisher, recorded before and after each platform call that creates something
 * (a WeChat draft, a publish job, a Weibo post), so a worker that died in between can ask before repeating it.
 */
export type PublicationProgress = Readonly<Record<string, string>>;

export interface Publication {
  target: Target;
  version: number;
  /** The version's content hash: what was approved is what gets published. */
  hash: string;
  status: PublicationStatus;
  /** Times a worker started on it (a retry or a resumed crash counts again). */
  attempts: number;
  progress: PublicationProgress;
  /** Once published: the platform's ids (publish_id, article_id, Weibo idstr, …) and the public URL. */
  ids?: Readonly<Record<string, string>>;
  url?: string;
  failure?: PublicationFailure;
  /** While it is retried: the last failed attempt and when the next one runs (dropped once finished). */
  retry?: PublicationRetry;
  /** How often a person had it published again after it failed for good (重新发布); absent: never. */
  round?: number;
  /** 定时发布: not published before this instant (ISO 8601); it waits as `scheduled` until then. */
  notBefore?: string;
  queuedAt: string;
  updatedAt: string;
}

/**
 * A queue job id for one target of one version and one round: the same event can never enqueue the same work
 * twice, and a person's retry (round 1, 2, …) is a job of its own.
 */
export function publicationJobId(job: Pick<PublishJob, 'draft' | 'version' | 'target' | 'round'>): string {
  // BullMQ ids may not contain ':'; percent-encoding removes it (and keeps Chinese account names unambiguous).
  const id = `${job.draft}.v${job.version}.${encodeURIComponent(job.target)}`;
  return job.round ? `${id}.r${job.round}` : id;
}

/**
 * A target that failed for good which a person has since had retried (the review's `retries` count is ahead
 * of the publication's round): it is queued again in that round, keeping its progress.
 */
export function reopened(publication: Publication, retries: number): Publication | undefined {
  if (publication.status !== 'failed' || retries <= (publication.round ?? 0)) return undefined;
  const { failure: _retried, ...rest } = publication;
  return { ...rest, status: 'queued', round: retries };
}

export function isFinished(publication: Pick<Publication, 'status'>): boolean {
  return ['published', 'failed', 'cancelled'].includes(publication.status);
}

/** A scheduled publication whose time has come at `now` (ISO 8601): it is queued. */
export function isDue(publication: Pick<Publication, 'status' | 'notBefore'>, now: string): boolean {
  return publication.status === 'scheduled' && (publication.notBefore ?? '') <= now;
}

/** One target of one approved version to publish. */
export interface PublishJob {
  org: string;
  draft: string;
  version: number;
  target: Target;
  /** The retry round a person asked for; absent for the first. */
  round?: number;
}
