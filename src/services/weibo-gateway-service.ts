import { createHash } from 'node:crypto';
import type { DomainError } from '../domain/domain-error.js';
import { blockingFindings, weiboShareContentOf } from '../domain/gateway/gateway-draft.js';
import { err, ok, type Result } from '../domain/result.js';
import type { ReviewStatus } from '../domain/workflow/review-state.js';
import type { GatewayDraftStore } from './ports/gateway.js';
import type { ReviewService } from './review-service.js';
import type { GatewaySession } from './wechat-gateway-service.js';

/** How long a repeated post of the same text by the same credential is taken for a retry of the first. */
const REPEAT_WINDOW_MS = 24 * 3_600_000;

export type WeiboShareError =
  | { code: 'review_refused'; error: DomainError }
  | { code: 'draft_blocked'; draft: string; findings: readonly string[] };

export type WeiboGatewayService = ReturnType<typeof createWeiboGatewayService>;

/**
 * Weibo's statuses/share through the gateway: the post becomes a review item instead of going out. A retry of
 * the same text (a tool that lost the answer) finds the item its first attempt created.
 */
export function createWeiboGatewayService(deps: {
  drafts: Pick<GatewayDraftStore, 'claimPost'>;
  review: Pick<ReviewService, 'submit'>;
  newDraftId: () => string;
}) {
  return {
    async share(
      session: GatewaySession,
      status: string,
    ): Promise<Result<{ draft: string; status: ReviewStatus }, WeiboShareError>> {
      const key = createHash('sha256').update(`${session.credential.appid}\n${status}`).digest('hex');
      const id = await deps.drafts.claimPost(key, deps.newDraftId(), REPEAT_WINDOW_MS);
      const content = weiboShareContentOf(status, session.credential.target);
      const submitted = await deps.review.submit(session.person, { id, content });
      if (!submitted.ok) return err({ code: 'review_refused', error: submitted.error });
      const { record, version } = submitted.value;
      if (record.review.status === 'blocked') {
        return err({ code: 'draft_blocked', draft: record.id, findings: blockingFindings(version.report) });
      }
      return ok({ draft: record.id, status: record.review.status });
    },
  };
}
