import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseHostPorts } from './redis-address.js';
import { DEFAULT_PROFILES_DIR, DEFAULT_WORDLISTS_DIR, DEFAULT_WORKFLOWS_DIR } from '../package-dirs.js';

const port = z
  .string()
  .regex(/^\d{1,5}$/, '须为 0–65535 之间的整数')
  .transform(Number)
  .pipe(z.number().max(65535, '须为 0–65535 之间的整数'));

const nonEmpty = z.string().min(1, '不能为空');

const count = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, '须为整数')
    .transform(Number)
    .pipe(z.number().min(min, `不能小于 ${min}`).max(max, `不能大于 ${max}`));

const httpBase = z
  .url('须为 http:// 或 https:// 网址')
  .regex(/^https?:\/\//, '须为 http:// 或 https:// 网址');

/** A comma-separated list of hosts, trimmed and in lower case; empty: none. */
const hostList = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  );

/** Publishing: the platforms' addresses and how the queue retries. */
const publishingKeys = {
  QIANFA_WECHAT_API_BASE: httpBase
    .default('https://api.weixin.qq.com')
    .describe('WeChat Official Account API base; point it at a proxy or a test server.'),
  QIANFA_WEIBO_API_BASE: httpBase.default('https://api.weibo.com').describe('Weibo open API base.'),
  QIANFA_WEIBO_RIP: z
    .ipv4('须为 IPv4 地址')
    .default('127.0.0.1')
    .describe("The real IP Weibo's statuses/share requires as rip: your office's public address."),
  QIANFA_WORKER: z
    .enum(['on', 'off'], '须为 on 或 off')
    .default('on')
    .describe('Whether `qianfa serve` also runs the publish worker (`qianfa worker` runs only the worker).'),
  QIANFA_WORKER_CONCURRENCY: count(1, 256).default(8).describe('Publish jobs one worker runs at once.'),
  QIANFA_PUBLISH_ATTEMPTS: count(1, 1000)
    .default(20)
    .describe('Attempts per publish job on transient failures before the target is marked failed.'),
  QIANFA_PUBLISH_BACKOFF_MS: count(1, 3_600_000)
    .default(2000)
    .describe('First retry delay; it doubles per attempt (with jitter) up to QIANFA_PUBLISH_BACKOFF_MAX_MS.'),
  QIANFA_PUBLISH_BACKOFF_MAX_MS: count(1, 86_400_000).default(300_000).describe('Longest retry delay.'),
  QIANFA_PUBLISH_LOCK_MS: count(200, 600_000)
    .default(30_000)
    .describe('How long a worker holds a job; a job of a worker that died resumes after this.'),
  QIANFA_PUBLISH_CONFIRM_MS: count(0, 86_400_000)
    .default(120_000)
    .describe(
      'After a submit or post whose answer was lost, how long to keep looking for it on the platform before sending it again.',
    ),
  QIANFA_SCHEDULE_CHECK_SEC: count(1, 3600)
    .default(30)
    .describe(
      'Seconds between looks for scheduled publications (定时发布) whose time has come: how late one may go out.',
    ),
  QIANFA_PLATFORM_TIMEOUT_MS: count(100, 300_000)
    .default(15_000)
    .describe('Timeout of one call to WeChat or Weibo.'),
  QIANFA_IMAGE_ALLOW_HOSTS: hostList.describe(
    'Comma-separated hosts article images and covers may be downloaded from at loopback or private addresses (an intranet image server); none by default.',
  ),
};

const optionalText = z.string().min(1, '不能为空').optional();

