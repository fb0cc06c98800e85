import type { DomainError } from '../domain/domain-error.js';
import { contentHash } from '../domain/draft-content.js';
import type { GatewayCredential } from '../domain/gateway/gateway-credential.js';
import {
  blockingFindings,
  draftContentOf,
  publishViewOf,
  type GatewayArticle,
  type GatewayDraft,
  type GatewayPublishView,
} from '../domain/gateway/gateway-draft.js';
import type { Person } from '../domain/people.js';
import type { Publication } from '../domain/publishing/publication.js';
import { err, ok, type Result } from '../domain/result.js';
import type { DraftWithVersion } from '../domain/draft-record.js';
import type { GatewayDraftStore } from './ports/gateway.js';
import type { ReviewService } from './review-service.js';
import type { Clock } from '../domain/clock.js';

/** Who is calling: the credential the tool authenticated with and the operator it acts for. */
export interface GatewaySession {
  credential: GatewayCredential;
  person: Person;
}

/** Refusals of the gateway's draft box and publishing, as facts; the transport maps them to errcodes. */
export type GatewayError =
  /** Unknown, deleted, published (it left the draft box) or another account's: the tool cannot tell which. */
  | { code: 'media_not_found'; mediaId: string; reason: 'unknown' | 'other_account' | 'published' }
  | { code: 'publish_id_not_found'; publishId: string; reason: 'unknown' | 'other_account' }
  | { code: 'one_article_only'; count: number }
  | { code: 'invalid_index'; index: number }
  | { code: 'draft_in_review'; draft: string }
  | { code: 'draft_approved'; draft: string }
  /** Stored as a blocked review item: the tool must change the draft and submit again. */
  | { code: 'draft_blocked'; draft: string; findings: readonly string[] }
  | { code: 'review_refused'; error: DomainError }
  | { code: 'concurrent_change' };

export interface SubmittedDraft {
  publishId: string;
  /** The review item (qianfa draft) id. */
  draft: string;
}

export interface PublishStatusAnswer {
  publishId: string;
  draft: string;
  view: GatewayPublishView;
}

/** A gateway draft and, once submitted, its review item, as read at the start of one call. */
interface Loaded {
  draft: GatewayDraft;
  reviewed: DraftWithVersion | undefined;
}

/** Compare-and-set rounds when two calls change the same gateway draft at once. */
const MAX_ROUNDS = 4;

export type WechatGatewayService = ReturnType<typeof createWechatGatewayService>;

/**
 * The WeChat draft box and publishing, as an existing tool sees them through the gateway: drafts are kept by
 * qianfa, and "publish" (freepublish/submit, or a mass send) submits the draft for review instead. Nothing here
 * reaches WeChat: the publish service does, once the chain has approved.
 */
