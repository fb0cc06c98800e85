import { setTimeout as sleep } from 'node:timers/promises';
import { SecretBox } from '../adapters/crypto/secret-box.js';
import type { Worker } from 'bullmq';
import { duplicateQueuing, keysOn, type RedisClient } from '../adapters/redis/redis-client.js';
import { confirmReplicated, waitsForReplicas } from '../adapters/redis/redis-connection.js';
import { Cluster } from 'ioredis';
import { stderrLogger } from '../adapters/logging/pino-logger.js';
import { WechatPublishedFeed } from '../adapters/platforms/wechat/wechat-published-feed.js';

import { BullmqPublishQueue } from '../adapters/queue/bullmq-publish-queue.js';

import { AuditChainWriter } from '../adapters/redis/audit-chain-writer.js';
import { RedisVersionArchive } from '../adapters/redis/redis-version-archive.js';
import { RedisRefusalTallies } from '../adapters/redis/redis-refusal-tallies.js';
import { createRefusalSummaries, type RefusalSummaries } from '../services/gateway/refusal-summaries.js';
import { RedisAdminAlerts } from '../adapters/redis/redis-admin-alerts.js';
import { RedisAuditLog } from '../adapters/redis/redis-audit-log.js';
import { RedisBypassLedger } from '../adapters/redis/redis-bypass-ledger.js';

import { RedisDelegationStore } from '../adapters/redis/redis-delegation-store.js';
import { RedisOneTimeMarks } from '../adapters/redis/redis-one-time-marks.js';
import { RedisDraftStore } from '../adapters/redis/redis-draft-store.js';
import type { GatewayDeps } from '../gateway/gateway-routes.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import { redisFailureLimiter, redisRateLimiter } from '../adapters/redis/redis-rate-limiter.js';
import { type CheckSettingsService } from '../services/check-settings-service.js';
import { createFalsePositiveService, type FalsePositiveService } from '../services/false-positive-service.js';
import {
  createLiveCheckService,
  LIVE_CHECK_LIMIT,
  type LiveCheckService,
} from '../services/live-check-service.js';
import { RedisPeopleStore } from '../adapters/redis/redis-people-store.js';
import { RedisPublicationStore } from '../adapters/redis/redis-publication-store.js';
import {
  GATHER_MS,
  gatherWhenPending,
  RedisSharedRecovery,
} from '../adapters/redis/redis-shared-recovery.js';
import { RedisPublishSchedule } from '../adapters/redis/redis-publish-schedule.js';
import { RedisPublishedArticleIndex } from '../adapters/redis/redis-published-article-index.js';
import type { Config } from '../config/config-schema.js';
import type { Logger } from '../services/ports/logger.js';
import type { Person } from '../domain/people.js';
import type { WorkflowDefinition } from '../domain/workflow/workflow-definition.js';
import type { WorkflowOfDecision } from '../services/review/review-commits.js';
import { type DeskLogins } from '../services/desk-session-service.js';
import { type AccountService } from '../services/account-service.js';
import { createBypassDetection, type BypassDetection } from '../services/bypass-detection-service.js';
import { createDelegationService, type DelegationService } from '../services/delegation-service.js';
import { timedChecker, type DraftChecker } from '../services/draft-checker.js';
import { type GatewayCredentialService } from '../services/gateway-credential-service.js';
import { type NotificationService } from '../services/notification-service.js';
import type { ReviewReminderPatrol } from '../services/review-reminder-patrol.js';
import { createReviewLinks, type ReviewLinks } from '../services/review-link-service.js';
import { createFollowUpsWithPublishing } from '../services/review-follow-ups.js';
import { type PeopleService } from '../services/people-service.js';

