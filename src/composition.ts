import { hkdfSync, randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { SecretBox } from './adapters/crypto/secret-box.js';
import { loadWorkflows } from './adapters/files/read-workflows.js';
import { readOrCreateSecretKey } from './adapters/files/secret-key-file.js';
import { WechatClient } from './adapters/platforms/wechat/wechat-client.js';
import { WechatPublishedFeed } from './adapters/platforms/wechat/wechat-published-feed.js';
import { readDefaultCover, WechatPublisher } from './adapters/platforms/wechat/wechat-publisher.js';
import { WechatTokenCache } from './adapters/platforms/wechat/wechat-token-cache.js';
import { WeiboClient } from './adapters/platforms/weibo/weibo-client.js';
import { WeiboPublisher } from './adapters/platforms/weibo/weibo-publisher.js';
import { WebhookNotifier } from './adapters/notifications/webhook/webhook-notifier.js';
import { WecomClient } from './adapters/notifications/wecom/wecom-client.js';
import { WechatTemplateClient } from './adapters/notifications/wechat-template/wechat-template-client.js';
import { WechatTemplateNotifier } from './adapters/notifications/wechat-template/wechat-template-notifier.js';
import { WecomNotifier } from './adapters/notifications/wecom/wecom-notifier.js';
import {
  BullmqDeliveryQueue,
  BullmqReviewTimers,
  startNotificationWorkers,
} from './adapters/queue/bullmq-notification-queues.js';
import { startBypassScanJob, type BypassScanJob } from './adapters/queue/bullmq-bypass-scan.js';
import { BullmqPublishQueue } from './adapters/queue/bullmq-publish-queue.js';
import { startPublishWorker } from './adapters/queue/publish-worker.js';
import { stderrLogger } from './adapters/logging/pino-logger.js';
import type { Logger } from './services/ports/logger.js';
import { AuditChainWriter } from './adapters/redis/audit-chain-writer.js';
import { RedisAccountStore } from './adapters/redis/redis-account-store.js';
import { RedisAdminAlerts } from './adapters/redis/redis-admin-alerts.js';
import { RedisAuditLog } from './adapters/redis/redis-audit-log.js';
import { RedisBypassLedger } from './adapters/redis/redis-bypass-ledger.js';
import { RedisChannelStore } from './adapters/redis/redis-channel-store.js';
import { RedisDelegationStore } from './adapters/redis/redis-delegation-store.js';
import { RedisOneTimeMarks } from './adapters/redis/redis-one-time-marks.js';
import { RedisDraftStore } from './adapters/redis/redis-draft-store.js';
import { RedisGatewayCredentialStore } from './adapters/redis/redis-gateway-credential-store.js';
import { RedisGatewayDraftStore } from './adapters/redis/redis-gateway-draft-store.js';
import { WechatUploadForwarder } from './adapters/platforms/wechat/wechat-upload-forwarder.js';
import type { GatewayDeps } from './gateway/gateway-routes.js';
import { createWechatGatewayService } from './services/wechat-gateway-service.js';
import { createWeiboGatewayService } from './services/weibo-gateway-service.js';
import { RedisKeys } from './adapters/redis/redis-keys.js';
import { RedisCheckSettingsStore } from './adapters/redis/redis-check-settings-store.js';
import { redisRateLimiter } from './adapters/redis/redis-rate-limiter.js';
import { createCheckSettingsService, type CheckSettingsService } from './services/check-settings-service.js';
import { createFalsePositiveService, type FalsePositiveService } from './services/false-positive-service.js';
import {
  createLiveCheckService,
  LIVE_CHECK_LIMIT,
  type LiveCheckService,
} from './services/live-check-service.js';
import { RedisPeopleStore } from './adapters/redis/redis-people-store.js';
import { RedisPublicationStore } from './adapters/redis/redis-publication-store.js';
import { RedisPublishedArticleIndex } from './adapters/redis/redis-published-article-index.js';
import { createCheckPool } from './adapters/checking/check-pool.js';
import type { CheckingConfig, Config } from './config/config-schema.js';
import { createChecker } from './create-checker.js';
import { parseTarget } from './domain/accounts.js';
import type { ReviewEffect } from './domain/workflow/review-effects.js';
import type { WorkflowDefinition } from './domain/workflow/workflow-definition.js';
import { createDeskSessions, type DeskSessions } from './http/routes/desk-sessions.js';
import { createAccountService, type AccountService } from './services/account-service.js';
import { createBypassDetection, type BypassDetection } from './services/bypass-detection-service.js';
import { createDelegationService, type DelegationService } from './services/delegation-service.js';
import { inProcessDraftChecker, type DraftChecker } from './services/draft-checker.js';
import {
  createGatewayCredentialService,
  type GatewayCredentialService,
} from './services/gateway-credential-service.js';
import { createNotificationService, type NotificationService } from './services/notification-service.js';
import { createReviewLinks, type ReviewLinks } from './services/review-link-service.js';
import { createPeopleService, type PeopleService } from './services/people-service.js';
import type { ReviewTimer } from './domain/workflow/review-reminders.js';
import type { AdminAlerts } from './services/ports/alerts.js';
import type { AuditLog } from './services/ports/audit.js';
import type { ChannelSender, ChannelStore, Delivery } from './services/ports/notifications.js';
import { createPublishService, type PublishService } from './services/publish-service.js';
import { createReviewService, type ReviewService } from './services/review-service.js';
import { type Clock, systemClock } from './domain/clock.js';

/** The one place that builds the people service on a Redis client. */
export function createPeopleServiceOn(client: Redis, config: Pick<Config, 'redisPrefix'>): PeopleService {
  return createPeopleService(new RedisPeopleStore(client, new RedisKeys(config.redisPrefix)));
}

/** The audit log alone (for CLI commands that only read or verify the trail). */
export function createAuditLogOn(client: Redis, config: Pick<Config, 'redisPrefix'>): AuditLog {
  return new RedisAuditLog(client, new RedisKeys(config.redisPrefix));
}

/** The key that seals platform secrets: QIANFA_SECRET_KEY, or the data directory's key file. */
export async function secretKeyOf(config: Pick<Config, 'secretKey' | 'dataDir'>): Promise<Buffer> {
  return config.secretKey ?? readOrCreateSecretKey(config.dataDir);
}

/** The one place that builds the account service on a Redis client. */
export function createAccountServiceOn(
  client: Redis,
  config: Pick<Config, 'redisPrefix'>,
  secretKey: Buffer,
): AccountService {
  const keys = new RedisKeys(config.redisPrefix);
  return createAccountService({
    accounts: new RedisAccountStore(client, keys),
    people: new RedisPeopleStore(client, keys),
    sealer: new SecretBox(secretKey),
    now: () => new Date(),
  });
}

/** The gateway credential service on a Redis client, for the CLI (`qianfa gateway`). */
export function createGatewayCredentialServiceOn(
  client: Redis,
  config: Pick<Config, 'redisPrefix' | 'gateway'>,
  /** The service's shared audit log and clock, when built with the others. */
  shared: { audit?: AuditLog; now?: Clock } = {},
): GatewayCredentialService {
  const keys = new RedisKeys(config.redisPrefix);
  const accounts = new RedisAccountStore(client, keys);
  return createGatewayCredentialService({
    store: new RedisGatewayCredentialStore(client, keys),
    // Only whether the account exists: granting never needs to open its sealed secret.
    accounts: { exists: async (org, platform, name) => (await accounts.get(org, platform, name)) !== null },
    people: new RedisPeopleStore(client, keys),
    audit: shared.audit ?? new RedisAuditLog(client, keys),
    now: shared.now ?? systemClock,
    tokenTtlSeconds: config.gateway.tokenTtlSeconds,
  });
}

/**
 * What the review service needs from the data folders, read and validated once at start-up. Whoever loads it
 * closes `checker` once the services built on it are closed.
 */
export interface ReviewData {
  checker: DraftChecker;
  workflowFor: (org: string) => WorkflowDefinition;
}

/**
 * Reads word lists and workflows; throws WordlistError or WorkflowsError listing every problem. With `checking`,
 * checks run on a pool of worker threads within a time budget (the service); without, on the calling thread
 * (`qianfa worker`, which checks nothing, and tests where the pool is not the point).
 */
export async function loadReviewData(
  config: Pick<Config, 'wordlistsDir' | 'workflowsDir'>,
  checking?: CheckingConfig,
): Promise<ReviewData> {
  const { wordlistsDir } = config;
  // Workflows first: a pool started before they failed would be left running.
  const workflowFor = await loadWorkflows(config.workflowsDir);
  const checker = checking
    ? await createCheckPool({ wordlistsDir, ...checking })
    : inProcessDraftChecker(await createChecker({ wordlistsDir }));
  return { checker, workflowFor };
}

/** Draft ids: 12 URL-safe characters (72 random bits), short enough to read out over the phone. */
export function newDraftId(): string {
  return randomBytes(9).toString('base64url');
}

export interface Services {
  people: PeopleService;
  /** The checker every draft goes through (the API's and the gateways'); its loader closes it. */
  checker: DraftChecker;
  audit: AuditLog;
  review: ReviewService;
  accounts: AccountService;
  publish: PublishService;
  alerts: AdminAlerts;
  queue: BullmqPublishQueue;
  links: ReviewLinks;
  sessions: DeskSessions;
  delegations: DelegationService;
  notifications: NotificationService;
  channels: ChannelStore;
  deliveries: BullmqDeliveryQueue;
  timers: BullmqReviewTimers;
  gatewayCredentials: GatewayCredentialService;
  /** The WeChat- and Weibo-compatible endpoints' dependencies (createApp mounts them). */
  gateway: GatewayDeps;
  /** Bypass detection; `startWorker` also schedules its scan when `gateway.bypassScanMs` is set. */
  bypass: Pick<BypassDetection, 'scan'>;
  /** Organisation check settings, deciders' false-positive marks and the live check (see teachingOn). */
  checkSettings: CheckSettingsService;
  falsePositives: FalsePositiveService;
  liveCheck: LiveCheckService;
  /** Tail templates of an organisation (for previews). */
  templatesFor: (org: string) => WorkflowDefinition['tails'];
  /** Starts a publish worker in this process (after re-adding any job a crash may have lost). */
  startWorker(): Promise<Worker>;
  /** Closes the queue's own connections (not `client`, which the caller owns). */
  close(): Promise<void>;
}

/** The drop-in gateway's endpoints and what they run on. */
function gatewayOn(
  client: Redis,
  keys: RedisKeys,
  config: Pick<Config, 'gateway' | 'publishing'>,
  deps: {
    auth: GatewayCredentialService;
    review: ReviewService;
    publish: PublishService;
    accounts: AccountService;
    audit: AuditLog;
    tokens: WechatTokenCache;
    now: Clock;
  },
): GatewayDeps {
  const { auth, review, accounts, audit, now } = deps;
  const drafts = new RedisGatewayDraftStore(client, keys);
  const forwarder = new WechatUploadForwarder({
    baseUrl: config.publishing.wechatApiBase,
    timeoutMs: config.publishing.platformTimeoutMs,
    tokens: deps.tokens,
  });
  const wechatDrafts = createWechatGatewayService({
    drafts,
    review,
    publications: (draft) => deps.publish.get(draft),
    now,
    // WeChat's media_ids are about 43 URL-safe characters; 256 random bits look the same.
    newMediaId: () => randomBytes(32).toString('base64url'),
    newDraftId,
  });
  const posts = createWeiboGatewayService({ drafts, review, newDraftId });
  return {
    basePath: config.gateway.basePath,
    wechat: { auth, drafts: wechatDrafts, accounts, forwarder, audit, now },
    weibo: { auth, posts, audit, now },
  };
}

export type ServicesConfig = Pick<Config, 'redisPrefix' | 'publishing' | 'notifications' | 'gateway'> & {
  /** Where people reach this server; known once it listens, hence a function. */
  publicUrl: () => string;
  /** Where workers and jobs log (failed attempts, lost connections); stderr when absent. */
  logger?: Logger;
};

/** A key for one use, derived from the secret key, so links and sessions never share a key with secrets. */
function derivedKey(secretKey: Buffer, use: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'qianfa', use, 32));
}

