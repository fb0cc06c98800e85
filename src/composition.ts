import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { SecretBox } from './adapters/crypto/secret-box.js';
import { loadWorkflows } from './adapters/files/read-workflows.js';
import { readOrCreateSecretKey } from './adapters/files/secret-key-file.js';
import { WechatClient } from './adapters/platforms/wechat/wechat-client.js';
import { readDefaultCover, WechatPublisher } from './adapters/platforms/wechat/wechat-publisher.js';
import { WechatTokenCache } from './adapters/platforms/wechat/wechat-token-cache.js';
import { WeiboClient } from './adapters/platforms/weibo/weibo-client.js';
import { WeiboPublisher } from './adapters/platforms/weibo/weibo-publisher.js';
import { BullmqPublishQueue } from './adapters/queue/bullmq-publish-queue.js';
import { startPublishWorker } from './adapters/queue/publish-worker.js';
import { AuditChainWriter } from './adapters/redis/audit-chain-writer.js';
import { RedisAccountStore } from './adapters/redis/redis-account-store.js';
import { RedisAdminAlerts } from './adapters/redis/redis-admin-alerts.js';
import { RedisAuditLog } from './adapters/redis/redis-audit-log.js';
import { RedisDraftStore } from './adapters/redis/redis-draft-store.js';
import { RedisKeys } from './adapters/redis/redis-keys.js';
import { RedisPeopleStore } from './adapters/redis/redis-people-store.js';
import { RedisPublicationStore } from './adapters/redis/redis-publication-store.js';
import type { Config } from './config/config-schema.js';
import { createChecker } from './create-checker.js';
import { parseTarget } from './domain/accounts.js';
import type { Checker } from './domain/checks/build-checker.js';
import type { WorkflowDefinition } from './domain/workflow/workflow-definition.js';
import { createAccountService, type AccountService } from './services/account-service.js';
import { createPeopleService, type PeopleService } from './services/people-service.js';
import type { AdminAlerts, AuditLog } from './services/ports.js';
import { createPublishService, type PublishService } from './services/publish-service.js';
import { createReviewService, type ReviewService } from './services/review-service.js';

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

/** What the review service needs from the data folders, read and validated once at start-up. */
export interface ReviewData {
  checker: Checker;
  workflowFor: (org: string) => WorkflowDefinition;
}

/** Reads word lists and workflows; throws WordlistError or WorkflowsError listing every problem. */
export async function loadReviewData(
  config: Pick<Config, 'wordlistsDir' | 'workflowsDir'>,
): Promise<ReviewData> {
  const [checker, workflowFor] = await Promise.all([
    createChecker({ wordlistsDir: config.wordlistsDir }),
    loadWorkflows(config.workflowsDir),
  ]);
  return { checker, workflowFor };
}

/** Draft ids: 12 URL-safe characters (72 random bits), short enough to read out over the phone. */
export function newDraftId(): string {
  return randomBytes(9).toString('base64url');
}

export interface Services {
  people: PeopleService;
  audit: AuditLog;
  review: ReviewService;
  accounts: AccountService;
  publish: PublishService;
  alerts: AdminAlerts;
  queue: BullmqPublishQueue;
  /** Starts a publish worker in this process (after re-adding any job a crash may have lost). */
  startWorker(): Promise<Worker>;
  /** Closes the queue's own connections (not `client`, which the caller owns). */
  close(): Promise<void>;
}

export type ServicesConfig = Pick<Config, 'redisPrefix' | 'publishing'>;

/**
 * Builds every service on one Redis client (and, for the queue, its URL). One audit chain writer is shared, so
 * this process's appends to an organisation's chain queue behind each other instead of racing.
 */
export async function createServices(
  redis: { client: Redis; url: string },
  config: ServicesConfig,
  data: ReviewData,
  secretKey: Buffer,
): Promise<Services> {
  const { client } = redis;
  const { publishing } = config;
  const keys = new RedisKeys(config.redisPrefix);
  const writer = new AuditChainWriter(client, keys);
  const audit = new RedisAuditLog(client, keys, writer);
  const drafts = new RedisDraftStore(client, keys, writer);
  const accounts = createAccountServiceOn(client, config, secretKey);
  const alerts = new RedisAdminAlerts(client, keys);
  const queue = new BullmqPublishQueue({
    redisUrl: redis.url,
    redisPrefix: config.redisPrefix,
    attempts: publishing.attempts,
  });
  const now = () => new Date();
  const publish = createPublishService({
    drafts,
    publications: new RedisPublicationStore(client, keys, writer),
    accounts,
    publishers: await createPublishers(client, keys, publishing),
    queue,
    alerts,
    now,
  });
  const review = createReviewService({
    drafts,
    audit,
    ...data,
    now,
    newId: newDraftId,
    followUp: (effects) => publish.onReviewEffects(effects),
    targetExists: (org, target) => {
      const parsed = parseTarget(target);
      return parsed ? accounts.exists(org, parsed.platform, parsed.name) : Promise.resolve(false);
    },
  });
  const workers: Worker[] = [];
  return {
    people: createPeopleServiceOn(client, config),
    audit,
    review,
    accounts,
    publish,
    alerts,
    queue,
    async startWorker() {
      await publish.recover();
      const worker = startPublishWorker(publish, {
        redisUrl: redis.url,
        redisPrefix: config.redisPrefix,
        ...publishing,
      });
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.close();
    },
  };
}

async function createPublishers(client: Redis, keys: RedisKeys, publishing: Config['publishing']) {
  const timeoutMs = publishing.platformTimeoutMs;
  const wechat = new WechatClient({ baseUrl: publishing.wechatApiBase, timeoutMs });
  const weibo = new WeiboClient({ baseUrl: publishing.weiboApiBase, timeoutMs });
  return [
    new WechatPublisher({
      client: wechat,
      tokens: new WechatTokenCache(client, keys, wechat),
      cover: await readDefaultCover(),
      timeoutMs,
      confirmAfterMs: publishing.confirmMs,
      pollDelaysMs: [200, 400, 800, 1600],
    }),
    new WeiboPublisher({ client: weibo, rip: publishing.weiboRip, confirmAfterMs: publishing.confirmMs }),
  ];
}
