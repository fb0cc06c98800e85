import { contentHash } from '../../domain/draft-content.js';
import {
  blockingFindings,
  reviewContentOf,
  type GatewaySubmission,
} from '../../domain/gateway/gateway-draft.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { GatewayDraft } from '../../domain/gateway/gateway-draft.js';
import type { DraftContent } from '../../domain/draft-content.js';
import type { GatewayDraftStore, GatewayMaterialStore } from '../ports/gateway.js';
import type { ReviewService } from '../review-service.js';
import { refuseChange, type DraftBoxAccess, type EntryWithReview } from './draft-box-access.js';
import type { GatewayError, GatewaySession } from './gateway-session.js';
import { reviewItemView, type WechatPublishStatusDeps } from './wechat-publish-status.js';

/** What a publish request answers: the publish id the tool polls with, and the review item it started. */
export interface GatewaySubmitted {
  publishId: string;
  reviewDraftId: string;
}

export interface WechatSubmit {
  /**
   * freepublish/submit and mass sends: the entry goes to review (or its changed content becomes a new version of
   * the review item it already has). The ids are recorded before the review item is created, so a retry after a
   * lost answer finds the same item and gets the same publish id.
   */
  submit(session: GatewaySession, mediaId: string): Promise<Result<GatewaySubmitted, GatewayError>>;
}

export interface WechatSubmitDeps {
  draftBox: Pick<GatewayDraftStore, 'nextPublishId'>;
  publications: WechatPublishStatusDeps['publications'];
  review: Pick<ReviewService, 'submit' | 'revise'>;
  newDraftId: () => string;
  /** The materials uploaded through the gateway: a cover among them is published as the article's cover. */
  materials: Pick<GatewayMaterialStore, 'get'>;
}

export function createWechatSubmit(deps: WechatSubmitDeps, access: DraftBoxAccess): WechatSubmit {
  return {
    async submit(session, mediaId) {
      const claimed = await access.update(session, mediaId, async (found) => {
        const { entry } = found;
        const hash = contentHash(await contentOf(deps, entry));
        if (entry.submission?.hash === hash) return ok(entry);
        const refused = refuseChange(found);
        if (refused?.code === 'draft_approved') return err(refused);
        return ok({ ...entry, submission: await nextSubmission(deps, found, hash) });
      });
      if (!claimed.ok) return claimed;
      return submitForReview(deps, session, claimed.value);
    },
  };
}

/**
 * The submission of changed content: the first gets a review item and publish id; a later one keeps the review
 * item but gets a new publish id (as each freepublish/submit does on WeChat), the earlier id keeping how its
 * submission ended. An earlier submission that never reached review (its answer was an error) keeps its id.
 */
async function nextSubmission(
  deps: WechatSubmitDeps,
  { entry, reviewItem }: EntryWithReview,
  hash: string,
): Promise<GatewaySubmission> {
  const current = entry.submission;
  if (!current) {
    return { reviewDraftId: deps.newDraftId(), publishId: await deps.draftBox.nextPublishId(), hash };
  }
  if (!reviewItem) return { ...current, hash };
  const view = await reviewItemView(deps.publications, reviewItem, entry.target);
  const earlier = [...(current.earlier ?? []), { publishId: current.publishId, view }];
  return { ...current, publishId: await deps.draftBox.nextPublishId(), hash, earlier };
}

/** Submits or resubmits the entry's current content; a repeat of the same content changes nothing. */
async function submitForReview(
  deps: WechatSubmitDeps,
  session: GatewaySession,
  { entry, reviewItem }: EntryWithReview,
): Promise<Result<GatewaySubmitted, GatewayError>> {
  const submission = entry.submission;
  if (!submission) return err({ code: 'concurrent_change' });
  const { reviewDraftId } = submission;
  const { review } = deps;
  const content = await contentOf(deps, entry);
  let answer;
  if (!reviewItem) {
    answer = await review.submit(session.person, { id: reviewDraftId, content });
  } else if (reviewItem.version.hash === submission.hash) {
    answer = ok(reviewItem);
  } else {
    answer = await review.revise(session.person, reviewDraftId, reviewItem.version.number, { content });
  }
  if (!answer.ok) return err({ code: 'review_refused', error: answer.error });
  const { record, version } = answer.value;
  if (record.review.status === 'blocked') {
    return err({ code: 'draft_blocked', draft: record.id, findings: blockingFindings(version.report) });
  }
  return ok({ publishId: submission.publishId, reviewDraftId: record.id });
}

/** The entry's review content, its cover the material the tool uploaded through the gateway (when it did). */
async function contentOf(deps: WechatSubmitDeps, entry: GatewayDraft): Promise<DraftContent> {
  const thumb = entry.article.thumb_media_id;
  const cover = thumb ? await deps.materials.get(entry, thumb) : null;
  return reviewContentOf(entry.article, entry.target, cover?.mediaId);
}