/** Leaders' links and messages: where people reach qianfa, how long links live, the channels' settings. */
const notificationKeys = {
  QIANFA_PUBLIC_URL: httpBase
    .optional()
    .describe('Address people open links at (https://qianfa.example.gov.cn). Absent: http://HOST:PORT.'),
  QIANFA_REVIEW_LINK_TTL_HOURS: count(1, 24 * 30)
    .default(24)
    .describe('How long a review link works.'),
  QIANFA_REMIND_GENERAL_MIN: count(1, 10_080)
    .default(240)
    .describe('Minutes before a general stage is reminded.'),
  QIANFA_REMIND_IMPORTANT_MIN: count(1, 10_080).default(120).describe('… an important stage.'),
  QIANFA_REMIND_MAJOR_MIN: count(1, 10_080)
    .default(30)
    .describe('… a major stage (then as long again: escalation).'),
  QIANFA_REMIND_CHECK_SEC: count(1, 3600)
    .default(60)
    .describe(
      'Seconds between looks for stages whose reminder or escalation has come due: how late one may go out.',
    ),
  QIANFA_NOTIFY_DIGEST_SEC: count(0, 3600)
    .default(60)
    .describe(
      'Seconds of a digest window: after one 待审 message to a person on a channel, more within this window come as one digest at its end (major drafts never wait). 0: every message at once.',
    ),
  QIANFA_WECOM_API_BASE: httpBase.default('https://qyapi.weixin.qq.com').describe('WeCom API base.'),
  QIANFA_WECOM_CORPID: optionalText.describe(
    'WeCom corp id; with the secret and agent id, WeCom messages are sent.',
  ),
  QIANFA_WECOM_SECRET: optionalText.describe("The WeCom app's secret."),
  QIANFA_WECHAT_TEMPLATE_ACCOUNT: z
    .string()
    .regex(/^[a-z0-9-]+\/[\p{L}\p{N}_-]+$/u, '须形如 单位标识/账号名称，如 cc/崇川发布')
    .optional()
    .describe('The verified 服务号 (an account added with qianfa account add) that sends template messages.'),
  QIANFA_WECHAT_TEMPLATE_ID: optionalText.describe("The template id from that account's 我的模板."),
  QIANFA_WECOM_AGENTID: z
    .string()
    .regex(/^\d+$/, '须为数字')
    .optional()
    .describe("The WeCom app's agent id."),
  // WeCom single sign-on (issue 12 point 1), with the WeCom app above.
  QIANFA_WECOM_SSO_ORGS: z
    .string()
    .optional()
    .transform((text) =>
      (text ?? '')
        .split(',')
        .map((slug) => slug.trim())
        .filter((slug) => slug !== ''),
    )
    .describe(
      'Comma-separated organisations whose people may log in at the desk with WeCom (企业微信登录); needs the WeCom app. Empty: none.',
    ),
  QIANFA_WECOM_AUTHORIZE_BASE: httpBase
    .optional()
    .describe(
      "Where WeCom's sign-in pages are (/connect/oauth2/authorize, /wwlogin/sso/login); default WeCom's own hosts.",
    ),
  // Egress policy (issue 14, point 3): webhook hosts an installation admin allows explicitly.
  QIANFA_WEBHOOK_ALLOW_HOSTS: hostList
    .pipe(z.array(z.string().regex(/^[a-z0-9.:-]+$/, '须为以逗号分隔的主机名或 IP 地址（不含端口和协议）')))
    .describe(
      'Comma-separated hosts webhooks may reach although http:// or private (loopback, LAN, link-local); empty: none.',
    ),
};

/**
 * The shortest gateway token lifetime: WeChat clients fetch a new token when about 60 s are left, so a shorter
 * lifetime has them fetch one before nearly every call (WeChat's own tokens live 7200 s).
 */
export const MIN_GATEWAY_TOKEN_SECONDS = 300;

