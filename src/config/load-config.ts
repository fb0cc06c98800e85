import { resolve } from 'node:path';
import { configSchema, type Config } from './config-schema.js';
import { clusterAddress, parseHostPorts, sentinelAddress } from './redis-address.js';
import { REDIS_CONFIG_TEXT } from '../messages/redis-topology.js';
import { safeParseInChinese } from '../messages/zod-chinese.js';

/** Raised when the environment is invalid; `issues` lists every problem as `KEY: message`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly string[]) {
    super(`配置有误：${issues.join('；')}`);
  }
}

/**
 * Reads and validates the environment once. Empty strings count as unset, so `PORT=` falls back to the default
 * rather than failing on an empty number. Throws ConfigError listing every issue at once.
 */
/**
 * The address of the Redis Cluster reached through the `host:port,…` nodes in `list`, as QIANFA_REDIS_CLUSTER would
 * give it (with `env`'s QIANFA_REDIS_PASSWORD): for a command naming a Cluster besides the configured Redis.
 */
export function clusterAddressOf(list: string, env: NodeJS.ProcessEnv = process.env): string {
  const only = {
    ...env,
    REDIS_URL: undefined,
    QIANFA_REDIS_SENTINELS: undefined,
    QIANFA_REDIS_CLUSTER: list,
  };
  return loadConfig(only).redisUrl!;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = safeParseInChinese(configSchema, input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  return {
    port: values.PORT,
    host: values.HOST,
    processes: values.QIANFA_PROCESSES,
    redisUrl: redisAddressOf(values),
    redisPrefix: values.QIANFA_REDIS_PREFIX,
    dataDir: resolve(values.QIANFA_DATA_DIR),
    secretKey: keyOf(values.QIANFA_SECRET_KEY),
    wordlistsDir: resolve(values.QIANFA_WORDLISTS_DIR),
    workflowsDir: resolve(values.QIANFA_WORKFLOWS_DIR),
    publishing: {
      wechatApiBase: values.QIANFA_WECHAT_API_BASE.replace(/\/+$/, ''),
      weiboApiBase: values.QIANFA_WEIBO_API_BASE.replace(/\/+$/, ''),
      weiboRip: values.QIANFA_WEIBO_RIP,
      worker: values.QIANFA_WORKER === 'on',
      concurrency: values.QIANFA_WORKER_CONCURRENCY,
      attempts: values.QIANFA_PUBLISH_ATTEMPTS,
      backoffMs: values.QIANFA_PUBLISH_BACKOFF_MS,
      backoffMaxMs: values.QIANFA_PUBLISH_BACKOFF_MAX_MS,
      lockMs: values.QIANFA_PUBLISH_LOCK_MS,
      confirmMs: values.QIANFA_PUBLISH_CONFIRM_MS,
      platformTimeoutMs: values.QIANFA_PLATFORM_TIMEOUT_MS,
      imageAllowHosts: values.QIANFA_IMAGE_ALLOW_HOSTS,
      scheduleCheckMs: values.QIANFA_SCHEDULE_CHECK_SEC * 1000,
      archiveVersionsAfterMs:
        values.QIANFA_ARCHIVE_AFTER_DAYS === 0 ? undefined : values.QIANFA_ARCHIVE_AFTER_DAYS * 86_400_000,
    },
    notifications: {
      publicUrl: values.QIANFA_PUBLIC_URL?.replace(/\/+$/, ''),
      reviewLinkTtlMs: values.QIANFA_REVIEW_LINK_TTL_HOURS * 3_600_000,
      reminderDelaysMs: {
        general: values.QIANFA_REMIND_GENERAL_MIN * 60_000,
        important: values.QIANFA_REMIND_IMPORTANT_MIN * 60_000,
        major: values.QIANFA_REMIND_MAJOR_MIN * 60_000,
      },
      reminderCheckMs: values.QIANFA_REMIND_CHECK_SEC * 1000,
      digestWindowMs: values.QIANFA_NOTIFY_DIGEST_SEC * 1000,
      wecomApiBase: values.QIANFA_WECOM_API_BASE.replace(/\/+$/, ''),
      wecom: wecomOf(values),
      wecomSso: {
        orgs: values.QIANFA_WECOM_SSO_ORGS,
        authorizeBase: values.QIANFA_WECOM_AUTHORIZE_BASE?.replace(/\/+$/, ''),
      },
      webhookAllowHosts: values.QIANFA_WEBHOOK_ALLOW_HOSTS,
      wechatTemplate: wechatTemplateOf(
        values.QIANFA_WECHAT_TEMPLATE_ACCOUNT,
        values.QIANFA_WECHAT_TEMPLATE_ID,
      ),
    },
    gateway: {
      basePath: values.QIANFA_GATEWAY_PATH,
      tokenTtlSeconds: values.QIANFA_GATEWAY_TOKEN_SECONDS,
      bypassScanMs: values.QIANFA_BYPASS_SCAN_MIN === 0 ? undefined : values.QIANFA_BYPASS_SCAN_MIN * 60_000,
      auditRetentionMs: values.QIANFA_GATEWAY_AUDIT_RETENTION_DAYS * 86_400_000,
      // A window's summary is written within a minute of its end.
      refusalSummaryMs: 60_000,
    },
    checking: { threads: values.QIANFA_CHECK_THREADS, budgetMs: values.QIANFA_CHECK_BUDGET_MS },
    monitor: {
      profilesDir: resolve(values.QIANFA_PROFILES_DIR),
      cadenceCheckMs:
        values.QIANFA_CADENCE_CHECK_MIN === 0 ? undefined : values.QIANFA_CADENCE_CHECK_MIN * 60_000,
      patrol: {
        everyMs: values.QIANFA_PATROL_MIN === 0 ? undefined : values.QIANFA_PATROL_MIN * 60_000,
        linkCacheMs: values.QIANFA_LINK_CACHE_MIN * 60_000,
        linkRatePerHost: values.QIANFA_LINK_RATE_PER_HOST,
        linkTimeoutMs: values.QIANFA_LINK_TIMEOUT_MS,
        linkAllowHosts: values.QIANFA_LINK_ALLOW_HOSTS,
      },
      reportFont: values.QIANFA_REPORT_FONT,
    },
    security: {
      authFailures: values.QIANFA_AUTH_FAILURES,
      authWindowSeconds: values.QIANFA_AUTH_WINDOW_MIN * 60,
      trustProxy: trustProxyOf(values.QIANFA_TRUST_PROXY),
      metricsToken: values.QIANFA_METRICS_TOKEN,
    },
    imageHosts: values.QIANFA_IMAGE_HOSTS,
  };
}

/**
 * REDIS_URL, or the Sentinel address built from the QIANFA_REDIS_SENTINEL* keys, or the Cluster address from
 * QIANFA_REDIS_CLUSTER; absent: the embedded Redis. At most one of the three.
 */
function redisAddressOf(values: {
  REDIS_URL?: string | undefined;
  QIANFA_REDIS_SENTINELS?: string | undefined;
  QIANFA_REDIS_SENTINEL_NAME: string;
  QIANFA_REDIS_CLUSTER?: string | undefined;
  QIANFA_REDIS_PASSWORD?: string | undefined;
  QIANFA_REDIS_WAIT_MS: number;
}): string | undefined {
  const { REDIS_URL: url, QIANFA_REDIS_SENTINELS: sentinels, QIANFA_REDIS_CLUSTER: cluster } = values;
  const password = values.QIANFA_REDIS_PASSWORD ? { password: values.QIANFA_REDIS_PASSWORD } : {};
  if (cluster !== undefined) {
    if (url !== undefined || sentinels !== undefined)
      throw new ConfigError([`QIANFA_REDIS_CLUSTER: ${REDIS_CONFIG_TEXT.clusterWithOther}`]);
    return clusterAddress({
      nodes: parseHostPorts(cluster)!,
      waitMs: values.QIANFA_REDIS_WAIT_MS,
      ...password,
    });
  }
  if (sentinels === undefined) return url;
  if (url !== undefined)
    throw new ConfigError([`QIANFA_REDIS_SENTINELS: ${REDIS_CONFIG_TEXT.sentinelsWithUrl}`]);
  return sentinelAddress({
    sentinels: parseHostPorts(sentinels)!,
    name: values.QIANFA_REDIS_SENTINEL_NAME,
    waitMs: values.QIANFA_REDIS_WAIT_MS,
    ...password,
  });
}

/** A hop count as a number (Express reads a numeric string as an address); anything else as Express takes it. */
function trustProxyOf(text: string | undefined): number | string | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : text;
}

function keyOf(text: string | undefined): Buffer | undefined {
  if (text === undefined) return undefined;
  return Buffer.from(text, text.length === 64 ? 'hex' : 'base64');
}

function wecomOf(values: {
  QIANFA_WECOM_CORPID?: string | undefined;
  QIANFA_WECOM_SECRET?: string | undefined;
  QIANFA_WECOM_AGENTID?: string | undefined;
}): Config['notifications']['wecom'] {
  const { QIANFA_WECOM_CORPID: corpid, QIANFA_WECOM_SECRET: secret, QIANFA_WECOM_AGENTID: agentid } = values;
  if (corpid === undefined || secret === undefined || agentid === undefined) return undefined;
  return { corpid, secret, agentid: Number(agentid) };
}

function wechatTemplateOf(
  account: string | undefined,
  templateId: string | undefined,
): Config['notifications']['wechatTemplate'] {
  if (account === undefined || templateId === undefined) return undefined;
  const [org = '', name = ''] = account.split('/');
  return { org, account: name, templateId };
}
