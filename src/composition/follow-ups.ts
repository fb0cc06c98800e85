import { randomBytes, randomUUID } from 'node:crypto';
import type { Worker } from 'bullmq';
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../adapters/redis/redis-client.js';
import type { Logger } from '../services/ports/logger.js';
import { parseRedisAddress } from '../config/redis-address.js';
import {
  BullmqDeliveryQueue,
  BullmqReviewTimers,
  startNotificationWorkers,
} from '../adapters/queue/bullmq-notification-queues.js';
import {
  BYPASS_SCAN,
  CADENCE_CHECK,
  SCHEDULED_RELEASE,
  GATEWAY_REFUSAL_SUMMARY,
  PATROL,
  REVIEW_REMINDERS,
  VERSION_ARCHIVE,
  startRepeatingJob,
  type RepeatingJob,
} from '../adapters/queue/bullmq-repeating-job.js';
import { stderrLogger } from '../adapters/logging/pino-logger.js';
import { startPublishWorker } from '../adapters/queue/publish-worker.js';
import { SecretBox } from '../adapters/crypto/secret-box.js';
import { RedisChannelStore } from '../adapters/redis/redis-channel-store.js';
import { drainNotificationOutbox } from '../adapters/redis/redis-notification-outbox.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import type { WechatTokenCache } from '../adapters/platforms/wechat/wechat-token-cache.js';
import type { Clock } from '../domain/clock.js';
import { PUBLISHING_TEXT } from '../messages/publishing.js';
import type { AccountService } from '../services/account-service.js';
import type { BypassDetection } from '../services/bypass-detection-service.js';
import type { RefusalSummaries } from '../services/gateway/refusal-summaries.js';
import { deskLoginsOn } from './login.js';
import { derivedKey } from './keys.js';
import { createNotificationService, type NotificationService } from '../services/notification-service.js';
import { createReviewReminderPatrol, type ReviewReminderPatrol } from '../services/review-reminder-patrol.js';
import { RedisReminderMarks } from '../adapters/redis/redis-reminder-marks.js';
import type { PeopleService } from '../services/people-service.js';
import type { AdminAlerts } from '../services/ports/alerts.js';
import type { DraftStore, OutboxJob } from '../services/ports/drafts.js';
import type { Metrics } from '../services/ports/metrics.js';
import type { ChannelSender, Delivery, DigestDue, GivenUpDelivery } from '../services/ports/notifications.js';
import { createDeliveryDispatch } from '../services/delivery-dispatch.js';
import { RedisDeliveryMarks } from '../adapters/redis/redis-delivery-marks.js';
import { RedisDigestWindows } from '../adapters/redis/redis-digest-windows.js';
import type { PublishService } from '../services/publish-service.js';
import type { SharedRecovery } from '../services/ports/publishing.js';
import { issueReviewLink, type ReviewLinkDeps } from '../services/review-link-service.js';
import { notificationSenders } from './platforms.js';
import { orgPath } from '../pages/admin-layout.js';
import { RedisPeopleStore } from '../adapters/redis/redis-people-store.js';
import { RedisDelegationStore } from '../adapters/redis/redis-delegation-store.js';
import { RedisOrgDirectoryCache } from '../adapters/redis/redis-org-directory-cache.js';
import type { RedisVersionArchive } from '../adapters/redis/redis-version-archive.js';
import { createDelegationService } from '../services/delegation-service.js';
import type { DelegationStore } from '../services/ports/delegations.js';
import type { ServicesConfig } from './services.js';

export type LinkKeys = Pick<ReviewLinkDeps, 'key' | 'ttlMs' | 'publicUrl' | 'now' | 'newNonce'>;

/** What signs review links (notifications issue them; the link service opens them). */
export function linkKeysOf(secretKey: Buffer, config: ServicesConfig, now: Clock): LinkKeys {
  return {
    key: derivedKey(secretKey, 'review links'),
    ttlMs: config.notifications.reviewLinkTtlMs,
    publicUrl: config.publicUrl,
    now,
    newNonce: () => randomBytes(12).toString('base64url'),
  };
}