import type { AdminAlerts } from '../services/ports/alerts.js';
import type { FailureLimiter } from '../services/ports/rate-limits.js';
import type { Metrics } from '../services/ports/metrics.js';
import { createPrometheusMetrics, type PrometheusMetrics } from '../adapters/metrics/prometheus-metrics.js';
import { createStorageAlerts, type StorageAlerts } from '../services/storage-alerts.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { ChannelStore, DeliveryQueue, ReviewTimers } from '../services/ports/notifications.js';
import type { PublishQueue } from '../services/ports/publishing.js';
import type { PublishService } from '../services/publish-service.js';
// The desk's "changes since you last saw it" (issue 12 point 3).
import { createSeenVersions, type SeenVersions } from '../services/seen-versions-service.js';
import { RedisSeenVersions } from '../adapters/redis/redis-seen-versions.js';
import {
  createReviewCommitsFor,
  createReviewService,
  type ReviewService,
} from '../services/review-service.js';
import { type Clock, systemClock } from '../domain/clock.js';
import {
  createPeopleServiceOn,
  createAccountServiceOn,
  createGatewayCredentialServiceOn,
  type ReviewData,
  newDraftId,
  checkSettingsOn,
  workflowServiceOn,
} from './standalone.js';
import { wechatOn, createPublishers, type WechatAccess } from './platforms.js';
import { gatewayOn } from './gateway.js';
import { linkKeysOf, notificationsOn, workersOn, type LinkKeys } from './follow-ups.js';
import { loginOn, wecomLoginOn } from './login.js';
import type { WecomLogin } from '../services/wecom-login-service.js';
import type { LoginService } from '../services/login-service.js';
import { DEFAULT_PATROL, monitorOn, patrolOn } from './monitor.js';
import { followersOn, registerOn, type RegisterWithExport } from './register.js';
import { correctionsOn, lateCorrections } from './corrections.js';
import type { CorrectionService } from '../services/correction-service.js';
import { DEFAULT_WORDLISTS_DIR } from '../package-dirs.js';
import type { PatrolService } from '../services/monitor/patrol-service.js';
import type { CadenceMonitor } from '../services/monitor/cadence-monitor.js';
// The admin's pages (issue 12 point 4).
import { createAlertBoard, type AlertBoard } from '../services/admin/alert-board.js';
import { RedisAlertAcks } from '../adapters/redis/redis-alert-acks.js';
import type { WorkflowService } from '../services/workflow-service.js';

export interface Services {
  people: PeopleService;
  /** Corrections and retractions of published articles (issue 13 point 6). */
  corrections: CorrectionService;
  /** The checker every draft goes through (the API's and the gateways'); its loader closes it. */
  checker: DraftChecker;
  audit: AuditLog;
  review: ReviewService;
  accounts: AccountService;
  publish: PublishService;
  alerts: AdminAlerts;
  /** What operators read at `/metrics`: latency, queues, outcomes (a registry of this instance's own). */
  metrics: PrometheusMetrics;
  /** Failed authentications per source address and per gateway appid (the HTTP edge and the gateway). */
  authFailures: FailureLimiter;
  /** Tells every organisation's admins that the embedded Redis died and runs again. */
  storageAlerts: StorageAlerts;
  queue: PublishQueue;
  links: ReviewLinks;
  /** The desk's login links and sessions (the HTTP layer carries them in a cookie). */
  desk: DeskLogins;
  /** Password login with lockout, passwords set by their owner or an admin, sessions ended (audited). */
  login: LoginService;
  /** WeCom single sign-on, when configured for some organisation. */
  wecomLogin: WecomLogin | undefined;
  delegations: DelegationService;
  notifications: NotificationService;
  /** The reminder patrol; `startWorker` runs it every `notifications.reminderCheckMs`. */
  reminders: ReviewReminderPatrol;
  channels: ChannelStore;
  /** Webhook hosts exempt from the egress policy (checked when a person sets a webhook). */
  webhookAllowHosts: readonly string[];
  deliveries: DeliveryQueue;
  timers: ReviewTimers;
  gatewayCredentials: GatewayCredentialService;
  /** The WeChat- and Weibo-compatible endpoints' dependencies (createApp mounts them). */
  gateway: GatewayDeps;
  /** Bypass detection; `startWorker` also schedules its scan when `gateway.bypassScanMs` is set. */
  bypass: Pick<BypassDetection, 'scan'>;
  /** Gateway refusals of callers holding no credential, summarised per window (`gateway.refusalSummaryMs`). */
  refusalSummaries: RefusalSummaries;
  /** The compliance monitor: update cadence and original ratio of every account (issue 13). */
  monitor: CadenceMonitor;
  /** The patrol of what is online: published articles re-checked, outbound links probed (issue 13, point 4). */
  patrol: PatrolService;
  /** The account register: filing-form details, lifecycle requests through sign-off, export (issue 13 point 1). */
  register: RegisterWithExport;
  /** Organisation check settings, deciders' false-positive marks and the live check (see teachingOn). */
  checkSettings: CheckSettingsService;
  falsePositives: FalsePositiveService;
  liveCheck: LiveCheckService;
  /** Tail templates of an organisation (for previews). */
  templatesFor: (org: string) => Promise<WorkflowDefinition['tails']>;
  /** The services' clock (pages show waiting times by it). */
  now: Clock;
  /** The version each person last saw of each draft, for the review page's changes since then. */
  seenVersions: SeenVersions;
  /**
   * With Sentinel only: resolves once a replica holds this process's writes (WAIT 1). Absent on a single node and
   * on a Cluster, so answers are not held for nothing.
   */
  confirmWrites?: () => Promise<void>;
  // The admin's pages (issue 12 point 4).
  /** Alerts with who acknowledged them. */
  alertBoard: AlertBoard;
  /** The workflow (chains per grade, tails) that applies to an organisation; its admins may edit it. */
  workflows: WorkflowService;
  /** Starts a publish worker in this process (after re-adding any job a crash may have lost). */
  startWorker(): Promise<Worker>;
  /** Closes the queue's own connections (not `client`, which the caller owns). */
  close(): Promise<void>;
}

