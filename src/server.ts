import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { SecretBox } from './adapters/crypto/secret-box.js';
import { loadWorkflows } from './adapters/files/read-workflows.js';
import { readOrCreateSecretKey } from './adapters/files/secret-key-file.js';
import { RedisAccountStore } from './adapters/redis/redis-account-store.js';
import { AuditChainWriter } from './adapters/redis/audit-chain-writer.js';
import { acquireEmbeddedRedis } from './adapters/redis/shared-embedded-redis.js';
import { connectRedis, pingRedis, redactUrl } from './adapters/redis/redis-connection.js';
import { RedisAuditLog } from './adapters/redis/redis-audit-log.js';
import { RedisDraftStore } from './adapters/redis/redis-draft-store.js';
import { auditFirstStart } from './services/audit-service.js';
import { RedisKeys } from './adapters/redis/redis-keys.js';
import { RedisPeopleStore } from './adapters/redis/redis-people-store.js';
import type { Config } from './config/config-schema.js';
import { createChecker } from './create-checker.js';
import type { Checker } from './domain/checks/build-checker.js';
import type { WorkflowDefinition } from './domain/workflow/workflow-definition.js';
import { createApp } from './http/create-app.js';
import { createAccountService, type AccountService } from './services/account-service.js';
import { createPeopleService, type PeopleService } from './services/people-service.js';
import type { AuditLog } from './services/ports.js';
import { createReviewService, type ReviewService } from './services/review-service.js';

export interface Output {
  write(text: string): unknown;
}

export interface OpenRedis {
  client: Redis;
  /** Where Redis is, for people: the redacted URL, or the embedded data directory. */
  description: string;
  close(): Promise<void>;
}

/** Connects to REDIS_URL, or to the data directory's embedded redis-server (started if nobody runs it yet). */
export async function openRedis(config: Config): Promise<OpenRedis> {
  if (config.redisUrl !== undefined) {
    const client = await connectRedis(config.redisUrl);
    return { client, description: redactUrl(config.redisUrl), close: () => quit(client) };
  }
  const lease = await acquireEmbeddedRedis({ dataDir: config.dataDir });
  try {
    const client = await connectRedis(lease.url);
    const description = `内置 redis-server ${redactUrl(lease.url)}，数据目录 ${config.dataDir}/redis`;
    return { client, description, close: () => quit(client).finally(() => lease.release()) };
  } catch (error) {
    await lease.release();
    throw error;
  }
}

async function quit(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/** The composition root of the people part: the one place that builds the store. */
export function createPeopleServiceOn(client: Redis, config: Pick<Config, 'redisPrefix'>): PeopleService {
  return createPeopleService(new RedisPeopleStore(client, new RedisKeys(config.redisPrefix)));
}

/** The one place that builds the audit log on a Redis client. */
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

/**
 * The one place that builds the audit log and the review service on a Redis client. Both share one chain
 * writer, so this process's appends to an organisation's chain queue behind each other instead of racing.
 */
export function createServicesOn(
  client: Redis,
  config: Pick<Config, 'redisPrefix'>,
  data: ReviewData,
): { audit: AuditLog; review: ReviewService } {
  const keys = new RedisKeys(config.redisPrefix);
  const writer = new AuditChainWriter(client, keys);
  const audit = new RedisAuditLog(client, keys, writer);
  const drafts = new RedisDraftStore(client, keys, writer);
  const review = createReviewService({
    drafts,
    audit,
    ...data,
    now: () => new Date(),
    newId: newDraftId,
  });
  return { audit, review };
}

export interface RunningServer {
  url: string;
  /** Stops accepting requests, lets running ones finish, then closes Redis (and the embedded server). */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/** Starts Redis (when embedded), the store, the services and HTTP; `config` is already loaded. */
export async function startServer(config: Config, out: Output = process.stdout): Promise<RunningServer> {
  const [data, secretKey] = await Promise.all([loadReviewData(config), secretKeyOf(config)]);
  const redis = await openRedis(config);
  try {
    const people = createPeopleServiceOn(redis.client, config);
    const { audit, review } = createServicesOn(redis.client, config, data);
    const accounts = createAccountServiceOn(redis.client, config, secretKey);
    const firstAdmin = await people.bootstrap();
    if (firstAdmin) await auditFirstStart(audit, firstAdmin);
    const app = createApp({ people, audit, review, accounts, ping: () => pingRedis(redis.client) });
    const server = app.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, config)));
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    // One write, so a reader that sees the address also sees the first-start lines.
    const started = `qianfa 已启动：${url}（Redis：${redis.description}）\n`;
    out.write(firstAdmin ? started + firstStartText(url, firstAdmin.token) : started);
    const close = async (): Promise<void> => {
      await new Promise<void>((resolve) => {
        // Running requests get a grace period; then their connections are cut so shutdown always ends.
        const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      await redis.close();
    };
    return { url, close };
  } catch (error) {
    await redis.close();
    throw error;
  }
}

/** Raised when the HTTP port cannot be bound; the message says which setting to change. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

function listenError(error: NodeJS.ErrnoException, config: Config): Error {
  const where = `${config.host}:${config.port}`;
  if (error.code === 'EADDRINUSE') {
    return new ListenError(`端口 ${where} 已被占用：请停止占用该端口的程序，或设置 PORT 为其他端口。`, {
      cause: error,
    });
  }
  if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') {
    return new ListenError(`无法监听 ${where}（${error.code}）：请检查 HOST 和 PORT 的设置。`, {
      cause: error,
    });
  }
  return error;
}

function firstStartText(url: string, token: string): string {
  return [
    '首次启动：已创建单位 default（默认单位）和管理员 admin。',
    `管理员令牌（只显示这一次，请妥善保存）：${token}`,
    `登录方式：在请求头加上 Authorization: Bearer ${token}，例如`,
    `  curl -H 'Authorization: Bearer ${token}' ${url}/api/orgs/default/people`,
    '令牌遗失时可运行：qianfa user token --org default --name admin',
    '',
  ].join('\n');
}

/**
 * Resolves after SIGINT or SIGTERM has stopped the server (HTTP first, then Redis). Further signals during the
 * shutdown are ignored rather than killing the process, which would orphan the embedded redis-server.
 */
export function closeOnSignal(running: RunningServer, out: Output = process.stdout): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      out.write(`收到 ${signal}，正在停止 qianfa…\n`);
      void running
        .close()
        .then(resolve, reject)
        .finally(() => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