/** Sends in flight at once per fan-out (a job's ~26 deliveries go out in a few rounds, not all at once). */
const FAN_OUT_CONCURRENCY = 8;

/** The desk's logins, the notification queues and the notifier (it needs nothing of the review service). */
export function notificationsOn(
  client: RedisClient,
  keys: RedisKeys,
  config: ServicesConfig,
  deps: {
    secretKey: Buffer;
    /** BullMQ opens connections of its own from the URL. */
    redisUrl: string;
    drafts: DraftStore;
    people: PeopleService;
    linkKeys: LinkKeys;
    /** What the channel senders need (a 服务号's credentials and token). */
    accounts: AccountService;
    tokens: WechatTokenCache;
    alerts: AdminAlerts;
    metrics: Metrics;
    now: Clock;
  },
) {
  const { people, now } = deps;
  const senders = notificationSenders(config.notifications, config.publishing, deps);
  const desk = deskLoginsOn(client, keys, config, { secretKey: deps.secretKey, people, now });
  const queueOptions = {
    redisUrl: deps.redisUrl,
    redisPrefix: config.redisPrefix,
    logger: config.logger ?? stderrLogger(),
  };
  const deliveries = new BullmqDeliveryQueue(queueOptions);
  const timers = new BullmqReviewTimers(queueOptions);
  const channels = new RedisChannelStore(client, new SecretBox(deps.secretKey), keys);
  const orgs = new RedisPeopleStore(client, keys);
  const directory = cachedDirectoryOn(client, keys, { orgs, people, now });
  const dispatch = createDeliveryDispatch({
    marks: new RedisDeliveryMarks(client, keys),
    senders,
    retries: deliveries,
    givenUp: deliveryGivenUp(deps),
    metrics: deps.metrics,
    concurrency: FAN_OUT_CONCURRENCY,
  });
  const notifier = createNotificationService({
    drafts: deps.drafts,
    leadersByStandIn: directory.leadersByStandIn,
    people: directory.people,
    channels,
    deliveries: dispatch,
    timers,
    linkFor: (person, record) =>
      issueReviewLink(deps.linkKeys, person, { record, version: record.review.version }).url,
    deskLinkFor: (person) => `${config.publicUrl()}${desk.loginPath(person)}`,
    alertsLinkFor: (org) => orgPath({ base: config.publicUrl() }, org, '/alerts'),
    digests: new RedisDigestWindows(client, keys),
    digestWindowMs: config.notifications.digestWindowMs,
    now,
    orgName: async (slug) => (await orgs.getOrg(slug))?.name,
  });
  const reminders = createReviewReminderPatrol({
    orgs,
    marks: new RedisReminderMarks(client, keys),
    drafts: deps.drafts,
    notifier,
    reminderDelays: config.notifications.reminderDelaysMs,
    now,
  });
  return { desk, deliveries, timers, channels, notifier, reminders, senders };
}

/** A delivery given up (failed for good, or after its last attempt): the person's organisation's admins are told. */
function deliveryGivenUp(deps: {
  people: Pick<PeopleService, 'getPerson'>;
  alerts: AdminAlerts;
  now: Clock;
}): (delivery: GivenUpDelivery, error: unknown) => Promise<void> {
  return async (delivery, error) => {
    const message = PUBLISHING_TEXT.notificationFailed(delivery.channel, delivery.person, String(error));
    const org = (await deps.people.getPerson(delivery.person))?.org;
    if (org)
      await deps.alerts.raise({ org, kind: 'notification_failed', message, at: deps.now().toISOString() });
  };
}

/**
 * The organisation's people and delegations as the fan-out reads them for every job: cached in process, read
 * again as soon as either changes (RedisOrgDirectoryCache).
 */