export type ServicesConfig = Pick<
  Config,
  'redisPrefix' | 'publishing' | 'notifications' | 'gateway' | 'security'
> & {
  /** The compliance monitor's profiles and schedule; absent: the default profiles, no scheduled check. */
  monitor?: Config['monitor'];
  /** The word lists the patrol reads afresh for each run; absent: the package's. */
  wordlistsDir?: string;
  /** Where people reach this server; known once it listens, hence a function. */
  publicUrl: () => string;
  /** Where workers and jobs log (failed attempts, lost connections); stderr when absent. */
  logger?: Logger;
};

/**
 * Builds every service on one Redis client (and, for the queue, its URL). One audit chain writer is shared, so
 * this process's appends to an organisation's chain queue behind each other instead of racing.
 */
export async function createServices(
  redis: { client: RedisClient; url: string },
  config: ServicesConfig,
  data: ReviewData,
  secretKey: Buffer,
  /** Test seam: the clock every service reads. */
  clock: Clock = systemClock,
): Promise<Services> {
  const { client } = redis;
  const { publishing } = config;
  const keys = keysOn(client, config.redisPrefix);
  if (client instanceof Cluster && !waitsForReplicas(client))
    (config.logger ?? stderrLogger()).warn(
      'redis cluster has no replica: changes are answered without waiting for one (WAIT)',
    );
  const metrics = createPrometheusMetrics();
  data = { ...data, checker: timedChecker(data.checker, (seconds) => metrics.checked(seconds)) };
  const writer = new AuditChainWriter(client, keys, (seconds) => metrics.auditAppended(seconds));
  const audit = new RedisAuditLog(client, keys, writer);
  const drafts = new RedisDraftStore(client, keys, writer);
  // Installations from before the awaiting indexes: their open drafts are indexed once, on the first start.
  await drafts.indexOpenDraftsOnce(await new RedisPeopleStore(client, keys).listOrgs());
  const accounts = createAccountServiceOn(client, config, secretKey);
  const alerts = new RedisAdminAlerts(client, keys);
  const wechat = wechatOn(client, keys, publishing, new SecretBox(secretKey));
  const queue = new BullmqPublishQueue({
    redisUrl: redis.url,
    redisPrefix: config.redisPrefix,
    attempts: publishing.attempts,
  });
  const now = clock;
  const people = createPeopleServiceOn(client, config);
  const delegations = createDelegationService({
    store: new RedisDelegationStore(client, keys),
    people,
    now,
    newId: newDraftId,
  });
  const leadersOf = (person: Person) => delegations.leadersOf(person);
  const publications = new RedisPublicationStore(client, keys, writer);
  const linkKeys = linkKeysOf(secretKey, config, now);
  const { desk, deliveries, timers, channels, notifier, reminders, senders } = notificationsOn(
    client,
    keys,
    config,
    {
      secretKey,
      redisUrl: redis.url,
      drafts,
      people,
      linkKeys,
      accounts,
      tokens: wechat.tokens,
      alerts,
      metrics,
      now,
    },
  );
  const checkSettings = checkSettingsOn(client, config, { audit, now });
  const workflows = workflowServiceOn(client, keys, data.workflows, { writer, now });
  const { publish, review, links, corrections } = await reviewAndPublishingOn(client, keys, config, data, {
    drafts,
    audit,
    publications,
    queue,
    accounts,
    alerts,
    people,
    notifier,
    checkSettings,
    workflowFor: (org, read) => workflows.decidingWorkflowFor(org, read),
    leadersOf,
    linkKeys,
    wechat,
    metrics,
    now,
  });
  const gatewayCredentials = createGatewayCredentialServiceOn(client, config, { audit, now });
  const bypass = bypassOn(client, keys, writer, { accounts, alerts, wechat, now });
  const monitor = await monitorOn(
    client,
    keys,
    publishing,
    { accounts, alerts, drafts, publications, wechat, now },
    config.monitor,
  );
  const patrol = patrolOn(
    client,
    keys,
    publishing,
    { accounts, alerts, wechat, scopeFor: (org) => checkSettings.scopeFor(org), now },
    {
      wordlistsDir: config.wordlistsDir ?? DEFAULT_WORDLISTS_DIR,
      patrol: config.monitor?.patrol ?? DEFAULT_PATROL,
    },
  );
  const register = await registerOn(
    client,
    keys,
    { review, drafts, accounts, audit, alerts, followers: followersOn(wechat, publishing), now },
    config.monitor?.profilesDir,
  );
  const authFailures = redisFailureLimiter(client, {
    keyPrefix: keys.authFailureLimit(),
    failures: config.security.authFailures,
    windowSeconds: config.security.authWindowSeconds,
  });
  const refusalSummaries = createRefusalSummaries({
    tallies: new RedisRefusalTallies(client, keys, writer),
    now,
    windowMs: config.security.authWindowSeconds * 1000,
    gatewayTrail: { retention: audit, retentionMs: config.gateway.auditRetentionMs },
  });
  const gateway = gatewayOn(client, keys, config, {
    authFailures,
    refusals: refusalSummaries,
    auth: gatewayCredentials,
    review,
    publish,
    accounts,
    audit,
    tokens: wechat.tokens,
    now,
  });
  const teaching = teachingOn(client, keys, { checkSettings, review, checker: data.checker });
  const running = workersOn(config, {
    queues: {
      redisUrl: redis.url,
      redisPrefix: config.redisPrefix,
      closing: [queue, deliveries, timers, patrol],
    },
    publish,
    recovery: new RedisSharedRecovery(client, keys, {
      gather: gatherWhenPending(
        async () => (await drafts.approvedIds()).length > 0,
        () => sleep(publishing.recoveryGatherMs ?? GATHER_MS),
      ),
    }),
    notifier,
    reminders,
    senders,
    outbox: { keys, connect: () => duplicateQueuing(client) },
    bypass,
    refusalSummaries,
    versionArchive: new RedisVersionArchive(client, keys, drafts, () =>
      new RedisPeopleStore(client, keys).listOrgs(),
    ),
    monitor,
    patrol,
    register,
    accounts,
    people,
    alerts,
    tokens: wechat.tokens,
    metrics,
    now,
  });
  metrics.watchQueues([queue.queue, deliveries.queue, timers.queue]);
  return {
    people,
    checker: data.checker,
    audit,
    review,
    accounts,
    publish,
    alerts,
    metrics,
    authFailures,
    storageAlerts: createStorageAlerts({ orgs: new RedisPeopleStore(client, keys), alerts, now }),
    queue,
    links,
    desk,
    login: loginOn(client, keys, { people, audit, desk, now }),
    wecomLogin: wecomLoginOn(client, keys, config, { people, channels, audit, now }),
    delegations,
    notifications: notifier,
    reminders,
    channels,
    webhookAllowHosts: config.notifications.webhookAllowHosts,
    // Sentinel, or a Cluster with replicas: changes are answered once a replica has them; otherwise answers are
    // not held for a no-op.
    ...(waitsForReplicas(client) ? { confirmWrites: () => confirmReplicated(client) } : {}),
    deliveries,
    timers,
    gatewayCredentials,
    gateway,
    bypass,
    refusalSummaries,
    monitor,
    patrol,
    register,
    corrections,
    checkSettings,
    ...teaching,
    templatesFor: async (org) => (await workflows.workflowFor(org)).tails,
    now,
    seenVersions: createSeenVersions({ seen: new RedisSeenVersions(client, keys), drafts }),
    alertBoard: createAlertBoard({ alerts, acks: new RedisAlertAcks(client, keys), audit, now }),
    workflows,
    ...running,
  };
}

