import type { Config, ConfigInput } from '../config/config-schema.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { ErrorLogger, Logger } from '../services/ports/logger.js';

/**
 * What `createGate` takes instead of environment variables. Each setting is the counterpart of one key in
 * `src/config/config-schema.ts` (named in brackets) with the same default and the same checks; there is no
 * `PORT` or `HOST`, since the host application listens. `undefined` counts as not given.
 */
export interface GateOptions {
  /**
   * Where people reach the mounted gate, mount path included (`https://www.example.gov.cn/qianfa`); every link
   * in review messages starts with it. Required. [QIANFA_PUBLIC_URL]
   */
  publicUrl: string;
  /** `redis://` or `rediss://` URL. Absent: the embedded redis-server under `dataDir/redis`. [REDIS_URL] */
  redisUrl?: string | undefined;
  /** Prefix of every Redis key; default `qianfa:`. [QIANFA_REDIS_PREFIX] */
  redisPrefix?: string | undefined;
  /** Data directory (embedded Redis, secret key file), relative to the working directory; default `./data`. */
  dataDir?: string | undefined;
  /** 32-byte key sealing platform secrets: a Buffer, 64 hex digits or base64. Absent: `dataDir/secret.key`. */
  secretKey?: string | Buffer | undefined;
  /** [QIANFA_WORDLISTS_DIR], default the package's `wordlists/`. */
  wordlistsDir?: string | undefined;
  /** [QIANFA_WORKFLOWS_DIR], default the package's `workflows/`. */
  workflowsDir?: string | undefined;
  /** Path of the WeChat- and Weibo-compatible endpoints inside the gate; default `/gateway`. */
  gatewayPath?: string | undefined;
  /** [QIANFA_GATEWAY_TOKEN_SECONDS], default 7200. */
  gatewayTokenSeconds?: number | undefined;
  /** Minutes between scans for articles that bypassed qianfa; 0 turns it off. [QIANFA_BYPASS_SCAN_MIN] */
  bypassScanMinutes?: number | undefined;
  /** Days the gateway's own audit chain keeps its entries. [QIANFA_GATEWAY_AUDIT_RETENTION_DAYS], default 90. */
  gatewayAuditRetentionDays?: number | undefined;
  /** Comma-separated hosts (or `*.domain`) draft images are shown from besides the platforms'. [QIANFA_IMAGE_HOSTS] */
  imageHosts?: string | undefined;
  /** Minutes between cadence checks of every account; 0 turns it off. [QIANFA_CADENCE_CHECK_MIN], default 60. */
  cadenceCheckMinutes?: number | undefined;
  /** Minutes between patrols of published articles; 0 turns it off. [QIANFA_PATROL_MIN], default 1440. */
  patrolMinutes?: number | undefined;
  /** Minutes a probed link's answer is reused. [QIANFA_LINK_CACHE_MIN], default 720. */
  linkCacheMinutes?: number | undefined;
  /** Requests per second to one host from the link patrol. [QIANFA_LINK_RATE_PER_HOST], default 2. */
  linkRatePerHost?: number | undefined;
  /** Deadline of one link probe. [QIANFA_LINK_TIMEOUT_MS], default 10000. */
  linkTimeoutMs?: number | undefined;
  /** Comma-separated hosts the link patrol may reach at private addresses. [QIANFA_LINK_ALLOW_HOSTS] */
  linkAllowHosts?: string | undefined;
  /** The monitor's thresholds. [QIANFA_PROFILES_DIR], default the package's `profiles/`. */
  profilesDir?: string | undefined;
  /** The PDF reports' CJK font (file, or `.ttc#PostScriptName`). [QIANFA_REPORT_FONT], default Debian's Noto Sans CJK SC. */
  reportFont?: string | undefined;
  /** Run the publish and notification workers in this process; default true. [QIANFA_WORKER] */
  worker?: boolean | undefined;
  /** [QIANFA_WORKER_CONCURRENCY], default 8. */
  workerConcurrency?: number | undefined;
  /** [QIANFA_PUBLISH_ATTEMPTS], default 20. */
  publishAttempts?: number | undefined;
  /** [QIANFA_PUBLISH_BACKOFF_MS], default 2000. */
  publishBackoffMs?: number | undefined;
  /** [QIANFA_PUBLISH_BACKOFF_MAX_MS], default 300000. */
  publishBackoffMaxMs?: number | undefined;
  /** [QIANFA_PUBLISH_LOCK_MS], default 30000. */
  publishLockMs?: number | undefined;
  /** [QIANFA_PUBLISH_CONFIRM_MS], default 120000. */
  publishConfirmMs?: number | undefined;
  /** [QIANFA_PLATFORM_TIMEOUT_MS], default 15000. */
  platformTimeoutMs?: number | undefined;
  /** Comma-separated hosts article images and covers may be downloaded from at private addresses. [QIANFA_IMAGE_ALLOW_HOSTS] */
  imageAllowHosts?: string | undefined;
  /** Seconds between looks for scheduled publications whose time has come. [QIANFA_SCHEDULE_CHECK_SEC], default 30. */
  scheduleCheckSeconds?: number | undefined;
  /** [QIANFA_WECHAT_API_BASE], default `https://api.weixin.qq.com`. */
  wechatApiBase?: string | undefined;
  /** [QIANFA_WEIBO_API_BASE], default `https://api.weibo.com`. */
  weiboApiBase?: string | undefined;
  /** The office's public IPv4 address Weibo requires as `rip`. [QIANFA_WEIBO_RIP] */
  weiboRip?: string | undefined;
  /** [QIANFA_REVIEW_LINK_TTL_HOURS], default 24. */
  reviewLinkTtlHours?: number | undefined;
  /** [QIANFA_REMIND_GENERAL_MIN], default 240. */
  remindGeneralMinutes?: number | undefined;
  /** [QIANFA_REMIND_IMPORTANT_MIN], default 120. */
  remindImportantMinutes?: number | undefined;
  /** [QIANFA_REMIND_MAJOR_MIN], default 30. */
  remindMajorMinutes?: number | undefined;
  /** Seconds between looks for reminders and escalations come due. [QIANFA_REMIND_CHECK_SEC], default 60. */
  remindCheckSeconds?: number | undefined;
  /** Seconds of a person's digest window for 待审 messages; 0: every message at once. [QIANFA_NOTIFY_DIGEST_SEC], default 60. */
  notifyDigestSeconds?: number | undefined;
  /** [QIANFA_WECOM_API_BASE], default `https://qyapi.weixin.qq.com`. */
  wecomApiBase?: string | undefined;
  /** The WeCom app sending leaders their cards: corp id, secret and agent id, all three or none. */
  wecomCorpId?: string | undefined;
  /** [QIANFA_WECOM_SECRET] */
  wecomSecret?: string | undefined;
  /** [QIANFA_WECOM_AGENTID] */
  wecomAgentId?: number | undefined;
  /** [QIANFA_WECOM_SSO_ORGS] Organisations whose people may log in with WeCom, comma-separated. */
  wecomSsoOrgs?: string | undefined;
  /** [QIANFA_WECOM_AUTHORIZE_BASE] Where WeCom's sign-in pages are (tests, proxies). */
  wecomAuthorizeBase?: string | undefined;
  /** The verified 服务号 sending template messages, as `org/账号名`. [QIANFA_WECHAT_TEMPLATE_ACCOUNT] */
  wechatTemplateAccount?: string | undefined;
  /** [QIANFA_WECHAT_TEMPLATE_ID] */
  wechatTemplateId?: string | undefined;
  /** Comma-separated webhook hosts exempt from the egress policy (http://, private addresses). [QIANFA_WEBHOOK_ALLOW_HOSTS] */
  webhookAllowHosts?: string | undefined;
  /** Worker threads running checks; default cores − 1, from 1 to 8. [QIANFA_CHECK_THREADS] */
  checkThreads?: number | undefined;
  /** Longest time one check may run before the draft is refused as too complex; default 2000. [QIANFA_CHECK_BUDGET_MS] */
  checkBudgetMs?: number | undefined;
  /** Failed authentications per source address before it is refused for the window; default 20. [QIANFA_AUTH_FAILURES] */
  authFailures?: number | undefined;
  /** Minutes over which failed authentications are counted; default 15. [QIANFA_AUTH_WINDOW_MIN] */
  authWindowMinutes?: number | undefined;
  /** Bearer token a scraper sends for `/metrics`; absent: loopback only. [QIANFA_METRICS_TOKEN] */
  metricsToken?: string | undefined;
  /** Express 'trust proxy' for qianfa's sub-app; absent: inherited from the host application. [QIANFA_TRUST_PROXY] */
  trustProxy?: string | undefined;
  /** Redis Sentinels `host:port,host:port` naming the primary, instead of redisUrl. [QIANFA_REDIS_SENTINELS] */
  redisSentinels?: string | undefined;
  /** The primary's name in the Sentinels' configuration; default `mymaster`. [QIANFA_REDIS_SENTINEL_NAME] */
  redisSentinelName?: string | undefined;
  /** Nodes of a Redis Cluster `host:port,host:port`, instead of redisUrl. [QIANFA_REDIS_CLUSTER] */
  redisCluster?: string | undefined;
  /** Password of the Redis nodes found through Sentinel or of the Cluster. [QIANFA_REDIS_PASSWORD] */
  redisPassword?: string | undefined;
  /** With Sentinel or a Cluster with replicas: how long a decision waits for a replica's acknowledgement; default 1000. [QIANFA_REDIS_WAIT_MS] */
  redisWaitMs?: number | undefined;
  /** Days after publication a draft's version bodies stay hot, then archived; 0 never. [QIANFA_ARCHIVE_AFTER_DAYS], default 30. */
  archiveAfterDays?: number | undefined;
  /** Where unexpected (500) errors are logged (and, when it has `info`, one line per request); default stderr for errors. */
  logger?: (ErrorLogger & Partial<Logger>) | undefined;
}