/** The drop-in gateway for existing WeChat and Weibo tools, and the watch for articles that bypassed it. */
const gatewayKeys = {
  QIANFA_GATEWAY_PATH: z
    .string()
    .regex(/^(\/[\w.-]+)+$/, '须为以 / 开头的路径，如 /gateway')
    .default('/gateway')
    .describe(
      'Where the WeChat- and Weibo-compatible endpoints are: <path>/wechat/cgi-bin/… and <path>/weibo/2/statuses/share.json.',
    ),
  QIANFA_GATEWAY_TOKEN_SECONDS: count(0, 86_400)
    .pipe(
      z
        .number()
        .min(
          MIN_GATEWAY_TOKEN_SECONDS,
          `不能小于 ${MIN_GATEWAY_TOKEN_SECONDS}：工具在令牌剩余约 60 秒时换取新令牌，更短的有效期会让它们几乎每次调用前都要重新获取（微信为 7200）`,
        ),
    )
    .default(7200)
    .describe(
      'Lifetime of the access tokens the gateway hands out at cgi-bin/token and stable_token (300 s at least, as tools refresh 60 s before expiry).',
    ),
  QIANFA_BYPASS_SCAN_MIN: count(0, 10_080)
    .default(15)
    .describe(
      'Minutes between scans of what each WeChat account published (freepublish/batchget) for articles that bypassed qianfa; 0 turns the scan off.',
    ),
};

/** The compliance monitor (issue 13): its thresholds per organisation and how often the cadence is checked. */
const monitorKeys = {
  QIANFA_PROFILES_DIR: nonEmpty
    .default(DEFAULT_PROFILES_DIR)
    .describe(
      'The monitor profiles: default.yaml and one <org-slug>.yaml per organisation with its own thresholds.',
    ),
  // Archiving version bodies of published drafts (issue 17, point 3).
  QIANFA_ARCHIVE_AFTER_DAYS: count(0, 3_650)
    .default(30)
    .describe(
      'Days after its publication a draft keeps its version bodies in hot memory; then they are kept compressed (still readable). 0 never archives.',
    ),
  QIANFA_CADENCE_CHECK_MIN: count(0, 10_080)
    .default(60)
    .describe(
      "Minutes between checks of every account's update cadence (alerts before, at and far past the threshold); 0 turns the check off.",
    ),
  // The patrol of what is online (issue 13, point 4).
  QIANFA_PATROL_MIN: count(0, 43_200)
    .default(1440)
    .describe(
      "Minutes between patrols of every published article (today's word lists, outbound links); 0 turns the patrol off. Daily by default (R51).",
    ),
  QIANFA_LINK_CACHE_MIN: count(0, 43_200)
    .default(720)
    .describe("Minutes a probed outbound link's answer is reused before it is probed again."),
  QIANFA_LINK_RATE_PER_HOST: count(1, 100)
    .default(2)
    .describe('Requests per second the link patrol sends to one host at most.'),
  QIANFA_LINK_TIMEOUT_MS: count(100, 120_000)
    .default(10_000)
    .describe('Deadline of one link probe request (headers and body).'),
  QIANFA_LINK_ALLOW_HOSTS: hostList.describe(
    'Comma-separated hosts the link patrol may reach at loopback or private addresses (an intranet site); none by default.',
  ),
  // The inspection reports (issue 13 point 5).
  QIANFA_REPORT_FONT: nonEmpty
    .default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular')
    .describe(
      'The CJK font of PDF reports: a TTF/OTF file, or a collection (.ttc) followed by #PostScriptName (Debian fonts-noto-cjk by default).',
    ),
};

/**
 * HTTP processes of `qianfa serve`: one per two cores. Each keeps about two busy (its event loop, its check
 * threads, and the Redis work it sets off); one per core oversubscribed a 2-core machine (bench:api, same minutes:
 * 2 HTTP processes + the worker process 404 submissions/s at 10 connections, p99 66 ms, 2.15 ms CPU per submission;
 * one process 537/s, p99 57 ms, 1.79 ms).
 */
export const DEFAULT_PROCESSES = Math.max(1, Math.floor(availableParallelism() / 2));

