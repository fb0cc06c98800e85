import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { connectRedis, redactUrl } from './adapters/redis/redis-connection.js';
import { acquireEmbeddedRedis, type EmbeddedRedisLease } from './adapters/redis/shared-embedded-redis.js';
import { createAuditLogOn, createPeopleServiceOn } from './composition.js';
import type { Config } from './config/config-schema.js';
import { auditFirstStart } from './services/audit-service.js';
import { firstAdminLoginPathOn } from './composition/login.js';
import {
  adminLoginText,
  firstStartText,
  REDIS_RESTARTED,
  startedText,
  type Output,
  type RedisRestartedMessage,
  type RunningServer,
} from './server.js';

/**
 * `qianfa serve` in several processes (issue 17, point 2): this primary process starts the embedded Redis (when
 * REDIS_URL is not set) and the first admin, then forks `count` service processes that share the port through
 * Node's cluster module (connections handed out in turn) and borrow the same Redis; each runs HTTP and, when
 * configured, the publish and notification workers (BullMQ hands each job to one of them). A process that dies
 * is started again, with backoff. SIGTERM stops them all, then Redis.
 */
export async function startProcesses(config: Config, count: number, out: Output): Promise<RunningServer> {
  const lease =
    config.redisUrl === undefined ? await acquireEmbeddedRedis({ dataDir: config.dataDir }) : undefined;
  try {
    const first = await bootstrapOnce(config, lease);
    const processes = superviseProcesses(config, count);
    lease?.onRestarted((restart) => processes.tellOne({ type: REDIS_RESTARTED, restart }));
    const port = await processes.listening.catch(async (error: unknown) => {
      await processes.stop();
      throw error;
    });
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    const redis = lease
      ? `内置 redis-server ${redactUrl(lease.url)}，数据目录 ${config.dataDir}/redis`
      : redactUrl(config.redisUrl!);
    const started = startedText(url, `${redis}；${count} 个服务进程`);
    const login = adminLoginText(config.notifications.publicUrl ?? url, first.loginPath);
    out.write(started + (first.token ? firstStartText(url, first.token) : '') + login);
    return {
      url,
      close: async () => {
        await processes.stop();
        await lease?.release();
      },
    };
  } catch (error) {
    await lease?.release();
    throw error;
  }
}

/**
 * Creates the first admin on an empty store here, once, rather than racing in every process; their token when
 * just created, and their login link while they have no password.
 */
async function bootstrapOnce(
  config: Config,
  lease: EmbeddedRedisLease | undefined,
): Promise<{ token: string | undefined; loginPath: string | undefined }> {
  const client = await connectRedis(lease?.url ?? config.redisUrl!);
  try {
    const admin = await createPeopleServiceOn(client, config).bootstrap();
    if (admin) await auditFirstStart(createAuditLogOn(client, config), admin);
    return { token: admin?.token, loginPath: await firstAdminLoginPathOn(client, config) };
  } finally {
    await client.quit();
  }
}

/** A service process that lived this long had started fine: the next restart waits the shortest time again. */
const STABLE_AFTER_MS = 60_000;
const RESTART_DELAY_MS = { first: 1_000, max: 30_000 };
/** Beyond the service's own drain time, how long a process may take to stop before it is killed. */
const STOP_GRACE_MS = 15_000;

interface Processes {
  /** The port, once every process listens. */
  listening: Promise<number>;
  tellOne(message: RedisRestartedMessage): void;
  stop(): Promise<void>;
}

function superviseProcesses(config: Config, count: number): Processes {
  // Each process gets its share of the check threads, so together they use the machine's cores once.
  const threads = Math.max(1, Math.floor(config.checking.threads / count));
  const env = { QIANFA_CHECK_THREADS: String(threads) };
  let stopping = false;
  let delayMs = RESTART_DELAY_MS.first;
  const startedAt = new Map<Worker, number>();
  const fork = () => startedAt.set(cluster.fork(env), Date.now());
  const listening = new Promise<number>((resolve, reject) => {
    let ready = 0;
    cluster.on('listening', (_worker, address: AddressInfo | { port: number }) => {
      ready += 1;
      if (ready === count) resolve(address.port);
    });
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (startedAt.get(worker) ?? Date.now());
      startedAt.delete(worker);
      if (stopping) return;
      const how = signal ?? `退出码 ${code}`;
      if (ready < count) return reject(new Error(`服务进程启动失败（${how}），详见上方输出。`));
      if (lived > STABLE_AFTER_MS) delayMs = RESTART_DELAY_MS.first;
      const pid = worker.process.pid ?? '?';
      process.stderr.write(`qianfa 服务进程 ${pid} 已退出（${how}），${delayMs / 1000} 秒后重启。\n`);
      setTimeout(() => stopping || fork(), delayMs).unref();
      delayMs = Math.min(delayMs * 2, RESTART_DELAY_MS.max);
    });
  });
  for (let i = 0; i < count; i++) fork();
  return {
    listening,
    tellOne(message) {
      const [first] = startedAt.keys();
      first?.send(message);
    },
    async stop() {
      stopping = true;
      const running = [...startedAt.keys()];
      await Promise.all(running.map((worker) => stopped(worker)));
    },
  };
}

/** Sends SIGTERM and resolves when the process has exited, killing it if it takes too long. */
function stopped(worker: Worker): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}