type Kind = 'text' | 'number' | 'switch' | 'key';
type ConfigKey = keyof ConfigInput;

/** Option name → configuration key and how its value becomes the key's text. */
export const GATE_OPTION_KEYS = {
  publicUrl: ['QIANFA_PUBLIC_URL', 'text'],
  redisUrl: ['REDIS_URL', 'text'],
  redisPrefix: ['QIANFA_REDIS_PREFIX', 'text'],
  dataDir: ['QIANFA_DATA_DIR', 'text'],
  secretKey: ['QIANFA_SECRET_KEY', 'key'],
  wordlistsDir: ['QIANFA_WORDLISTS_DIR', 'text'],
  workflowsDir: ['QIANFA_WORKFLOWS_DIR', 'text'],
  gatewayPath: ['QIANFA_GATEWAY_PATH', 'text'],
  gatewayTokenSeconds: ['QIANFA_GATEWAY_TOKEN_SECONDS', 'number'],
  bypassScanMinutes: ['QIANFA_BYPASS_SCAN_MIN', 'number'],
  gatewayAuditRetentionDays: ['QIANFA_GATEWAY_AUDIT_RETENTION_DAYS', 'number'],
  imageHosts: ['QIANFA_IMAGE_HOSTS', 'text'],
  cadenceCheckMinutes: ['QIANFA_CADENCE_CHECK_MIN', 'number'],
  patrolMinutes: ['QIANFA_PATROL_MIN', 'number'],
  linkCacheMinutes: ['QIANFA_LINK_CACHE_MIN', 'number'],
  linkRatePerHost: ['QIANFA_LINK_RATE_PER_HOST', 'number'],
  linkTimeoutMs: ['QIANFA_LINK_TIMEOUT_MS', 'number'],
  linkAllowHosts: ['QIANFA_LINK_ALLOW_HOSTS', 'text'],
  profilesDir: ['QIANFA_PROFILES_DIR', 'text'],
  reportFont: ['QIANFA_REPORT_FONT', 'text'],
  worker: ['QIANFA_WORKER', 'switch'],
  workerConcurrency: ['QIANFA_WORKER_CONCURRENCY', 'number'],
  publishAttempts: ['QIANFA_PUBLISH_ATTEMPTS', 'number'],
  publishBackoffMs: ['QIANFA_PUBLISH_BACKOFF_MS', 'number'],
  publishBackoffMaxMs: ['QIANFA_PUBLISH_BACKOFF_MAX_MS', 'number'],
  publishLockMs: ['QIANFA_PUBLISH_LOCK_MS', 'number'],
  publishConfirmMs: ['QIANFA_PUBLISH_CONFIRM_MS', 'number'],
  platformTimeoutMs: ['QIANFA_PLATFORM_TIMEOUT_MS', 'number'],
  imageAllowHosts: ['QIANFA_IMAGE_ALLOW_HOSTS', 'text'],
  scheduleCheckSeconds: ['QIANFA_SCHEDULE_CHECK_SEC', 'number'],
  wechatApiBase: ['QIANFA_WECHAT_API_BASE', 'text'],
  weiboApiBase: ['QIANFA_WEIBO_API_BASE', 'text'],
  weiboRip: ['QIANFA_WEIBO_RIP', 'text'],
  reviewLinkTtlHours: ['QIANFA_REVIEW_LINK_TTL_HOURS', 'number'],
  remindGeneralMinutes: ['QIANFA_REMIND_GENERAL_MIN', 'number'],
  remindImportantMinutes: ['QIANFA_REMIND_IMPORTANT_MIN', 'number'],
  remindMajorMinutes: ['QIANFA_REMIND_MAJOR_MIN', 'number'],
  remindCheckSeconds: ['QIANFA_REMIND_CHECK_SEC', 'number'],
  notifyDigestSeconds: ['QIANFA_NOTIFY_DIGEST_SEC', 'number'],
  wecomApiBase: ['QIANFA_WECOM_API_BASE', 'text'],
  wecomCorpId: ['QIANFA_WECOM_CORPID', 'text'],
  wecomSecret: ['QIANFA_WECOM_SECRET', 'text'],
  wecomAgentId: ['QIANFA_WECOM_AGENTID', 'number'],
  wecomSsoOrgs: ['QIANFA_WECOM_SSO_ORGS', 'text'],
  wecomAuthorizeBase: ['QIANFA_WECOM_AUTHORIZE_BASE', 'text'],
  wechatTemplateAccount: ['QIANFA_WECHAT_TEMPLATE_ACCOUNT', 'text'],
  wechatTemplateId: ['QIANFA_WECHAT_TEMPLATE_ID', 'text'],
  webhookAllowHosts: ['QIANFA_WEBHOOK_ALLOW_HOSTS', 'text'],
  checkThreads: ['QIANFA_CHECK_THREADS', 'number'],
  checkBudgetMs: ['QIANFA_CHECK_BUDGET_MS', 'number'],
  authFailures: ['QIANFA_AUTH_FAILURES', 'number'],
  authWindowMinutes: ['QIANFA_AUTH_WINDOW_MIN', 'number'],
  metricsToken: ['QIANFA_METRICS_TOKEN', 'text'],
  trustProxy: ['QIANFA_TRUST_PROXY', 'text'],
  // Redis behind Sentinel, or a Redis Cluster (issue 17 point 4).
  redisSentinels: ['QIANFA_REDIS_SENTINELS', 'text'],
  redisCluster: ['QIANFA_REDIS_CLUSTER', 'text'],
  redisSentinelName: ['QIANFA_REDIS_SENTINEL_NAME', 'text'],
  redisPassword: ['QIANFA_REDIS_PASSWORD', 'text'],
  redisWaitMs: ['QIANFA_REDIS_WAIT_MS', 'number'],
  archiveAfterDays: ['QIANFA_ARCHIVE_AFTER_DAYS', 'number'],
} as const satisfies Record<Exclude<keyof GateOptions, 'logger'>, readonly [ConfigKey, Kind]>;

