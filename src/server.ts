import cluster from 'node:cluster';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { RedisClient } from './adapters/redis/redis-client.js';
import { connectRedis, pingRedis, redactUrl } from './adapters/redis/redis-connection.js';
import { acquireEmbeddedRedis } from './adapters/redis/shared-embedded-redis.js';
import type { RedisRestart } from './adapters/redis/redis-supervisor.js';
import { createServices, loadReviewData, secretKeyOf, type Services } from './composition.js';
import type { Config } from './config/config-schema.js';
import { appServer } from './http/app-server.js';
import { createApp } from './http/create-app.js';
import type { ErrorLogger, Logger } from './services/ports/logger.js';
import { loggerFrom, stderrLogger } from './adapters/logging/pino-logger.js';
import { auditFirstStart } from './services/audit-service.js';
import { imageHostsWith } from './pages/image-hosts.js';
import { firstAdminLoginPathOn } from './composition/login.js';

export interface Output {
  write(text: string): unknown;
}

export interface OpenRedis {
  client: RedisClient;
  /** Where it is, password included: for the queue's own connections. Never print it. */
  url: string;
  /** Where Redis is, for people: the redacted URL, or the embedded data directory. */
  description: string;
  close(): Promise<void>;
  /** Who hears that the embedded Redis this process supervises died and runs again (never for REDIS_URL). */
  onRestarted(listener: (restart: RedisRestart) => void): void;
}

/** Connects to REDIS_URL, or to the data directory's embedded redis-server (started if nobody runs it yet). */
export async function openRedis(config: Config): Promise<OpenRedis> {
  if (config.redisUrl !== undefined) {
    const client = await connectRedis(config.redisUrl);
    return {
      client,
      url: config.redisUrl,
      description: redactUrl(config.redisUrl),
      close: () => quit(client),
      onRestarted: () => undefined, // an external Redis is its operator's to supervise
    };
  }
  const lease = await acquireEmbeddedRedis({ dataDir: config.dataDir });
  try {
    const client = await connectRedis(lease.url);
    const description = `内置 redis-server ${redactUrl(lease.url)}，数据目录 ${config.dataDir}/redis`;
    const close = () => quit(client).finally(() => lease.release());
    // Listeners hear of a restart once this client is connected again, so they can write to Redis at once.
    // A service process of `qianfa serve --processes` borrows the Redis its primary supervises: told by message.
    const heard = (listener: (restart: RedisRestart) => void) =>
      lease.owned ? lease.onRestarted(listener) : onRestartedMessage(listener);
    const onRestarted = (listener: (restart: RedisRestart) => void) =>
      heard((restart) => void readyAgain(client).then(() => listener(restart)));
    return { client, url: lease.url, description, close, onRestarted };
  } catch (error) {
    await lease.release();
    throw error;
  }
}

/** The message one service process gets when the embedded Redis it borrows was restarted: it raises the alert. */
export const REDIS_RESTARTED = 'qianfa:redis-restarted';

export interface RedisRestartedMessage {
  type: typeof REDIS_RESTARTED;
  restart: RedisRestart;
}

/** In a service process of the cluster, the primary's word that the embedded Redis was restarted. */
function onRestartedMessage(listener: (restart: RedisRestart) => void): void {
  if (!cluster.isWorker) return;
  process.on('message', (message: Partial<RedisRestartedMessage>) => {
    if (message.type === REDIS_RESTARTED && message.restart) listener(message.restart);
  });
}

/** Resolves once the client is connected (ioredis reconnects by itself, with backoff). */
function readyAgain(client: RedisClient): Promise<void> {
  return client.status === 'ready' ? Promise.resolve() : once(client, 'ready').then(() => undefined);
}

async function quit(client: RedisClient): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