function cachedDirectoryOn(
  client: RedisClient,
  keys: RedisKeys,
  deps: { orgs: RedisPeopleStore; people: PeopleService; now: Clock },
) {
  const store = new RedisDelegationStore(client, keys);
  const cache = new RedisOrgDirectoryCache(client, keys, { people: deps.orgs, delegations: store });
  const people = {
    listPeople: async (org: string) => {
      const found = await cache.listPeople(org);
      return found ? { ok: true as const, value: found } : { ok: false as const };
    },
    getPerson: (id: string) => deps.people.getPerson(id),
  };
  const cached: DelegationStore = {
    add: (delegation) => store.add(delegation),
    end: (org, id, at) => store.end(org, id, at),
    list: (org) => cache.listDelegations(org),
  };
  const delegations = createDelegationService({ store: cached, people, now: deps.now, newId: randomUUID });
  return { people, leadersByStandIn: (org: string) => delegations.leadersByStandIn(org) };
}

/** A queue: closed gracefully, or disconnected at once when Redis does not answer. */
interface Closable {
  close(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * How long workers and queues may take to close. BullMQ's close waits for Redis (and for running jobs), so with
 * Redis down or hung it would never end; after this it disconnects, and a job cut short runs again later.
 */
const QUEUE_CLOSE_GRACE_MS = 3_000;

/** True when `work` settled within `ms` (a rejection is thrown); false when it was still running. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starting this process's workers (publishing, notifications, releasing scheduled publications, the bypass scan)
 * and closing everything.
 */
export function workersOn(
  config: ServicesConfig,
  deps: {
    queues: { redisUrl: string; redisPrefix: string; closing: readonly Closable[] };
    publish: PublishService;
    /** One crash recovery for processes starting together, instead of one each. */
    recovery: SharedRecovery;
    notifier: Pick<NotificationService, 'outgoing' | 'fanOut' | 'sendDigest'>;
    /** Sends the reminders and escalations come due, every config.notifications.reminderCheckMs. */
    reminders: Pick<ReviewReminderPatrol, 'run'>;
    /** The channel senders (the same the fan-out uses). */
    senders: readonly ChannelSender[];
    /** The notification outbox: read on a connection of its own (`connect`). */
    outbox: { keys: RedisKeys; connect: () => RedisClient };
    bypass: Pick<BypassDetection, 'scan'>;
    refusalSummaries: Pick<RefusalSummaries, 'summariseEnded'>;
    /** Archives version bodies of drafts published longer ago than config.publishing.archiveVersionsAfterMs. */
    versionArchive?: Pick<RedisVersionArchive, 'archiveDue'>;
    /** The monitor's scheduled cadence check (config.monitor.cadenceCheckMs). */
    monitor?: { check(): Promise<unknown> };
    /** The scheduled patrol of published articles (config.monitor.patrol.everyMs). */
    patrol?: { runAll(): Promise<unknown> };
    /**
     * The register's six-month check of approved openings and its follower counts, run with the cadence check
     * (issue 13 point 1).
     */
    register?: { checkAll(): Promise<unknown>; readFollowers(): Promise<unknown> };
    accounts: AccountService;
    people: PeopleService;
    alerts: AdminAlerts;
    tokens: WechatTokenCache;
    metrics: Metrics;
    now: Clock;
  },
): { startWorker(): Promise<Worker>; close(): Promise<void> } {
  const { publishing } = config;
  const { redisUrl, redisPrefix } = deps.queues;
  const queueOptions = {
    redisUrl,
    redisPrefix,
    logger: config.logger ?? stderrLogger(),
    metrics: deps.metrics,
  };
  const workers: Worker[] = [];
  const repeating: RepeatingJob[] = [];
  const drains: { close(): Promise<void> }[] = [];
  const onGivenUp = deliveryGivenUp(deps);
  let closed = false;
  return {
    async startWorker() {
      const recover = () => deps.recovery.cover(() => deps.publish.recover());
      await coveredOrWaiting(deps, queueOptions.logger, () => closed);
      const worker = startPublishWorker(deps.publish, { ...queueOptions, ...publishing });
      const { senders } = deps;
      const outgoing = (delivery: Delivery) => deps.notifier.outgoing(delivery);
      const sendDigest = (due: DigestDue) => deps.notifier.sendDigest(due);
      const notifying = { ...queueOptions, senders, outgoing, sendDigest, onGivenUp };
      workers.push(worker, ...startNotificationWorkers(notifying));
      const { keys, connect } = deps.outbox;
      const drainOptions = {
        connection: connect(),
        keys,
        logger: queueOptions.logger,
        givenUp: (job: OutboxJob, attempts: number, error: unknown) =>
          outboxJobGivenUp(deps, job, attempts, error),
      };
      if (parseRedisAddress(redisUrl).kind !== 'single')
        recoverAfterReconnect(drainOptions.connection, recover, queueOptions.logger);
      drains.push(drainNotificationOutbox((job, round) => deps.notifier.fanOut(job, round), drainOptions));
      const remindEveryMs = config.notifications.reminderCheckMs;
      if (remindEveryMs !== undefined) {
        const options = { ...queueOptions, everyMs: remindEveryMs, run: () => deps.reminders.run() };
        repeating.push(await startRepeatingJob(REVIEW_REMINDERS, options));
      }
      const releaseEveryMs = publishing.scheduleCheckMs;
      if (releaseEveryMs !== undefined) {
        const release = () => deps.publish.releaseDue();
        const options = { ...queueOptions, everyMs: releaseEveryMs, run: release };
        repeating.push(await startRepeatingJob(SCHEDULED_RELEASE, options));
      }
      const everyMs = config.gateway.bypassScanMs;
      if (everyMs !== undefined) {
        const scan = () => deps.bypass.scan();
        repeating.push(await startRepeatingJob(BYPASS_SCAN, { ...queueOptions, everyMs, run: scan }));
      }
      const summaryEveryMs = config.gateway.refusalSummaryMs;
      if (summaryEveryMs !== undefined) {
        const summarise = () => deps.refusalSummaries.summariseEnded();
        const options = { ...queueOptions, everyMs: summaryEveryMs, run: summarise };
        repeating.push(await startRepeatingJob(GATEWAY_REFUSAL_SUMMARY, options));
      }
      const cadenceEveryMs = config.monitor?.cadenceCheckMs;
      if (deps.monitor && cadenceEveryMs !== undefined) {
        const { monitor, register } = deps;
        const run = () => Promise.all([monitor.check(), register?.checkAll(), register?.readFollowers()]);
        const options = { ...queueOptions, everyMs: cadenceEveryMs, run };
        repeating.push(await startRepeatingJob(CADENCE_CHECK, options));
      }
      const patrolEveryMs = config.monitor?.patrol?.everyMs;
      if (deps.patrol && patrolEveryMs !== undefined) {
        const { patrol } = deps;
        const options = { ...queueOptions, everyMs: patrolEveryMs, run: () => patrol.runAll() };
        repeating.push(await startRepeatingJob(PATROL, options));
      }
      const archiveAfterMs = publishing.archiveVersionsAfterMs;
      if (deps.versionArchive && archiveAfterMs !== undefined) {
        const { versionArchive } = deps;
        const run = async () => void (await versionArchive.archiveDue(deps.now(), archiveAfterMs));
        repeating.push(
          await startRepeatingJob(VERSION_ARCHIVE, { ...queueOptions, everyMs: 3_600_000, run }),
        );
      }
      return worker;
    },
    async close() {
      closed = true;
      const graceful = (async () => {
        await Promise.all([...drains, ...workers, ...repeating].map((running) => running.close()));
        await Promise.all(deps.queues.closing.map((queue) => queue.close()));
      })();
      if (await settlesWithin(graceful, QUEUE_CLOSE_GRACE_MS)) return;
      queueOptions.logger.warn('queues did not close in time (Redis down or hung); disconnecting them', {
        graceMs: QUEUE_CLOSE_GRACE_MS,
      });
      const everything = [...workers, ...repeating, ...deps.queues.closing];
      // A connection still waiting for a hung Redis's handshake never finishes disconnecting: not waited for.
      await settlesWithin(
        Promise.all(everything.map((running) => running.disconnect())),
        QUEUE_CLOSE_GRACE_MS,
      );
    },
  };
}

/**
 * A notification job that failed its last attempt: the organisation's administrators are told (kept and shown
 * only: a notification_failed alert is not pushed, see isPushedToAdmins).
 */
export async function outboxJobGivenUp(
  deps: { alerts: AdminAlerts; now: Clock },
  job: OutboxJob,
  attempts: number,
  error: unknown,
): Promise<void> {
  const at = deps.now().toISOString();
  const reason = String(error);
  if ('alert' in job) {
    const message = PUBLISHING_TEXT.alertNotificationGivenUp(job.alert.message, attempts, reason);
    await deps.alerts.raise({ org: job.alert.org, kind: 'notification_failed', message, at });
    return;
  }
  const { record } = job;
  const message = PUBLISHING_TEXT.notificationJobGivenUp(record.title, attempts, reason);
  await deps.alerts.raise({
    org: record.review.org,
    kind: 'notification_failed',
    message,
    draft: record.id,
    at,
  });
}

const RECOVERY_RETRY_MS = 1_000;

/**
 * This start's crash recovery, before its worker takes jobs, unless another process's recovery is running: then
 * the start does not wait for it (nor for the one of its own that may have to follow, when the running one began
 * before this start). The worker runs at once, and the start is covered in the background, retried until it is:
 * no approved draft is left unqueued, and the second of two processes started together no longer starts only once
 * the first has recovered and it has recovered again.
 */
function coveredOrWaiting(
  deps: { recovery: SharedRecovery; publish: Pick<PublishService, 'recover'> },
  logger: Logger,
  closed: () => boolean,
  inBackground = false,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const waiting = () => {
      inBackground = true;
      resolve();
    };
    deps.recovery
      .cover(() => deps.publish.recover(), waiting)
      .then(
        () => resolve(),
        (error: Error) => {
          if (!inBackground) return reject(error);
          if (closed()) return;
          logger.warn('publish recovery failed; retrying', { error: String(error) });
          const retry = () => void coveredOrWaiting(deps, logger, closed, true);
          setTimeout(retry, RECOVERY_RETRY_MS).unref();
        },
      );
  });
}