/** Options that are not configuration keys. */
const OTHER_OPTIONS: ReadonlySet<string> = new Set(['logger']);

type OptionName = keyof typeof GATE_OPTION_KEYS;
const OPTION_NAMES = Object.keys(GATE_OPTION_KEYS) as OptionName[];
const NAME_OF_KEY = new Map<string, OptionName>(
  OPTION_NAMES.map((name) => [GATE_OPTION_KEYS[name][0], name]),
);

/** Raised by `createGate` on invalid options; `issues` lists every problem as `optionName: message`. */
export class GateOptionsError extends Error {
  override readonly name = 'GateOptionsError';
  constructor(readonly issues: readonly string[]) {
    super(`createGate 选项有误：${issues.join('；')}`);
  }
}

/**
 * Turns the options into configuration through the one `loadConfig` (never the environment). Throws
 * GateOptionsError naming every unknown, mistyped or invalid option at once.
 */
export function gateConfigOf(options: GateOptions): { config: Config; publicUrl: string } {
  const issues: string[] = [];
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) {
    if (OTHER_OPTIONS.has(name)) continue;
    if (!Object.hasOwn(GATE_OPTION_KEYS, name)) {
      issues.push(`${name}: ${unknownOption(name)}`);
      continue;
    }
    if (value === undefined) continue;
    const [key, kind] = GATE_OPTION_KEYS[name as OptionName];
    const text = textOf(value, kind);
    if (text.ok) env[key] = text.value;
    else issues.push(`${name}: ${text.message}`);
  }
  if (options.publicUrl === undefined) {
    issues.push(
      'publicUrl: 必须提供：人们打开审签链接的地址，含挂载路径，如 https://www.example.gov.cn/qianfa',
    );
  }
  let config: Config | undefined;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues.map(withOptionName));
  }
  const publicUrl = config?.notifications.publicUrl;
  if (issues.length > 0 || config === undefined || publicUrl === undefined) {
    throw new GateOptionsError(issues);
  }
  return { config, publicUrl };
}

