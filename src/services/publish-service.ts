import { isFailureOfKind } from '../domain/platform-failure.js';
import { parseTarget } from '../domain/accounts.js';
import type { AuditAction, AuditEvent } from '../domain/audit/audit-event.js';
import type { JsonObject } from '../domain/audit/canonical-json.js';
import type { Publication, PublicationFailure } from '../domain/publishing/publication.js';
import { isFinished } from '../domain/publishing/publication.js';
import type { ReviewEffect } from '../domain/workflow/review-effects.js';
import { markPublished } from '../domain/workflow/review-published.js';
import type { AccountService } from './account-service.js';
import type { DraftWithVersion } from '../domain/draft-record.js';
import type { PublishJob } from '../domain/publishing/publication.js';
import type { AdminAlerts } from './ports/alerts.js';
import type { DraftStore } from './ports/drafts.js';
import type {
  PublicationStore,
  Publisher,
  PublishItem,
  PublishOutcome,
  PublishQueue,
} from './ports/publishing.js';
import type { Clock } from '../domain/clock.js';

/** The actor of publishing events: no person publishes, the queue does. */
export const SYSTEM_ACTOR = 'qianfa';

/** A failure that retrying cannot mend, already recorded; the queue must not retry it. */
export class PermanentPublishError extends Error {
  override readonly name = 'PermanentPublishError';
  constructor(readonly failure: PublicationFailure) {
    super(`${failure.platformCode}：${failure.explanation}`);
  }
}

/** Retry later: something the job depends on is not there yet (the WeChat article a Weibo post links to). */
export class NotYetError extends Error {
  override readonly name = 'NotYetError';
}

export interface PublishServiceDeps {
  drafts: DraftStore;
  publications: PublicationStore;
  accounts: Pick<AccountService, 'credentials'>;
  publishers: readonly Publisher[];
  queue: PublishQueue;
  alerts: AdminAlerts;
  now: Clock;
}

export type PublishService = ReturnType<typeof createPublishService>;

/**
 * Publishing approved versions, one job per target. What makes it exactly once: a job is keyed by draft, version
 * and target; a publication already finished is never run again; and each publisher records its intent before
 * the one call that must not be repeated, and resumes by asking the platform (see the Publisher contract).
 */
