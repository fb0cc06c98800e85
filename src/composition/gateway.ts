import type { FailureLimiter } from '../services/ports/rate-limits.js';
import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../adapters/redis/redis-client.js';
import type { WechatTokenCache } from '../adapters/platforms/wechat/wechat-token-cache.js';
import { RedisGatewayDraftStore } from '../adapters/redis/redis-gateway-draft-store.js';
import { RedisWeiboPendingIds } from '../adapters/redis/redis-weibo-pending-ids.js';
import { WechatUploadForwarder } from '../adapters/platforms/wechat/wechat-upload-forwarder.js';
import type { GatewayDeps } from '../gateway/gateway-routes.js';
import { createWechatGatewayService } from '../services/wechat-gateway-service.js';
import { createWeiboGatewayService } from '../services/weibo-gateway-service.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import { RedisGatewayMaterialStore } from '../adapters/redis/redis-gateway-material-store.js';
import type { Config } from '../config/config-schema.js';
import { type AccountService } from '../services/account-service.js';
import { type GatewayCredentialService } from '../services/gateway-credential-service.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { ErrorLogger } from '../services/ports/logger.js';
import { type PublishService } from '../services/publish-service.js';
import { type ReviewService } from '../services/review-service.js';
import { type Clock } from '../domain/clock.js';
import { newDraftId } from './standalone.js';
import type { RefusalSummaries } from '../services/gateway/refusal-summaries.js';

/** The drop-in gateway's endpoints and what they run on. */
export function gatewayOn(
  client: RedisClient,
  keys: RedisKeys,
  config: Pick<Config, 'gateway' | 'publishing'> & { logger?: ErrorLogger; publicUrl?: () => string },
  deps: {
    auth: GatewayCredentialService;
    review: ReviewService;
    publish: PublishService;
    accounts: AccountService;
    audit: AuditLog;
    tokens: WechatTokenCache;
    authFailures: FailureLimiter;
    refusals: RefusalSummaries;
    now: Clock;
  },
): GatewayDeps {
  const { auth, review, accounts, audit, now, refusals } = deps;
  const { publicUrl } = config;
  const draftBox = new RedisGatewayDraftStore(client, keys);
  const forwarder = new WechatUploadForwarder({
    baseUrl: config.publishing.wechatApiBase,
    timeoutMs: config.publishing.platformTimeoutMs,
    tokens: deps.tokens,
  });
  const wechatGateway = createWechatGatewayService({
    draftBox,
    review,
    publications: (draft) => deps.publish.get(draft),
    now,
    // WeChat's media_ids are about 43 URL-safe characters; 256 random bits look the same.
    newMediaId: () => randomBytes(32).toString('base64url'),
    newDraftId,
    materials: new RedisGatewayMaterialStore(client, keys),
    accounts,
    forwarder,
  });
  const posts = createWeiboGatewayService({
    draftBox,
    pendingIds: new RedisWeiboPendingIds(client, keys),
    review,
    publications: (draft) => deps.publish.get(draft),
    newDraftId,
  });
  return {
    basePath: config.gateway.basePath,
    wechat: {
      ...{ auth, service: wechatGateway, audit, now, authFailures: deps.authFailures, refusals },
      ...(config.logger ? { logger: config.logger } : {}),
      ...(publicUrl ? { draftPageUrl: (id: string) => `${publicUrl()}/d/review/${id}` } : {}),
    },
    weibo: { auth, posts, audit, now, authFailures: deps.authFailures, refusals },
  };
}