/**
 * Builds every service on one Redis client (and, for the queue, its URL). One audit chain writer is shared, so
 * this process's appends to an organisation's chain queue behind each other instead of racing.
 */
export async function createServices(
  redis: { client: Redis; url: string },
  config: ServicesConfig,
  data: ReviewData,
  secretKey: Buffer,
  /** Test seam: the clock every service reads. */
  clock: Clock = systemClock,
): Promise<Services> {
  const { client } = redis;
  const { publishing } = config;
  const keys = new RedisKeys(config.redisPrefix);
  const writer = new AuditChainWriter(client, keys);
  const audit = new RedisAuditLog(client, keys, writer);
  const drafts = new RedisDraftStore(client, keys, writer);
  const accounts = createAccountServiceOn(client, config, secretKey);
  const alerts = new RedisAdminAlerts(client, keys);
  const wechat = wechatOn(client, keys, publishing);
  const queue = new BullmqPublishQueue({
    redisUrl: redis.url,
    redisPrefix: config.redisPrefix,
    attempts: publishing.attempts,
  });
  const now = clock;
  const publish = createPublishService({
    drafts,
    publications: new RedisPublicationStore(client, keys, writer),
    accounts,
    publishers: await createPublishers(wechat, publishing),
    queue,
    alerts,
    now,
  });
  const people = createPeopleServiceOn(client, config);
  const delegations = createDelegationService({
    store: new RedisDelegationStore(client, keys),
    people,
    now,
    newId: newDraftId,
  });
  // Follow-ups of review changes; notifications join once built (they need the review service themselves).
  const followUps: ((effects: readonly ReviewEffect[]) => Promise<void>)[] = [
    (effects) => publish.onReviewEffects(effects),
  ];
  const checkSettings = checkSettingsOn(client, config, { audit, now });
  const review = createReviewService({
    drafts,
    audit,
    ...data,
    checkScopeFor: (org) => checkSettings.scopeFor(org),
    now,
    newId: newDraftId,
    followUp: async (effects) => {
      for (const followUp of followUps) await followUp(effects);
    },
    leadersOf: (person) => delegations.leadersOf(person),
    targetExists: (org, target) => {
      const parsed = parseTarget(target);
      return parsed ? accounts.exists(org, parsed.platform, parsed.name) : Promise.resolve(false);
    },
  });
  const links = createReviewLinks({
    key: derivedKey(secretKey, 'review links'),
    ttlMs: config.notifications.reviewLinkTtlMs,
    publicUrl: config.publicUrl,
    people,
    review,
    marks: new RedisOneTimeMarks(client, keys),
    now,
    newNonce: () => randomBytes(12).toString('base64url'),
  });
  const sessions = createDeskSessions({
    key: derivedKey(secretKey, 'desk sessions'),
    getPerson: (id) => people.getPerson(id),
    now,
    loginTtlMs: 7 * 24 * 3_600_000,
    sessionTtlMs: 12 * 3_600_000,
    secure: config.notifications.publicUrl?.startsWith('https:') ?? false,
  });
  const queueOptions = {
    redisUrl: redis.url,
    redisPrefix: config.redisPrefix,
    logger: config.logger ?? stderrLogger(),
  };
  const deliveries = new BullmqDeliveryQueue(queueOptions);
  const timers = new BullmqReviewTimers(queueOptions);
  const channels = new RedisChannelStore(client, keys);
  const gatewayCredentials = createGatewayCredentialServiceOn(client, config, { audit, now });
  const notifier = createNotificationService({
    drafts,
    mayDecide: (person, found) => review.mayDecide(person, found),
    people,
    channels,
    deliveries,
    timers,
    linkFor: (person, found) => links.issue(person, found).url,
    deskLinkFor: (person) => `${config.publicUrl()}${sessions.loginPath(person)}`,
    reminderDelays: config.notifications.reminderDelaysMs,
  });
  followUps.push((effects) => notifier.onReviewEffects(effects));
  const bypass = createBypassDetection({
    orgs: new RedisPeopleStore(client, keys),
    accounts,
    feed: new WechatPublishedFeed(wechat.client, wechat.tokens),
    index: new RedisPublishedArticleIndex(client, keys),
    ledger: new RedisBypassLedger(client, keys, writer),
    alerts,
    now,
  });
  const gateway = gatewayOn(client, keys, config, {
    auth: gatewayCredentials,
    review,
    publish,
    accounts,
    audit,
    tokens: wechat.tokens,
    now,
  });
  const teaching = teachingOn(client, keys, { checkSettings, review, checker: data.checker });
  const workers: Worker[] = [];
  const scanJobs: BypassScanJob[] = [];
  return {
    people,
    checker: data.checker,
    audit,
    review,
    accounts,
    publish,
    alerts,
    queue,
    links,
    sessions,
    delegations,
    notifications: notifier,
    channels,
    deliveries,
    timers,
    gatewayCredentials,
    gateway,
    bypass,
    checkSettings,
    ...teaching,
    templatesFor: (org) => data.workflowFor(org).tails,
    async startWorker() {
      await publish.recover();
      const worker = startPublishWorker(publish, { ...queueOptions, ...publishing });
      const senders = notificationSenders(config.notifications, publishing, {
        accounts,
        tokens: wechat.tokens,
      });
      const onGivenUp = async (delivery: Delivery, error: unknown) => {
        const message = `向 ${delivery.address.channel} 渠道发送通知失败（人员 ${delivery.person}）：${String(error)}`;
        const org = (await people.getPerson(delivery.person))?.org;
        if (org) await alerts.raise({ org, kind: 'notification_failed', message, at: now().toISOString() });
      };
      const fire = (timer: ReviewTimer) => notifier.fire(timer);
      workers.push(worker, ...startNotificationWorkers({ ...queueOptions, senders, fire, onGivenUp }));
      const everyMs = config.gateway.bypassScanMs;
      if (everyMs !== undefined) {
        scanJobs.push(await startBypassScanJob({ ...queueOptions, everyMs, scan: () => bypass.scan() }));
      }
      return worker;
    },
    async close() {
      await Promise.all([...workers, ...scanJobs].map((running) => running.close()));
      await Promise.all([queue.close(), deliveries.close(), timers.close()]);
    },
  };
}