/** Checks run on worker threads; one core is left to the event loop, and more than 8 threads gain nothing. */
export const DEFAULT_CHECK_THREADS = Math.min(8, Math.max(1, availableParallelism() - 1));

/** The checker's worker threads and the time one check may take before the drafter is asked to split it. */
const checkingKeys = {
  QIANFA_CHECK_THREADS: count(1, 64)
    .default(DEFAULT_CHECK_THREADS)
    .describe('Worker threads that run checks off the event loop; default cores − 1, from 1 to 8.'),
  QIANFA_CHECK_BUDGET_MS: count(10, 600_000)
    .default(2000)
    .describe(
      'Longest time one check may run; a draft over it is refused with 422 draft_too_complex (split it).',
    ),
};

/** Retention of the gateway's own audit chain, `_gateway` (issue 14, point 2). */
const gatewayTrailKeys = {
  QIANFA_GATEWAY_AUDIT_RETENTION_DAYS: count(1, 3650)
    .default(90)
    .describe(
      "Days the gateway's own audit chain (_gateway: calls that named no valid credential) keeps its entries; older ones are removed, and the chain is verified from the last removed entry.",
    ),
};

/** Hosts draft images are shown from on the review pages, besides the platforms' (issue 14, point 5). */
const imageKeys = {
  QIANFA_IMAGE_HOSTS: hostList
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/,
            '须为以逗号分隔的域名（如 img.example.gov.cn 或 *.example.gov.cn，不含协议、端口和路径）',
          ),
      ),
    )
    .describe(
      "Comma-separated image hosts (or *.domain) the review pages show draft images from besides the platforms' image hosts; empty: the platforms' only.",
    ),
};

/** Limits on failed authentication, and where the client's address is read from behind a reverse proxy. */
const securityKeys = {
  QIANFA_AUTH_FAILURES: count(1, 100_000)
    .default(20)
    .describe(
      'Failed authentications (API tokens, review and login links, gateway secrets and tokens) allowed per source address, and per gateway appid, within QIANFA_AUTH_WINDOW_MIN of the first; then they are refused (429, gateway 45009) until that window ends.',
    ),
  QIANFA_AUTH_WINDOW_MIN: count(1, 1440)
    .default(15)
    .describe('Minutes over which failed authentications are counted, from the first one.'),
  QIANFA_METRICS_TOKEN: z
    .string()
    .min(16, '至少 16 个字符')
    .optional()
    .describe(
      'Bearer token a Prometheus scraper sends to read /metrics; absent: /metrics answers loopback only.',
    ),
  QIANFA_TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/, -]+$/, '须为 Express 的 trust proxy 值：跳数（如 1）、loopback、或以逗号分隔的地址/网段')
    .optional()
    .describe(
      "Express 'trust proxy' behind a reverse proxy (a hop count such as 1, loopback, or addresses/subnets), so limits see the client's address; absent: the socket's address.",
    ),
};

/** Redis behind Sentinel or a Redis Cluster (issue 17 point 4): instead of REDIS_URL, never with it. */
const redisTopologyKeys = {
  QIANFA_REDIS_CLUSTER: z
    .string()
    .refine((text) => parseHostPorts(text) !== undefined, '须为 host:port，多个以逗号分隔')
    .optional()
    .describe(
      'Nodes of a Redis Cluster (host:port,host:port,…; some masters are enough, the rest is learnt); set instead of REDIS_URL.',
    ),
  QIANFA_REDIS_SENTINELS: z
    .string()
    .refine((text) => parseHostPorts(text) !== undefined, '须为 host:port，多个以逗号分隔')
    .optional()
    .describe('Redis Sentinels (host:port,host:port,…) that name the primary; set instead of REDIS_URL.'),
  QIANFA_REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[\w.-]+$/, '只能包含字母、数字、_ . -')
    .default('mymaster')
    .describe("The primary's name in the Sentinels' configuration (sentinel monitor <name> …)."),
  QIANFA_REDIS_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Password of the Redis nodes found through Sentinel or of the Cluster (REDIS_URL carries its own).',
    ),
  QIANFA_REDIS_WAIT_MS: count(1, 60_000)
    .default(1000)
    .describe(
      'With Sentinel or a Cluster with replicas: how long a decision waits for a replica to acknowledge it (WAIT 1 <ms>; on a Cluster, on every master) before answering 503.',
    ),
};

