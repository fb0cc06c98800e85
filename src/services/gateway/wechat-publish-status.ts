import {
  blockingFindings,
  publishViewOf,
  type GatewayPublishView,
} from '../../domain/gateway/gateway-draft.js';
import { GATEWAY_PUBLISH_TEXT } from '../../messages/publishing.js';
import type { Publication } from '../../domain/publishing/publication.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import type { Target } from '../../domain/draft-content.js';
import type { GatewayDraftStore } from '../ports/gateway.js';
import { sameAccount, type DraftBoxAccess } from './draft-box-access.js';
import type { GatewayError, GatewaySession } from './gateway-session.js';

export interface PublishStatusAnswer {
  publishId: string;
  reviewDraftId: string;
  view: GatewayPublishView;
}

export interface WechatPublishStatus {
  /** freepublish/get (and mass/get): where the review item, then its publication, stands. */
  status(session: GatewaySession, publishId: string): Promise<Result<PublishStatusAnswer, GatewayError>>;
}

export interface WechatPublishStatusDeps {
  draftBox: Pick<GatewayDraftStore, 'byPublishId'>;
  /** Every publication of a review item. */
  publications: (reviewDraftId: string) => Promise<Publication[]>;
}

export function createWechatPublishStatus(
  deps: WechatPublishStatusDeps,
  access: DraftBoxAccess,
): WechatPublishStatus {
  return {
    async status(session, publishId) {
      const entry = await deps.draftBox.byPublishId(publishId);
      if (!entry?.submission) return err({ code: 'publish_id_not_found', publishId, reason: 'unknown' });
      if (!sameAccount(entry, session.credential)) {
        return err({ code: 'publish_id_not_found', publishId, reason: 'other_account' });
      }
      const { reviewDraftId } = entry.submission;
      const superseded = entry.submission.earlier?.find((earlier) => earlier.publishId === publishId);
      if (superseded) return ok({ publishId, reviewDraftId, view: superseded.view });
      const reviewItem = await access.reviewItemOf(session, entry);
      if (!reviewItem || entry.submission.publishId !== publishId) {
        return err({ code: 'publish_id_not_found', publishId, reason: 'unknown' });
      }
      const view = await reviewItemView(deps.publications, reviewItem, entry.target);
      return ok({ publishId, reviewDraftId: reviewItem.record.id, view });
    },
  };
}

/** Where a review item's current version stands for the tool, its publication to `target` included. */
export async function reviewItemView(
  publications: WechatPublishStatusDeps['publications'],
  { record, version }: DraftWithVersion,
  target: Target,
): Promise<GatewayPublishView> {
  const publication = (await publications(record.id)).find(
    (p) => p.version === version.number && p.target === target,
  );
  return publishViewOf(record.review, publication, {
    blocked: GATEWAY_PUBLISH_TEXT.blocked(blockingFindings(version.report)),
    rejected: GATEWAY_PUBLISH_TEXT.rejected,
    failed: (p) => GATEWAY_PUBLISH_TEXT.failed(p.failure?.explanation),
  });
}