export interface RunningServer {
  url: string;
  /** Stops accepting requests, lets running ones finish, then closes Redis (and the embedded server). */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/** The service put together but not listening: what `qianfa serve` and createGate both run. */
export interface AssembledService {
  app: Express;
  services: Services;
  /** Set when this start created the first admin (an empty store): their token, shown once. */
  firstAdminToken: string | undefined;
  /** A fresh login path for the first admin while they have no password (firstAdminLoginPathOn). */
  adminLoginPath(): Promise<string | undefined>;
  /** Redis, for people: the redacted URL or the embedded data directory. */
  redisDescription: string;
  /** Stops the workers and queues, then closes Redis (and the embedded server) and the check pool. */
  close(): Promise<void>;
}

/**
 * Redis (external or embedded), the services, the first admin on an empty store, the workers when configured,
 * and the app. `publicUrl` is where people reach it (links in messages); a function, since with PORT=0 it is
 * known only once the server listens. Requests are logged to `requestLogger` when given (a host application
 * embedding qianfa logs its own requests).
 */
export async function assembleService(
  config: Config,
  publicUrl: () => string,
  given?: ErrorLogger,
  requestLogger?: Logger,
): Promise<AssembledService> {
  const logger = given ? loggerFrom(given) : stderrLogger();
  const secretKey = await secretKeyOf(config);
  const data = await loadReviewData(config, config.checking);
  const closeChecker = () => data.checker.close();
  const redis = await openRedis(config).catch(async (error: unknown) => {
    await closeChecker();
    throw error;
  });
  let services: Services | undefined;
  try {
    services = await createServices(redis, { ...config, publicUrl, logger }, data, secretKey);
    const { people, audit, storageAlerts } = services;
    redis.onRestarted(
      (restart) =>
        void storageAlerts.restarted(restart).catch((error: unknown) => {
          logger.error('storage alert not raised', { error: String(error) });
        }),
    );
    const firstAdmin = await people.bootstrap();
    if (firstAdmin) await auditFirstStart(audit, firstAdmin);
    if (config.publishing.worker) await services.startWorker();
    const app = createApp({
      ...services,
      pages: { ...services, publicUrl, imageHosts: imageHostsWith(config.imageHosts) },
      ping: () => pingRedis(redis.client),
      logger,
      ...(requestLogger ? { requestLogger } : {}),
      metricsToken: config.security.metricsToken,
    });
    // Behind a reverse proxy, the client's address (for the limits on failed authentication) is in its headers.
    if (config.security.trustProxy !== undefined) app.set('trust proxy', config.security.trustProxy);
    const opened = services;
    return {
      app,
      services,
      firstAdminToken: firstAdmin?.token,
      adminLoginPath: () => firstAdminLoginPathOn(redis.client, config),
      redisDescription: redis.description,
      close: () =>
        opened
          .close()
          .finally(() => redis.close())
          .finally(closeChecker),
    };
  } catch (error) {
    await services?.close();
    await redis.close();
    await closeChecker();
    throw error;
  }
}

/** What a mode of `qianfa serve` adds around the service (the sandbox: its page, its marks, its demo). */
export interface StartHooks {
  /** The app that listens, around the service's own. */
  wrap?(app: Express): Express;
  /** Runs once listening; what it returns is printed after the start lines. */
  started?(url: string, assembled: AssembledService): Promise<string>;
}

/** Starts Redis (when embedded), the store, the services and HTTP; `config` is already loaded. */
export async function startServer(
  config: Config,
  out: Output = process.stdout,
  hooks: StartHooks = {},
): Promise<RunningServer> {
  let listening = `http://${config.host}:${config.port}`;
  const assembled = await assembleService(
    config,
    () => config.notifications.publicUrl ?? listening,
    undefined,
    stderrLogger(),
  );
  try {
    const server = appServer(hooks.wrap?.(assembled.app) ?? assembled.app).listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, config)));
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    listening = url;
    // One write, so a reader that sees the address also sees the first-start lines.
    const started = startedText(url, assembled.redisDescription);
    const token = assembled.firstAdminToken;
    const login = adminLoginText(config.notifications.publicUrl ?? url, await assembled.adminLoginPath());
    const extra = (await hooks.started?.(url, assembled)) ?? '';
    out.write(started + (token ? firstStartText(url, token) : '') + login + extra);
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
      await assembled.close();
    };
    return { url, close };
  } catch (error) {
    await assembled.close();
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

/** The line that says where qianfa listens (tests and scripts look for it). */
export function startedText(url: string, redisDescription: string): string {
  return `qianfa 已启动：${url}（Redis：${redisDescription}）\n`;
}

export function firstStartText(url: string, token: string): string {
  return [
    '首次启动：已创建单位 default（默认单位）和管理员 admin。',
    `管理员令牌（只显示这一次，请妥善保存）：${token}`,
    `登录方式：在请求头加上 Authorization: Bearer ${token}，例如`,
    `  curl -H 'Authorization: Bearer ${token}' ${url}/api/orgs/default/people`,
    '令牌遗失时可运行：qianfa user token --org default --name admin',
    '',
  ].join('\n');
}

/** The first admin's login link, when there is one to print (see firstAdminLoginPathOn). */
export function adminLoginText(publicUrl: string, path: string | undefined): string {
  if (path === undefined) return '';
  return `管理员登录链接（在浏览器中打开；仅可使用一次，7 天内有效，每次启动重新生成，设置密码后不再显示）：${publicUrl}${path}\n`;
}

/**
 * Resolves after SIGINT or SIGTERM has stopped what `starting` starts (HTTP first, then Redis). The signals are
 * taken from the start, so one that arrives while the service is still starting stops it once it has started,
 * instead of killing the process and orphaning the embedded redis-server; further signals are ignored.
 */
export async function closeOnSignal(
  starting: Promise<Pick<RunningServer, 'close'>>,
  out: Output = process.stdout,
): Promise<void> {
  let signalled: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => (signalled = resolve));
  const onSignal = (signal: NodeJS.Signals): void => signalled(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const running = await starting;
    out.write(`收到 ${await received}，正在停止 qianfa…\n`);
    await running.close();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