/**
 * Every environment variable qianfa reads, with its default and a one-line description.
 * `docs/service.md` lists the same keys; keep them in step.
 */
export const configSchema = z.object({
  PORT: port.default(8080).describe('HTTP port; 0 picks a free port (the chosen one is printed).'),
  QIANFA_PROCESSES: count(1, 256)
    .default(DEFAULT_PROCESSES)
    .describe(
      '`qianfa serve` processes sharing the port (Node cluster), each with its share of the check threads; default one per two cores.',
    ),
  HOST: nonEmpty
    .default('127.0.0.1')
    .describe('Address to listen on. Loopback by default; set 0.0.0.0 behind a reverse proxy or firewall.'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, '须以 redis:// 或 rediss:// 开头')
    .optional()
    .describe('Redis to use. Absent: qianfa starts its own redis-server under QIANFA_DATA_DIR/redis.'),
  QIANFA_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/, '只能包含字母、数字、_ : . -')
    .default('qianfa:')
    .describe('Prefix of every Redis key, so several installations can share one Redis.'),
  QIANFA_DATA_DIR: nonEmpty
    .default('./data')
    .describe('Data directory; the embedded Redis keeps its AOF in <dir>/redis.'),
  QIANFA_WORDLISTS_DIR: nonEmpty
    .default(DEFAULT_WORDLISTS_DIR)
    .describe("Word lists for the checker; defaults to the package's wordlists/."),
  QIANFA_SECRET_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, '须为 32 字节的密钥：64 位十六进制或 44 位 base64')
    .optional()
    .describe(
      'Key (32 bytes, hex or base64) that encrypts platform secrets at rest. Absent: <QIANFA_DATA_DIR>/secret.key, created on first use (mode 0600).',
    ),
  QIANFA_WORKFLOWS_DIR: nonEmpty
    .default(DEFAULT_WORKFLOWS_DIR)
    .describe("Sign-off workflows and tail templates; defaults to the package's workflows/."),
  ...publishingKeys,
  ...notificationKeys,
  ...gatewayKeys,
  ...monitorKeys,
  ...checkingKeys,
  ...securityKeys,
  ...imageKeys,
  ...gatewayTrailKeys,
  ...redisTopologyKeys,
});

export type ConfigInput = z.input<typeof configSchema>;

export interface NotificationConfig {
  /** Absent: derived from HOST and PORT when the server starts. */
  publicUrl: string | undefined;
  reviewLinkTtlMs: number;
  reminderDelaysMs: { general: number; important: number; major: number };
  /**
   * Time between reminder patrols (a reminder goes out up to this late). Always set from the environment; absent
   * only where a process is built without it (tests that run the patrol themselves).
   */
  reminderCheckMs: number | undefined;
  /**
   * After an awaiting message to a person on a channel, how long further ones wait to go out together as one
   * digest (major drafts never wait); 0: every message at once.
   */
  digestWindowMs: number;
  wecomApiBase: string;
  /** Present when WeCom messages are configured. */
  wecom: { corpid: string; secret: string; agentid: number } | undefined;
  /** WeCom single sign-on at the desk: for these organisations, with the app above; where its pages are. */
  wecomSso?: { orgs: readonly string[]; authorizeBase: string | undefined };
  /** Present when WeChat template messages are configured: the account (`org`, `name`) and template. */
  wechatTemplate: { org: string; account: string; templateId: string } | undefined;
  /** Hosts exempt from the webhook egress policy (lower case; IPv6 without brackets). */
  webhookAllowHosts: readonly string[];
}

