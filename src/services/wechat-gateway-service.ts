import type { Clock } from '../domain/clock.js';
import type { Publication } from '../domain/publishing/publication.js';
import { createDraftBoxAccess } from './gateway/draft-box-access.js';
import { createWechatDraftBox, type WechatDraftBox } from './gateway/wechat-draft-box.js';
import { createWechatLists, type WechatLists } from './gateway/wechat-lists.js';
import { createWechatMaterials, type WechatMaterials } from './gateway/wechat-materials.js';
import { createWechatPublishStatus, type WechatPublishStatus } from './gateway/wechat-publish-status.js';
import { createWechatSubmit, type WechatSubmit } from './gateway/wechat-submit.js';
import { createWechatUploads, type WechatUploads } from './gateway/wechat-uploads.js';
import type { AccountService } from './account-service.js';
import type { GatewayDraftStore, GatewayMaterialStore, UploadForwarder } from './ports/gateway.js';
import type { ReviewService } from './review-service.js';

export type { GatewayError, GatewaySession } from './gateway/gateway-session.js';
export type { GatewaySubmitted } from './gateway/wechat-submit.js';
export type { PublishStatusAnswer } from './gateway/wechat-publish-status.js';
export type { UploadError } from './gateway/wechat-uploads.js';
export type { Page, PageRequest, PublishedEntry } from './gateway/wechat-lists.js';
export type { MaterialCounts } from './gateway/wechat-materials.js';

/**
 * The WeChat draft box and publishing, as an existing tool sees them through the gateway: the tool's drafts are
 * box entries kept by qianfa, and "publish" (freepublish/submit, or a mass send) submits an entry for review
 * instead. Only uploads, which publish nothing, reach WeChat; the publish service publishes, once the chain has
 * approved.
 */
export interface WechatGatewayService
  extends WechatDraftBox, WechatSubmit, WechatPublishStatus, WechatUploads, WechatLists, WechatMaterials {}

export interface WechatGatewayServiceDeps {
  draftBox: GatewayDraftStore;
  review: Pick<ReviewService, 'submit' | 'revise' | 'get'>;
  /** Every publication of a review item. */
  publications: (reviewDraftId: string) => Promise<Publication[]>;
  now: Clock;
  newMediaId: () => string;
  /** The id of a new review item (qianfa draft). */
  newDraftId: () => string;
  accounts: Pick<AccountService, 'credentials'>;
  forwarder: UploadForwarder;
  /** add_material uploads made through the gateway, per account. */
  materials: GatewayMaterialStore;
}

export function createWechatGatewayService(deps: WechatGatewayServiceDeps): WechatGatewayService {
  const access = createDraftBoxAccess(deps);
  return {
    ...createWechatDraftBox(deps, access),
    ...createWechatSubmit(deps, access),
    ...createWechatPublishStatus(deps, access),
    ...createWechatUploads(deps),
    ...createWechatLists(deps, access),
    ...createWechatMaterials(deps),
  };
}
