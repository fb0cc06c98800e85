import { createLinkChecker } from '../adapters/egress/link-checker.js';
import { PatrolArticles } from '../adapters/platforms/patrol-articles.js';
import { RedisPatrolLedger } from '../adapters/redis/redis-patrol-ledger.js';
import type { PatrolConfig } from '../config/config-schema.js';
import { readCheckerData } from '../create-checker.js';
import { buildChecker, type Checker } from '../domain/checks/build-checker.js';
import { DEFAULT_RULES } from '../domain/checks/default-rules.js';
import type { OrgCheckScope } from '../services/check-settings-service.js';
import { createPatrolService, type PatrolService } from '../services/monitor/patrol-service.js';
import type { Redis } from 'ioredis';
import { chineseDaysCalendar } from '../adapters/calendar/chinese-days-calendar.js';
import { DEFAULT_PROFILES_DIR, loadMonitorProfiles } from '../adapters/files/read-monitor-profiles.js';
import { MonitorPlatformPosts } from '../adapters/platforms/monitor-platform-posts.js';
import { WechatPublishedFeed } from '../adapters/platforms/wechat/wechat-published-feed.js';
import { WeiboClient } from '../adapters/platforms/weibo/weibo-client.js';
import { RedisOneTimeMarks } from '../adapters/redis/redis-one-time-marks.js';
import { RedisPeopleStore } from '../adapters/redis/redis-people-store.js';
import type { Config } from '../config/config-schema.js';
import type { Clock } from '../domain/clock.js';
import type { AccountService } from '../services/account-service.js';
import { createCadenceMonitor, type CadenceMonitor } from '../services/monitor/cadence-monitor.js';
import type { AdminAlerts } from '../services/ports/alerts.js';
import type { DraftStore } from '../services/ports/drafts.js';
import type { PublicationStore } from '../services/ports/publishing.js';
import { wechatOn, type WechatAccess } from './platforms.js';
import { SecretBox } from '../adapters/crypto/secret-box.js';
import { AuditChainWriter } from '../adapters/redis/audit-chain-writer.js';
import { RedisAdminAlerts } from '../adapters/redis/redis-admin-alerts.js';
import { RedisDraftStore } from '../adapters/redis/redis-draft-store.js';
import { RedisKeys } from '../adapters/redis/redis-keys.js';
import { RedisPublicationStore } from '../adapters/redis/redis-publication-store.js';
import { systemClock } from '../domain/clock.js';
import { checkSettingsOn, createAccountServiceOn } from './standalone.js';

/**
 * The compliance monitor (issue 13): cadence and original ratio of every account, over qianfa's own
 * publications and each platform's list, with the profiles of profiles/ and the chinese-days calendar.
 */
export async function monitorOn(
  client: Redis,
  keys: RedisKeys,
  publishing: Config['publishing'],
  deps: {
    accounts: AccountService;
    alerts: AdminAlerts;
    drafts: DraftStore;
    publications: PublicationStore;
    wechat: WechatAccess;
    now: Clock;
  },
  profilesDir = DEFAULT_PROFILES_DIR,
): Promise<CadenceMonitor> {
  const weibo = new WeiboClient({
    baseUrl: publishing.weiboApiBase,
    timeoutMs: publishing.platformTimeoutMs,
  });
  return createCadenceMonitor({
    ...deps,
    orgs: new RedisPeopleStore(client, keys),
    platformPosts: new MonitorPlatformPosts(
      new WechatPublishedFeed(deps.wechat.client, deps.wechat.tokens),
      weibo,
    ),
    calendar: chineseDaysCalendar(),
    profiles: await loadMonitorProfiles(profilesDir),
    marks: new RedisOneTimeMarks(client, keys),
  });
}