export interface PublishingConfig {
  wechatApiBase: string;
  weiboApiBase: string;
  weiboRip: string;
  /** `qianfa serve` runs the worker too. */
  worker: boolean;
  concurrency: number;
  attempts: number;
  backoffMs: number;
  backoffMaxMs: number;
  lockMs: number;
  confirmMs: number;
  platformTimeoutMs: number;
  /** Hosts article images and covers may be downloaded from at private addresses (lower case). */
  imageAllowHosts: readonly string[];
  /**
   * Time between looks for scheduled publications whose time has come. Always set from the environment; absent
   * only where a process is built without it (tests that do not schedule).
   */
  scheduleCheckMs: number | undefined;
  /** After this long since publication a draft's version bodies are archived (compressed); absent: never. */
  archiveVersionsAfterMs?: number | undefined;
  /**
   * How long a worker's start-up crash recovery waits for the starts of other processes started with it, to
   * cover them too, when there are approved drafts to recover (absent: GATHER_MS; see gatherWhenPending). Not
   * read from the environment: set where a process is built that knows no other starts with it (tests that
   * start one worker in-process set 0).
   */
  recoveryGatherMs?: number | undefined;
}

export interface GatewayConfig {
  /** Mount path of the compatible endpoints, without a trailing slash. */
  basePath: string;
  tokenTtlSeconds: number;
  /** Absent: bypass detection is off. */
  bypassScanMs: number | undefined;
  /** How long the `_gateway` audit chain keeps its entries. */
  auditRetentionMs: number;
  /**
   * Time between looks for ended windows of unauthenticated refusals to summarise in the trail. Always set from
   * the environment; absent only where a process is built without it (tests that drive it themselves).
   */
  refusalSummaryMs: number | undefined;
}

export interface SecurityConfig {
  /** Failed authentications per address (or gateway appid) within the window before it is refused. */
  authFailures: number;
  /** The counting window, and how long a key is refused once over. */
  authWindowSeconds: number;
  /** Express 'trust proxy'; absent: the socket's address is the client's. */
  trustProxy: number | string | undefined;
  /** What a scraper must send to read /metrics; absent: loopback only. */
  metricsToken: string | undefined;
}

export interface CheckingConfig {
  /** Worker threads running checks. */
  threads: number;
  /** A check running longer is aborted and the draft refused as too complex. */
  budgetMs: number;
}

export interface MonitorConfig {
  profilesDir: string;
  /** Absent: the scheduled cadence check is off. */
  cadenceCheckMs: number | undefined;
  /** The PDF report's CJK font: a file, or `collection.ttc#PostScriptName`. */
  reportFont: string;
  /** The patrol of what is online; `everyMs` absent: no scheduled patrol. */
  patrol?: PatrolConfig;
}

export interface PatrolConfig {
  everyMs: number | undefined;
  linkCacheMs: number;
  linkRatePerHost: number;
  linkTimeoutMs: number;
  linkAllowHosts: readonly string[];
}

/** Configuration as the rest of qianfa sees it: typed, defaulted, paths absolute. */
export interface Config {
  port: number;
  host: string;
  /** Service processes `qianfa serve` runs behind the one port. */
  processes: number;
  /** Absent: use the embedded redis-server. */
  redisUrl: string | undefined;
  redisPrefix: string;
  dataDir: string;
  /** Absent: the key file under `dataDir`. */
  secretKey: Buffer | undefined;
  wordlistsDir: string;
  workflowsDir: string;
  publishing: PublishingConfig;
  notifications: NotificationConfig;
  gateway: GatewayConfig;
  checking: CheckingConfig;
  security: SecurityConfig;
  /** Hosts (or `*.domain`) draft images are shown from besides the platforms' (QIANFA_IMAGE_HOSTS). */
  imageHosts: readonly string[];
  monitor: MonitorConfig;
}
