import { createHash } from 'node:crypto';
import type { DomainError } from '../domain/domain-error.js';
import { blockingFindings, weiboShareContentOf } from '../domain/gateway/gateway-draft.js';
import { err, ok, type Result } from '../domain/result.js';
import type { ReviewStatus } from '../domain/workflow/review-status.js';
import type { GatewaySession } from './gateway/gateway-session.js';
import type { GatewayDraftStore } from './ports/gateway.js';
import type { ReviewService } from './review-service.js';

/** How long a repeated post of the same text by the same credential is taken for a retry of the first. */
const REPEAT_WINDOW_MS = 24 * 3_600_000;

/** `draft` is the review item's (qianfa draft's) id, as the audit trail records it. */
export type WeiboShareError =
  | { code: 'review_refused'; error: DomainError }
  | { code: 'draft_blocked'; draft: string; findings: readonly string[] };

/** A post taken into review: its review item and where that stands. */
export interface WeiboShared {
  reviewDraftId: string;
  status: ReviewStatus;
}

/**
 * Weibo's statuses/share through the gateway: the post becomes a review item instead of going out. A retry of
 * the same text (a tool that lost the answer) finds the item its first attempt created.
 */
export interface WeiboGatewayService {
  share(session: GatewaySession, status: string): Promise<Result<WeiboShared, WeiboShareError>>;
}

export function createWeiboGatewayService(deps: {
  draftBox: Pick<GatewayDraftStore, 'claimPost'>;
  review: Pick<ReviewService, 'submit'>;
  /** The id of a new review item (qianfa draft). */
  newDraftId: () => string;
}): WeiboGatewayService {
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
      return ok({ reviewDraftId: record.id, status: record.review.status });
    },
  };
}
