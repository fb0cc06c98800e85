import { createLinkChecker } from '../adapters/egress/link-checker.js';
import { PatrolArticles } from '../adapters/platforms/patrol-articles.js';
import { RedisPatrolLedger } from '../adapters/redis/redis-patrol-ledger.js';
import type { PatrolConfig } from '../config/config-schema.js';
import { readCheckerData } from '../create-checker.js';
import { buildChecker, type Checker } from '../domain/checks/build-checker.js';
import { DEFAULT_RULES } from '../domain/checks/default-rules.js';
import type { OrgCheckScope } from '../services/check-settings-service.js';
import { createPatrolService, type PatrolService } from '../services/monitor/patrol-service.js';
import { keysOn, type RedisClient } from '../adapters/redis/redis-client.js';
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
import { createMonitorReports } from '../services/monitor/report-service.js';
import type { ReportsEdge } from '../services/monitor/report-service.js';
import { reportFiles } from '../adapters/reports/report-files.js';
import { echartsReportCharts } from '../adapters/reports/svg-charts.js';
import type { AuditLog } from '../services/ports/audit.js';
import { RedisAuditLog } from '../adapters/redis/redis-audit-log.js';
import type { AdminAlerts } from '../services/ports/alerts.js';
import type { DraftStore } from '../services/ports/drafts.js';
import type { PublicationStore } from '../services/ports/publishing.js';
import { wechatOn, type WechatAccess } from './platforms.js';
import { SecretBox } from '../adapters/crypto/secret-box.js';
import { AuditChainWriter } from '../adapters/redis/audit-chain-writer.js';
import { RedisAdminAlerts } from '../adapters/redis/redis-admin-alerts.js';
import { RedisDraftStore } from '../adapters/redis/redis-draft-store.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import { RedisPublicationStore } from '../adapters/redis/redis-publication-store.js';
import { systemClock } from '../domain/clock.js';
import { checkSettingsOn, createAccountServiceOn } from './standalone.js';

/**
 * The compliance monitor (issue 13): cadence and original ratio of every account, over qianfa's own
 * publications and each platform's list, with the profiles of profiles/ and the chinese-days calendar.
 */
/** The cadence monitor, and the period reports built over its histories. */
export type MonitorWithReports = CadenceMonitor & { reports: ReportsEdge };

export async function monitorOn(
  client: RedisClient,
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
  monitorConfig: Partial<Config['monitor']> = {},
): Promise<MonitorWithReports> {
  const profiles = await loadMonitorProfiles(monitorConfig.profilesDir ?? DEFAULT_PROFILES_DIR);
  const calendar = chineseDaysCalendar();
  const orgs = new RedisPeopleStore(client, keys);
  const audit: AuditLog = new RedisAuditLog(client, keys);
  const weibo = new WeiboClient({
    baseUrl: publishing.weiboApiBase,
    timeoutMs: publishing.platformTimeoutMs,
  });
  const monitor = createCadenceMonitor({
    ...deps,
    orgs,
    platformPosts: new MonitorPlatformPosts(
      new WechatPublishedFeed(deps.wechat.client, deps.wechat.tokens),
      weibo,
    ),
    calendar,
    profiles,
    marks: new RedisOneTimeMarks(client, keys),
  });
  const service = createMonitorReports({
    monitor,
    orgs,
    alerts: deps.alerts,
    audit,
    drafts: deps.drafts,
    calendar,
    profiles,
    now: deps.now,
  });
  const files = reportFiles(monitorConfig.reportFont ?? DEFAULT_REPORT_FONT);
  return Object.assign(monitor, { reports: { service, files, charts: echartsReportCharts } });
}

/** Debian's fonts-noto-cjk, Simplified Chinese face (the config's default). */
const DEFAULT_REPORT_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular';

/** The monitor on its own Redis client, for the CLI (`qianfa monitor cadence`). */
export function createMonitorOn(
  client: RedisClient,
  config: Pick<Config, 'redisPrefix' | 'publishing' | 'monitor'>,
  secretKey: Buffer,
): Promise<MonitorWithReports> {
  const keys = keysOn(client, config.redisPrefix);
  const writer = new AuditChainWriter(client, keys);
  const deps = {
    accounts: createAccountServiceOn(client, config, secretKey),
    alerts: new RedisAdminAlerts(client, keys),
    drafts: new RedisDraftStore(client, keys, writer),
    publications: new RedisPublicationStore(client, keys, writer),
    wechat: wechatOn(client, keys, config.publishing, new SecretBox(secretKey)),
    now: systemClock,
  };
  return monitorOn(client, keys, config.publishing, deps, config.monitor);
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
  client: RedisClient,
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
  client: RedisClient,
  config: Pick<Config, 'redisPrefix' | 'publishing' | 'monitor' | 'wordlistsDir'>,
  secretKey: Buffer,
): PatrolService & Closing {
  const keys = keysOn(client, config.redisPrefix);
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