/** One WeChat client and one token cache for everything that calls WeChat (publishing, template messages). */
function wechatOn(client: Redis, keys: RedisKeys, publishing: Config['publishing']) {
  const wechat = new WechatClient({
    baseUrl: publishing.wechatApiBase,
    timeoutMs: publishing.platformTimeoutMs,
  });
  return { client: wechat, tokens: new WechatTokenCache(client, keys, wechat) };
}

async function createPublishers(wechat: ReturnType<typeof wechatOn>, publishing: Config['publishing']) {
  const timeoutMs = publishing.platformTimeoutMs;
  const weibo = new WeiboClient({ baseUrl: publishing.weiboApiBase, timeoutMs });
  return [
    new WechatPublisher({
      client: wechat.client,
      tokens: wechat.tokens,
      cover: await readDefaultCover(),
      timeoutMs,
      confirmAfterMs: publishing.confirmMs,
      pollDelaysMs: [200, 400, 800, 1600],
    }),
    new WeiboPublisher({ client: weibo, rip: publishing.weiboRip, confirmAfterMs: publishing.confirmMs }),
  ];
}

/** The channels this installation can send on: webhooks always; WeCom and WeChat templates when configured. */
function notificationSenders(
  config: Config['notifications'],
  publishing: Config['publishing'],
  wechat: { accounts: AccountService; tokens: WechatTokenCache },
): ChannelSender[] {
  const timeoutMs = publishing.platformTimeoutMs;
  const senders: ChannelSender[] = [new WebhookNotifier({ timeoutMs })];
  if (config.wecom) {
    const client = new WecomClient({ baseUrl: config.wecomApiBase, timeoutMs });
    const { corpid, secret: corpsecret, agentid } = config.wecom;
    senders.push(new WecomNotifier({ client, corpid, corpsecret, agentid }));
  }
  const template = config.wechatTemplate;
  if (template) {
    // The 服务号's credentials stay sealed in the account store; they are opened only to fetch its token.
    const credentials = async () => {
      const opened = await wechat.accounts.credentials(template.org, 'wechat', template.account);
      if (!opened.ok) throw new Error(`模板消息账号 ${template.org}/${template.account} 不存在`);
      return { appid: opened.value.account.appid ?? '', secret: opened.value.secret };
    };
    senders.push(
      new WechatTemplateNotifier({
        client: new WechatTemplateClient({ baseUrl: publishing.wechatApiBase, timeoutMs }),
        templateId: template.templateId,
        getToken: async () => {
          const { appid, secret } = await credentials();
          return wechat.tokens.token(appid, secret);
        },
        refreshToken: async (stale) => {
          const { appid, secret } = await credentials();
          return wechat.tokens.refresh(appid, secret, stale);
        },
      }),
    );
  }
  return senders;
}