/** The monitor on its own Redis client, for the CLI (`qianfa monitor cadence`). */
export function createMonitorOn(
  client: Redis,
  config: Pick<Config, 'redisPrefix' | 'publishing' | 'monitor'>,
  secretKey: Buffer,
): Promise<CadenceMonitor> {
  const keys = new RedisKeys(config.redisPrefix);
  const writer = new AuditChainWriter(client, keys);
  const deps = {
    accounts: createAccountServiceOn(client, config, secretKey),
    alerts: new RedisAdminAlerts(client, keys),
    drafts: new RedisDraftStore(client, keys, writer),
    publications: new RedisPublicationStore(client, keys, writer),
    wechat: wechatOn(client, keys, config.publishing, new SecretBox(secretKey)),
    now: systemClock,
  };
  return monitorOn(client, keys, config.publishing, deps, config.monitor.profilesDir);
}

// --- The patrol of what is online (issue 13, point 4). ---

/** The patrol's connections: closed when idle, or dropped at once. */
interface Closing {
  close(): Promise<void>;
  disconnect(): Promise<void>;
}

/** Defaults for a patrol built without configuration (tests, embedding): daily, polite, cached half a day. */
export const DEFAULT_PATROL: PatrolConfig = {
  everyMs: undefined,
  linkCacheMs: 12 * 60 * 60_000,
  linkRatePerHost: 2,
  linkTimeoutMs: 10_000,
  linkAllowHosts: [],
};

/**
 * The patrol: every published article of every account read back from its platform, checked with the word lists
 * as they are on disk now (read afresh each patrol, so a list updated since the start applies) and the
 * organisation's allow entries, and its outbound links probed through the egress policy.
 */
export function patrolOn(
  client: Redis,
  keys: RedisKeys,
  publishing: Config['publishing'],
  deps: {
    accounts: AccountService;
    alerts: AdminAlerts;
    wechat: WechatAccess;
    scopeFor: (org: string) => Promise<OrgCheckScope>;
    now: Clock;
  },
  options: { wordlistsDir: string; patrol: PatrolConfig },
): PatrolService & Closing {
  const weibo = new WeiboClient({
    baseUrl: publishing.weiboApiBase,
    timeoutMs: publishing.platformTimeoutMs,
  });
  const links = createLinkChecker({
    allowHosts: options.patrol.linkAllowHosts,
    perHostPerSecond: options.patrol.linkRatePerHost,
    cacheMs: options.patrol.linkCacheMs,
    timeoutMs: options.patrol.linkTimeoutMs,
    now: deps.now,
  });
  const patrol = createPatrolService({
    ...deps,
    orgs: new RedisPeopleStore(client, keys),
    source: new PatrolArticles(deps.wechat, weibo),
    checkers: { load: () => todaysChecker(options.wordlistsDir) },
    links,
    ledger: new RedisPatrolLedger(client, keys),
    marks: new RedisOneTimeMarks(client, keys),
  });
  return { ...patrol, close: () => links.close(), disconnect: () => links.destroy() };
}

async function todaysChecker(wordlistsDir: string): Promise<Checker> {
  const { lists, reference } = await readCheckerData({ wordlistsDir });
  return buildChecker(lists, DEFAULT_RULES, reference);
}

/** The patrol on its own Redis client, for the CLI (`qianfa monitor patrol`). */
export function createPatrolOn(
  client: Redis,
  config: Pick<Config, 'redisPrefix' | 'publishing' | 'monitor' | 'wordlistsDir'>,
  secretKey: Buffer,
): PatrolService & Closing {
  const keys = new RedisKeys(config.redisPrefix);
  const deps = {
    accounts: createAccountServiceOn(client, config, secretKey),
    alerts: new RedisAdminAlerts(client, keys),
    wechat: wechatOn(client, keys, config.publishing, new SecretBox(secretKey)),
    scopeFor: (org: string) => checkSettingsOn(client, config).scopeFor(org),
    now: systemClock,
  };
  const options = { wordlistsDir: config.wordlistsDir, patrol: config.monitor.patrol ?? DEFAULT_PATROL };
  return patrolOn(client, keys, config.publishing, deps, options);
}