export function createWechatGatewayService(deps: {
  drafts: GatewayDraftStore;
  review: Pick<ReviewService, 'submit' | 'revise' | 'get'>;
  /** Every publication of a review item. */
  publications: (draft: string) => Promise<Publication[]>;
  now: Clock;
  newMediaId: () => string;
  newDraftId: () => string;
}) {
  const { drafts, review } = deps;

  /**
   * The session's own draft and its review item, read once per call; unless the draft is unknown, another
   * account's or already published (it left the draft box, as on WeChat).
   */
  async function load(session: GatewaySession, mediaId: string): Promise<Result<Loaded, GatewayError>> {
    const draft = await drafts.get(mediaId);
    if (!draft) return err({ code: 'media_not_found', mediaId, reason: 'unknown' });
    if (!sameAccount(draft, session.credential)) {
      return err({ code: 'media_not_found', mediaId, reason: 'other_account' });
    }
    const reviewed = await reviewOf(session, draft);
    if (reviewed?.record.review.status === 'published') {
      return err({ code: 'media_not_found', mediaId, reason: 'published' });
    }
    return ok({ draft, reviewed });
  }

  async function reviewOf(
    session: GatewaySession,
    draft: GatewayDraft,
  ): Promise<DraftWithVersion | undefined> {
    if (!draft.submission) return undefined;
    const found = await review.get(session.person, draft.submission.draft);
    return found.ok ? found.value : undefined;
  }

  /**
   * Applies `change` with compare-and-set, re-reading on a conflict. `change` answers the draft as it should be,
   * or the same object when nothing is to change (then nothing is written).
   */
  async function update(
    session: GatewaySession,
    mediaId: string,
    change: (
      loaded: Loaded,
    ) => Result<GatewayDraft, GatewayError> | Promise<Result<GatewayDraft, GatewayError>>,
  ): Promise<Result<Loaded, GatewayError>> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const found = await load(session, mediaId);
      if (!found.ok) return found;
      const { draft, reviewed } = found.value;
      const changed = await change(found.value);
      if (!changed.ok) return changed;
      if (changed.value === draft) return found;
      const next = { ...changed.value, revision: draft.revision + 1, updatedAt: deps.now().toISOString() };
      if ((await drafts.save(next, draft.revision)) === 'saved') return ok({ draft: next, reviewed });
    }
    return err({ code: 'concurrent_change' });
  }

  /** Submits or resubmits the draft's current content; a repeat of the same content changes nothing. */
  async function submitReview(
    session: GatewaySession,
    { draft, reviewed }: Loaded,
  ): Promise<Result<SubmittedDraft, GatewayError>> {
    const submission = draft.submission;
    if (!submission) return err({ code: 'concurrent_change' });
    const content = draftContentOf(draft.article, draft.target);
    let answer;
    if (!reviewed) {
      answer = await review.submit(session.person, { id: submission.draft, content });
    } else if (reviewed.version.hash === submission.hash) {
      answer = ok(reviewed);
    } else {
      const baseVersion = reviewed.version.number;
      answer = await review.revise(session.person, submission.draft, baseVersion, { content });
    }
    if (!answer.ok) return err({ code: 'review_refused', error: answer.error });
    const { record, version } = answer.value;
    if (record.review.status === 'blocked') {
      return err({ code: 'draft_blocked', draft: record.id, findings: blockingFindings(version.report) });
    }
    return ok({ publishId: submission.publishId, draft: record.id });
  }

  return {
    async addDraft(
      session: GatewaySession,
      articles: readonly GatewayArticle[],
    ): Promise<Result<GatewayDraft, GatewayError>> {
      const [article] = articles;
      if (!article || articles.length > 1) return err({ code: 'one_article_only', count: articles.length });
      const at = deps.now().toISOString();
      const draft: GatewayDraft = {
        mediaId: deps.newMediaId(),
        org: session.credential.org,
        target: session.credential.target,
        credential: session.credential.appid,
        person: session.person.id,
        article,
        revision: 1,
        createdAt: at,
        updatedAt: at,
      };
      await drafts.add(draft);
      return ok(draft);
    },

    async updateDraft(
      session: GatewaySession,
      mediaId: string,
      index: number,
      article: GatewayArticle,
    ): Promise<Result<GatewayDraft, GatewayError>> {
      if (index !== 0) return err({ code: 'invalid_index', index });
      const updated = await update(session, mediaId, ({ draft, reviewed }) => {
        const refused = refuseChange(draft, reviewed);
        return refused ? err(refused) : ok({ ...draft, article });
      });
      return updated.ok ? ok(updated.value.draft) : updated;
    },

    async getDraft(session: GatewaySession, mediaId: string): Promise<Result<GatewayDraft, GatewayError>> {
      const found = await load(session, mediaId);
      return found.ok ? ok(found.value.draft) : found;
    },

    async deleteDraft(session: GatewaySession, mediaId: string): Promise<Result<GatewayDraft, GatewayError>> {
      const found = await load(session, mediaId);
      if (!found.ok) return found;
      const { draft, reviewed } = found.value;
      const refused = refuseChange(draft, reviewed);
      if (refused) return err(refused);
      await drafts.delete(mediaId);
      return ok(draft);
    },

    /**
     * freepublish/submit and mass sends: the draft goes to review (or its changed content becomes a new version
     * of the review item it already has). The ids are recorded before the review item is created, so a retry
     * after a lost answer finds the same item and gets the same publish id.
     */
    async submit(session: GatewaySession, mediaId: string): Promise<Result<SubmittedDraft, GatewayError>> {
      const claimed = await update(session, mediaId, async ({ draft, reviewed }) => {
        const hash = contentHash(draftContentOf(draft.article, draft.target));
        if (draft.submission?.hash === hash) return ok(draft);
        const refused = refuseChange(draft, reviewed);
        if (refused?.code === 'draft_approved') return err(refused);
        const submission = draft.submission ?? {
          draft: deps.newDraftId(),
          publishId: await drafts.nextPublishId(),
          hash,
        };
        return ok({ ...draft, submission: { ...submission, hash } });
      });
      if (!claimed.ok) return claimed;
      return submitReview(session, claimed.value);
    },

    /** freepublish/get (and mass/get): where the review item, then its publication, stands. */
    async status(
      session: GatewaySession,
      publishId: string,
    ): Promise<Result<PublishStatusAnswer, GatewayError>> {
      const draft = await drafts.byPublishId(publishId);
      if (!draft?.submission) return err({ code: 'publish_id_not_found', publishId, reason: 'unknown' });
      if (!sameAccount(draft, session.credential)) {
        return err({ code: 'publish_id_not_found', publishId, reason: 'other_account' });
      }
      const found = await reviewOf(session, draft);
      if (!found) return err({ code: 'publish_id_not_found', publishId, reason: 'unknown' });
      const publication = (await deps.publications(found.record.id)).find(
        (p) => p.version === found.version.number && p.target === draft.target,
      );
      const view = publishViewOf(found.record.review, publication, {
        blocked: `未通过签发检查：${blockingFindings(found.version.report).join('；')}`,
        rejected: (comment) => `审核退回：${comment ?? '（未说明理由）'}`,
        failed: (p) => `发布失败：${p.failure?.explanation ?? '原因未知'}`,
      });
      return ok({ publishId, draft: found.record.id, view });
    },
  };
}

/** Refuses changes to a draft whose review item waits for a decision or is being published. */
function refuseChange(draft: GatewayDraft, reviewed: DraftWithVersion | undefined): GatewayError | undefined {
  const status = reviewed?.record.review.status;
  const id = draft.submission?.draft ?? '';
  if (status === 'in_review') return { code: 'draft_in_review', draft: id };
  if (status === 'approved') return { code: 'draft_approved', draft: id };
  return undefined;
}

function sameAccount(draft: GatewayDraft, credential: GatewayCredential): boolean {
  return draft.org === credential.org && draft.target === credential.target;
}