type Text = { ok: true; value: string } | { ok: false; message: string };

/** The environment-style text of one value; an empty string would read as "not set" there, so it is refused. */
function textOf(value: unknown, kind: Kind): Text {
  switch (kind) {
    case 'switch':
      return typeof value === 'boolean'
        ? { ok: true, value: value ? 'on' : 'off' }
        : { ok: false, message: '须为 true 或 false' };
    case 'number':
      return typeof value === 'number'
        ? { ok: true, value: String(value) }
        : { ok: false, message: '须为数字' };
    case 'key':
      if (Buffer.isBuffer(value)) return { ok: true, value: value.toString('hex') };
      if (typeof value !== 'string') return { ok: false, message: '须为字符串或 Buffer' };
      return value === '' ? { ok: false, message: '不能为空' } : { ok: true, value };
    case 'text':
      if (typeof value !== 'string') return { ok: false, message: '须为字符串' };
      return value === '' ? { ok: false, message: '不能为空' } : { ok: true, value };
  }
}

/** `REDIS_URL: …` → `redisUrl: …`. */
function withOptionName(issue: string): string {
  const colon = issue.indexOf(': ');
  const name = colon < 0 ? undefined : NAME_OF_KEY.get(issue.slice(0, colon));
  return name === undefined ? issue : `${name}${issue.slice(colon)}`;
}

/** Suggests the option meant by a differently cased name or by its environment key (`REDIS_URL`). */
function unknownOption(name: string): string {
  const folded = name.replaceAll('_', '').toLowerCase();
  const meant = NAME_OF_KEY.get(name) ?? OPTION_NAMES.find((option) => option.toLowerCase() === folded);
  return meant === undefined ? '不是 createGate 的选项' : `不是 createGate 的选项，是否应为 ${meant}？`;
}
