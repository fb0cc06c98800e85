import { createHash } from 'node:crypto';
import type { DomainError } from '../domain/domain-error.js';
import { blockingFindings, weiboShareContentOf } from '../domain/gateway/gateway-draft.js';
import { err, ok, type Result } from '../domain/result.js';
import type { ReviewStatus } from '../domain/workflow/review-status.js';
import type { GatewaySession } from './gateway/gateway-session.js';
import {
  weiboPostStateOf,
  type WeiboPendingPost,
  type WeiboPostState,
} from '../domain/gateway/weibo-pending-post.js';
import type { Publication } from '../domain/publishing/publication.js';
import { GATEWAY_PUBLISH_TEXT } from '../messages/publishing.js';
import type { GatewayDraftStore, WeiboPendingIds } from './ports/gateway.js';
import type { ReviewService } from './review-service.js';

/** How long a repeated post of the same text by the same credential is taken for a retry of the first. */
const REPEAT_WINDOW_MS = 24 * 3_600_000;

/** `draft` is the review item's (qianfa draft's) id, as the audit trail records it. */
export type WeiboShareError =
  | { code: 'review_refused'; error: DomainError }
  | { code: 'draft_blocked'; draft: string; findings: readonly string[] };

/** A post taken into review: its review item, where that stands, and the pending id the tool polls with. */
export interface WeiboShared {
  reviewDraftId: string;
  status: ReviewStatus;
  pendingId: string;
}

/** statuses/show for a pending id: the post as taken in, and where it stands now. */
export interface WeiboShown {
  pending: WeiboPendingPost;
  state: WeiboPostState;
}

/** No pending id of this credential's account: unknown, or another account's (the tool cannot tell which). */
export interface WeiboShowError {
  code: 'post_not_found';
  id: string;
  reason: 'unknown' | 'other_account';
}

/**
 * Weibo's statuses/share through the gateway: the post becomes a review item instead of going out. A retry of
 * the same text (a tool that lost the answer) finds the item its first attempt created.
 */
export interface WeiboGatewayService {
  share(session: GatewaySession, status: string): Promise<Result<WeiboShared, WeiboShareError>>;
  /** Where the post with this pending id stands (statuses/show). */
  show(session: GatewaySession, pendingId: string): Promise<Result<WeiboShown, WeiboShowError>>;
}

export interface WeiboGatewayServiceDeps {
  draftBox: Pick<GatewayDraftStore, 'claimPost'>;
  pendingIds: WeiboPendingIds;
  review: Pick<ReviewService, 'submit' | 'get'>;
  /** Every publication of a review item. */
  publications: (reviewDraftId: string) => Promise<Publication[]>;
  /** The id of a new review item (qianfa draft). */
  newDraftId: () => string;
}

export function createWeiboGatewayService(deps: WeiboGatewayServiceDeps): WeiboGatewayService {
  return {
    async share(session, status) {
      const key = createHash('sha256').update(`${session.credential.appid}\n${status}`).digest('hex');
      const id = await deps.draftBox.claimPost(key, deps.newDraftId(), REPEAT_WINDOW_MS);
      const content = weiboShareContentOf(status, session.credential.target);
      const submitted = await deps.review.submit(session.person, { id, content });
      if (!submitted.ok) return err({ code: 'review_refused', error: submitted.error });
      const { record, version } = submitted.value;
      if (record.review.status === 'blocked') {
        return err({ code: 'draft_blocked', draft: record.id, findings: blockingFindings(version.report) });
      }
      const { org, target } = session.credential;
      const pendingId = await deps.pendingIds.assign({ reviewDraftId: record.id, org, target });
      return ok({ reviewDraftId: record.id, status: record.review.status, pendingId });
    },

    async show(session, pendingId) {
      const notFound = (reason: WeiboShowError['reason']) =>
        err({ code: 'post_not_found' as const, id: pendingId, reason });
      const pending = /^\d{1,16}$/.test(pendingId) ? await deps.pendingIds.get(pendingId) : null;
      if (!pending) return notFound('unknown');
      const { org, target } = session.credential;
      if (pending.org !== org || pending.target !== target) return notFound('other_account');
      const found = await deps.review.get(session.person, pending.reviewDraftId);
      if (!found.ok) return notFound('unknown');
      const { record, version } = found.value;
      const publication = (await deps.publications(record.id)).find(
        (p) => p.version === version.number && p.target === target,
      );
      const state = weiboPostStateOf(record.review, publication, {
        blocked: GATEWAY_PUBLISH_TEXT.blocked(blockingFindings(version.report)),
        rejected: GATEWAY_PUBLISH_TEXT.rejected,
        failed: (p) => GATEWAY_PUBLISH_TEXT.failed(p.failure?.explanation),
      });
      return ok({ pending, state });
    },
  };
}