export function createPublishService(deps: PublishServiceDeps) {
  const { drafts, publications, now } = deps;
  const at = () => now().toISOString();

  const event = (
    found: DraftWithVersion,
    version: number,
    action: AuditAction,
    details: JsonObject,
  ): AuditEvent => ({
    action,
    org: found.record.review.org,
    draft: found.record.id,
    actor: SYSTEM_ACTOR,
    at: at(),
    version,
    details,
  });

  const save = (found: DraftWithVersion, publication: Publication, audit?: AuditEvent) =>
    publications.save(found.record.review.org, found.record.id, { ...publication, updatedAt: at() }, audit);

  const publicationOf = async (job: Pick<PublishJob, 'draft' | 'version' | 'target'>) =>
    (await publications.get(job.draft)).find((p) => p.version === job.version && p.target === job.target);

  /** Records a failure for good, in the trail too, and tells the organisation's administrators. */
  async function fail(found: DraftWithVersion, publication: Publication, failure: PublicationFailure) {
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
      message: `稿件“${found.record.title}”发布到 ${target} 失败：${failure.explanation}`,
      draft: found.record.id,
      target,
      at: at(),
      details: { code: failure.platformCode },
    });
  }

  /** Records queued publications for every target of an approved version and adds their jobs. */
  async function enqueue(org: string, draft: string, version: number): Promise<void> {
    const found = await drafts.get(draft);
    if (!found || found.version.number !== version) return;
    const { content, hash } = found.version;
    const queuedAt = at();
    const fresh = content.targets.map((target): Publication => ({
      target,
      version,
      hash,
      status: 'queued',
      attempts: 0,
      progress: {},
      queuedAt,
      updatedAt: queuedAt,
    }));
    await publications.queue(org, draft, fresh, (added) => [
      event(found, version, 'publish_queued', { targets: added.map((p) => p.target) }),
    ]);
    const pending = (await publications.get(draft)).filter((p) => p.version === version && !isFinished(p));
    await deps.queue.add(pending.map((p) => ({ org, draft, version, target: p.target })));
  }

  /** Marks the draft `published` once every target of its version is; retried against concurrent changes. */
  async function settleDraft(draft: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await drafts.get(draft);
      if (!found) return;
      const mine = (await publications.get(draft)).filter((p) => p.version === found.version.number);
      const done = found.version.content.targets.every((target) =>
        mine.some((p) => p.target === target && p.status === 'published'),
      );
      const marked = markPublished(found.record.review);
      if (!done || !marked.ok || marked.value === found.record.review) return;
      const record = {
        ...found.record,
        revision: found.record.revision + 1,
        review: marked.value,
        updatedAt: at(),
      };
      if ((await drafts.commit({ record, audit: [] }, found.record.revision)) === 'committed') return;
    }
  }

  /** For a Weibo target: the URL of the same draft's WeChat article, waiting for it while it is on its way. */
  async function linkedUrl(job: PublishJob): Promise<string | undefined> {
    if (parseTarget(job.target)?.platform !== 'weibo') return undefined;
    const wechat = (await publications.get(job.draft)).find(
      (p) => p.version === job.version && parseTarget(p.target)?.platform === 'wechat',
    );
    if (!wechat || wechat.status === 'failed' || wechat.status === 'cancelled') return undefined;
    if (wechat.status !== 'published')
      throw new NotYetError(`微博等待公众号文章（${wechat.target}）发布后再发`);
    return wechat.url;
  }

  /** Everything a publisher needs, or the failure that makes publishing this target impossible. */
  async function itemFor(
    found: DraftWithVersion,
    job: PublishJob,
  ): Promise<PublishItem | PublicationFailure> {
    const account = parseTarget(job.target);
    const final = found.record.final;
    if (!account || !final) return { platformCode: 'no_target', explanation: `无法发布到 ${job.target}` };
    const credentials = await deps.accounts.credentials(
      found.record.review.org,
      account.platform,
      account.name,
    );
    if (!credentials.ok) {
      return {
        platformCode: 'account_not_found',
        explanation: `发布账号 ${job.target} 不存在，请管理员添加`,
      };
    }
    const url = await linkedUrl(job);
    return {
      draft: job.draft,
      version: job.version,
      target: job.target,
      account: credentials.value.account,
      secret: credentials.value.secret,
      final,
      content: found.version.content,
      ...(url ? { linkedUrl: url } : {}),
    };
  }

  return {
    enqueue,

    /** Runs the publishing effects of a review change (the review service's follow-up). */
    async onReviewEffects(effects: readonly ReviewEffect[]): Promise<void> {
      for (const effect of effects) {
        if (effect.type === 'enqueue_publish') await enqueue(effect.org, effect.draft, effect.version);
      }
    },

    /** Publishes one target. Throws to have the queue retry; PermanentPublishError (recorded) when it must not. */
    async run(job: PublishJob): Promise<void> {
      const found = await drafts.get(job.draft);
      const publication = await publicationOf(job);
      if (!found || !publication) return;
      // A worker may have died between publishing and settling the draft: settling again is harmless.
      if (isFinished(publication)) return settleDraft(job.draft);
      const { review } = found.record;
      const stillApproved = review.status === 'approved' || review.status === 'published';
      if (review.version.number !== job.version || !stillApproved) {
        return save(found, { ...publication, status: 'cancelled' });
      }
      const publisher = deps.publishers.find((p) => p.platform === parseTarget(job.target)?.platform);
      const item = publisher
        ? await itemFor(found, job)
        : { platformCode: 'no_publisher', explanation: `无法发布到 ${job.target}` };
      if (!publisher || !('secret' in item)) {
        const reason = item as PublicationFailure;
        await fail(found, publication, reason);
        throw new PermanentPublishError(reason);
      }
      let current: Publication = { ...publication, status: 'publishing', attempts: publication.attempts + 1 };
      await save(found, current);
      let outcome: PublishOutcome;
      try {
        outcome = await publisher.publish(item, current.progress, async (progress) => {
          current = { ...current, progress };
          await save(found, current);
        });
      } catch (error) {
        const permanent = permanentFailureOf(error);
        if (!permanent) throw error;
        await fail(found, current, permanent);
        throw new PermanentPublishError(permanent);
      }
      const published: Publication = { ...current, status: 'published', ids: outcome.ids };
      if (outcome.url) published.url = outcome.url;
      const details = { target: job.target, ids: outcome.ids, url: outcome.url };
      await save(found, published, event(found, job.version, 'published', details));
      await settleDraft(job.draft);
    },

    /** A job ran out of retries: its target is failed, and administrators hear of it. */
    async giveUp(job: PublishJob, failure: PublicationFailure): Promise<void> {
      const found = await drafts.get(job.draft);
      const publication = await publicationOf(job);
      if (found && publication && !isFinished(publication)) await fail(found, publication, failure);
    },

    /** Re-adds the jobs of every approved draft not yet published: a crash after approval loses nothing. */
    async recover(): Promise<number> {
      const ids = await drafts.approvedIds();
      for (const id of ids) {
        const found = await drafts.get(id);
        if (found?.record.review.status !== 'approved') continue;
        await enqueue(found.record.review.org, id, found.version.number);
        await settleDraft(id);
      }
      return ids.length;
    },

    /** Every publication of a draft, of every version. */
    get: (draft: string) => publications.get(draft),

    /** The draft's publications of its current version. */
    async of(found: DraftWithVersion): Promise<Publication[]> {
      return (await publications.get(found.record.id)).filter((p) => p.version === found.version.number);
    },
  };
}

/**
 * The failure to record when a publisher's error is permanent: recognised by the one guard of adapter failures,
 * which also knows a copy that crossed the queue's serialisation.
 */
export function permanentFailureOf(error: unknown): PublicationFailure | undefined {
  if (error instanceof PermanentPublishError) return error.failure;
  if (!isFailureOfKind(error, 'permanent')) return undefined;
  return { platformCode: error.code, explanation: error.explanation };
}
