import { keysOn, type RedisClient } from '../adapters/redis/redis-client.js';
import { DEFAULT_PROFILES_DIR, loadMonitorProfiles } from '../adapters/files/read-monitor-profiles.js';
import { RedisOneTimeMarks } from '../adapters/redis/redis-one-time-marks.js';
import { RedisPeopleStore } from '../adapters/redis/redis-people-store.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import { AuditChainWriter } from '../adapters/redis/audit-chain-writer.js';
import { RedisAdminAlerts } from '../adapters/redis/redis-admin-alerts.js';
import { RedisAuditLog } from '../adapters/redis/redis-audit-log.js';
import { RedisDraftStore } from '../adapters/redis/redis-draft-store.js';
import type { Config } from '../config/config-schema.js';
import { systemClock } from '../domain/clock.js';
import { createAccountServiceOn } from './standalone.js';
import { RedisRegisterStore } from '../adapters/redis/redis-register-store.js';
import { renderRegisterWorkbook } from '../adapters/reports/register-workbook.js';
import type { Clock } from '../domain/clock.js';
import type { RegisterRules } from '../domain/monitor/register-rules.js';
import type { AccountService } from '../services/account-service.js';
import { createRegisterService, type RegisterService } from '../services/monitor/register-service.js';
import type { AdminAlerts } from '../services/ports/alerts.js';
import type { FollowerSource } from '../services/ports/register.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { DraftStore } from '../services/ports/drafts.js';
import type { ReviewService } from '../services/review-service.js';
import { PlatformFollowers } from '../adapters/platforms/platform-followers.js';
import { WeiboClient } from '../adapters/platforms/weibo/weibo-client.js';
import { SecretBox } from '../adapters/crypto/secret-box.js';
import { wechatOn, type WechatAccess } from './platforms.js';
import type { RegisterExport } from '../http/routes/register-routes.js';

/** The account register and its export (issue 13 point 1). */
export type RegisterWithExport = RegisterService & { files: RegisterExport };

/**
 * The account register over the review service (its lifecycle requests are drafts), with each organisation's
 * register rules from profiles/ (the monitor's profiles, `register:` section).
 */
export async function registerOn(
  client: RedisClient,
  keys: RedisKeys,
  deps: {
    review: Pick<ReviewService, 'submit'>;
    drafts: Pick<DraftStore, 'get'>;
    accounts: Pick<AccountService, 'exists' | 'credentials'>;
    audit: AuditLog;
    alerts: AdminAlerts;
    /** Where follower counts are read (followersOn). */
    followers: FollowerSource;
    now: Clock;
  },
  profilesDir: string = DEFAULT_PROFILES_DIR,
): Promise<RegisterWithExport> {
  const profiles = await loadMonitorProfiles(profilesDir);
  const rulesFor = (org: string): RegisterRules => {
    const rules = profiles(org).register;
    if (!rules) throw new Error(`监测配置缺少 register 规则：${org}`);
    return rules;
  };
  const orgs = new RedisPeopleStore(client, keys);
  const register = createRegisterService({
    ...deps,
    store: new RedisRegisterStore(client, keys),
    people: orgs,
    orgs,
    marks: new RedisOneTimeMarks(client, keys),
    rulesFor,
  });
  const files: RegisterExport = {
    workbook: async (org, views) => renderRegisterWorkbook((await orgs.getOrg(org))?.name ?? org, views),
  };
  return Object.assign(register, { files });
}

/** Follower counts from the platforms, WeChat's with the shared token cache. */
export function followersOn(wechat: WechatAccess, publishing: Config['publishing']): FollowerSource {
  const weibo = new WeiboClient({
    baseUrl: publishing.weiboApiBase,
    timeoutMs: publishing.platformTimeoutMs,
  });
  return new PlatformFollowers(wechat, weibo);
}

/**
 * The register on its own Redis client, for the CLI (`qianfa register list|show|export`): it reads (settling
 * approved requests as any reader does) and never files a request, which needs the review service's checker.
 */
export function createRegisterOn(
  client: RedisClient,
  config: Pick<Config, 'redisPrefix' | 'monitor' | 'publishing'>,
  secretKey: Buffer,
): Promise<RegisterWithExport> {
  const keys = keysOn(client, config.redisPrefix);
  const writer = new AuditChainWriter(client, keys);
  const review: Pick<ReviewService, 'submit'> = {
    submit: () => Promise.reject(new Error('lifecycle requests are filed through the API, not the CLI')),
  };
  const deps = {
    review,
    drafts: new RedisDraftStore(client, keys, writer),
    accounts: createAccountServiceOn(client, config, secretKey),
    audit: new RedisAuditLog(client, keys, writer),
    alerts: new RedisAdminAlerts(client, keys),
    followers: followersOn(
      wechatOn(client, keys, config.publishing, new SecretBox(secretKey)),
      config.publishing,
    ),
    now: systemClock,
  };
  return registerOn(client, keys, deps, config.monitor.profilesDir);
}