// --- Organisation check settings (teach): allow entries, sources, false-positive marks, the live check. ---

/** The check settings service on a Redis client; the CLI uses it alone (`qianfa allow`, `qianfa sources`). */
export function checkSettingsOn(
  client: Redis,
  config: Pick<Config, 'redisPrefix'>,
  shared: { audit?: AuditLog; now?: Clock } = {},
): CheckSettingsService {
  const keys = new RedisKeys(config.redisPrefix);
  return createCheckSettingsService({
    store: new RedisCheckSettingsStore(client, keys),
    people: new RedisPeopleStore(client, keys),
    audit: shared.audit ?? new RedisAuditLog(client, keys),
    now: shared.now ?? systemClock,
    newId: newDraftId,
  });
}

/** Deciders' false-positive marks and the rate-limited live check, over the check settings. */
function teachingOn(
  client: Redis,
  keys: RedisKeys,
  deps: { checkSettings: CheckSettingsService; review: ReviewService; checker: DraftChecker },
): { falsePositives: FalsePositiveService; liveCheck: LiveCheckService } {
  const { checkSettings } = deps;
  const limiter = redisRateLimiter(client, { keyPrefix: keys.liveCheckLimit(), ...LIVE_CHECK_LIMIT });
  return {
    falsePositives: createFalsePositiveService({ review: deps.review, settings: checkSettings }),
    liveCheck: createLiveCheckService({
      checker: deps.checker,
      scopeFor: (org) => checkSettings.scopeFor(org),
      limiter,
    }),
  };
}