/** Deciders' false-positive marks and the rate-limited live check, over the check settings. */
function teachingOn(
  client: RedisClient,
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

/**
 * The review and publishing services with the one runner of what a committed change sets off (publishing's own
 * events commit on the same path), and the review links deciders open on their phones.
 */
async function reviewAndPublishingOn(
  client: RedisClient,
  keys: RedisKeys,
  config: ServicesConfig,
  data: ReviewData,
  deps: {
    drafts: RedisDraftStore;
    audit: AuditLog;
    publications: RedisPublicationStore;
    queue: BullmqPublishQueue;
    accounts: AccountService;
    alerts: AdminAlerts;
    people: PeopleService;
    notifier: NotificationService;
    checkSettings: CheckSettingsService;
    workflowFor: WorkflowOfDecision;
    leadersOf: (person: Person) => Promise<Person[]>;
    linkKeys: LinkKeys;
    wechat: WechatAccess;
    metrics: Metrics;
    now: Clock;
  },
): Promise<{
  publish: PublishService;
  review: ReviewService;
  links: ReviewLinks;
  corrections: CorrectionService;
}> {
  const { drafts, audit, publications, queue, accounts, workflowFor, now } = deps;
  const corrections = lateCorrections();
  const { followUps, publish } = createFollowUpsWithPublishing({
    published: corrections.published,
    drafts,
    publications,
    schedule: new RedisPublishSchedule(client, keys),
    accounts,
    publishers: await createPublishers(deps.wechat, config.publishing, now),
    queue,
    alerts: deps.alerts,
    metrics: deps.metrics,
    commitsFor: (followUps) => createReviewCommitsFor({ drafts, audit, workflowFor, followUps }),
    now,
  });
  const review = createReviewService({
    drafts,
    audit,
    checker: data.checker,
    workflowFor,
    checkSettingsFor: (org, options) => deps.checkSettings.checkingSettingsFor(org, options),
    now,
    newId: newDraftId,
    followUps,
    leadersOf: deps.leadersOf,
    targetState: (org, target) => accounts.targetState(org, target),
  });
  const marks = new RedisOneTimeMarks(client, keys);
  const links = createReviewLinks({ ...deps.linkKeys, people: deps.people, review, marks });
  const correcting = { review, drafts, publications, alerts: deps.alerts, audit, now, newId: newDraftId };
  return { publish, review, links, corrections: corrections.set(correctionsOn(client, keys, correcting)) };
}

/** Bypass detection: what each WeChat account published, against what qianfa itself published there. */
function bypassOn(
  client: RedisClient,
  keys: RedisKeys,
  writer: AuditChainWriter,
  deps: {
    accounts: AccountService;
    alerts: AdminAlerts;
    wechat: WechatAccess;
    now: Clock;
  },
): BypassDetection {
  return createBypassDetection({
    orgs: new RedisPeopleStore(client, keys),
    accounts: deps.accounts,
    feed: new WechatPublishedFeed(deps.wechat.client, deps.wechat.tokens),
    index: new RedisPublishedArticleIndex(client, keys),
    ledger: new RedisBypassLedger(client, keys, writer),
    alerts: deps.alerts,
    now: deps.now,
  });
}