/** How often a Cluster connection reads the slot map, to see a failover of a master it does not talk to. */
const SLOT_MAP_CHECK_MS = 2_000;

/**
 * After a failover the publish jobs written just before may be gone with the old primary (Sentinel) or with the
 * master holding BullMQ's slot (Cluster): approved drafts are recovered again, as at a worker's start (idempotent:
 * a job's id derives from draft, version and target). Retried until it succeeds (the new primary may wait for
 * its replica), and run once more when another failover comes while it runs.
 */
function recoverAfterReconnect(
  connection: RedisClient,
  recover: () => Promise<unknown>,
  logger: Logger,
): void {
  let running = false;
  let again = false;
  const attempt = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void recover().then(
      () => {
        running = false;
        if (!again) return;
        again = false;
        attempt();
      },
      (error: unknown) => {
        running = false;
        logger.warn('publish recovery after reconnect failed; retrying', { error: String(error) });
        if (connection.status === 'ready') setTimeout(attempt, RECOVERY_RETRY_MS).unref();
      },
    );
  };
  let connectedBefore = false;
  connection.on('ready', () => {
    if (connectedBefore) attempt();
    connectedBefore = true;
  });
  if (connection instanceof Cluster) onMasterLost(connection, attempt);
}

/**
 * A Cluster client stays connected through one master's failover (ioredis keeps a connection per node), so
 * `ready` does not come again: the sign is a master's connection ending (the node died, or a slot map no longer
 * names it). The slot map is read every SLOT_MAP_CHECK_MS so that a master this connection never talks to (the
 * one holding BullMQ's slot, say) is seen to go too.
 */
function onMasterLost(cluster: Cluster, then: () => void): void {
  cluster.on('-node', (node: Redis) => {
    if (!node.options.readOnly && cluster.status === 'ready') then();
  });
  const check = setInterval(() => cluster.refreshSlotsCache(), SLOT_MAP_CHECK_MS).unref();
  cluster.once('end', () => clearInterval(check));
}
