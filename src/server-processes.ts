import cluster, { type Worker } from 'node:cluster';
import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { getPriority, setPriority } from 'node:os';
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
 * REDIS_URL is not set) and the first admin, then forks `count` HTTP processes that share the port through
 * Node's cluster module (connections handed out in turn) and borrow the same Redis, and, when configured, one
 * worker process that runs the publish and notification workers at a lower CPU priority: a submission's
 * fan-out then never holds up the requests' event loops, and takes the CPU they leave (see WORKERS_NICENESS).
 * A process that dies is started again, with backoff. SIGTERM stops them all, then Redis.
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
    const workers = config.publishing.worker ? '和 1 个后台进程（发布与通知）' : '';
    const started = startedText(url, `${redis}；${count} 个服务进程${workers}`);
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

/** What a forked process runs: HTTP, or the workers. */
export type ProcessRole = 'http' | 'workers';
/** A forked process asks the primary for its role; the answer has the same type and the role. */
const ROLE = 'qianfa:role';
/** The worker process's word to the primary that its workers run. */
const WORKERS_STARTED = 'qianfa:workers-started';

/**
 * In a process forked by startProcesses, what the primary forked it for. Asked (rather than told at the fork),
 * so the answer cannot arrive before anyone listens.
 */
export function roleFromPrimary(): Promise<ProcessRole> {
  return new Promise((resolve) => {
    const heard = (message: { type?: string; role?: ProcessRole }) => {
      if (message.type !== ROLE || message.role === undefined) return;
      process.off('message', heard);
      resolve(message.role);
    };
    process.on('message', heard);
    process.send?.({ type: ROLE });
  });
}

/**
 * How much lower the worker process's priority is than the service's own (nice, added). The fan-out costs about
 * as much CPU as the request path: at the same priority a burst of it delays the requests queued behind it on a
 * busy machine; lower, it runs when HTTP leaves a core idle, and a backlog waits in the outbox (a stream: nothing
 * is lost, it drains when the burst ends). Measured in the commit that introduced it.
 */
export const WORKERS_NICENESS = 10;

/**
 * Lowers this process's CPU priority by `by` (from what it was started with), every thread of it: on Linux a nice
 * value belongs to a thread, and the threads already running (V8's, libuv's) would otherwise keep theirs. Threads
 * started later inherit it.
 */
export function lowerPriority(by = WORKERS_NICENESS): void {
  const niceness = Math.min(getPriority() + by, 19);
  let threads: number[] = [];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: the process's priority is what there is to set.
  }
  for (const thread of threads.length > 0 ? threads : [0]) {
    try {
      setPriority(thread, niceness);
    } catch {
      // A thread that has just ended; or lowering is refused, and the process simply runs at the normal priority.
    }
  }
}

/** Tells the primary that this worker process's workers run (startProcesses waits for it). */
export function reportWorkersStarted(): void {
  process.send?.({ type: WORKERS_STARTED });
}

interface Processes {
  /** The port, once every HTTP process listens and the worker process runs. */
  listening: Promise<number>;
  tellOne(message: RedisRestartedMessage): void;
  stop(): Promise<void>;
}

function superviseProcesses(config: Config, count: number): Processes {
  // Each HTTP process gets its share of the check threads, so together they use the machine's cores once.
  const threads = Math.max(1, Math.floor(config.checking.threads / count));
  const withWorkers = config.publishing.worker;
  const http = { QIANFA_CHECK_THREADS: String(threads), ...(withWorkers ? { QIANFA_WORKER: 'off' } : {}) };
  // The worker process checks nothing on its own behalf: one thread is enough for what its services load.
  const workers = { QIANFA_CHECK_THREADS: '1' };
  let stopping = false;
  let delayMs = RESTART_DELAY_MS.first;
  const started = new Map<Worker, { at: number; env: Record<string, string> }>();
  const fork = (env: Record<string, string>) => started.set(cluster.fork(env), { at: Date.now(), env });
  const roleOf = (worker: Worker): ProcessRole => (started.get(worker)?.env === workers ? 'workers' : 'http');
  const listening = new Promise<number>((resolve, reject) => {
    let ready = 0;
    let port: number | undefined;
    const expected = count + (withWorkers ? 1 : 0);
    const oneReady = () => (ready += 1) === expected && resolve(port!);
    cluster.on('listening', (_worker, address: AddressInfo | { port: number }) => {
      port = address.port;
      oneReady();
    });
    cluster.on('message', (worker, message: { type?: string }) => {
      if (message.type === ROLE) worker.send({ type: ROLE, role: roleOf(worker) });
      if (message.type === WORKERS_STARTED) oneReady();
    });
    cluster.on('exit', (worker, code, signal) => {
      const which = roleOf(worker) === 'workers' ? '后台进程' : '服务进程';
      const { at, env } = started.get(worker) ?? { at: Date.now(), env: http };
      started.delete(worker);
      if (stopping) return;
      const how = signal ?? `退出码 ${code}`;
      if (ready < expected) return reject(new Error(`服务进程启动失败（${how}），详见上方输出。`));
      if (Date.now() - at > STABLE_AFTER_MS) delayMs = RESTART_DELAY_MS.first;
      const pid = worker.process.pid ?? '?';
      process.stderr.write(`qianfa ${which} ${pid} 已退出（${how}），${delayMs / 1000} 秒后重启。\n`);
      setTimeout(() => stopping || fork(env), delayMs).unref();
      delayMs = Math.min(delayMs * 2, RESTART_DELAY_MS.max);
    });
  });
  for (let i = 0; i < count; i++) fork(http);
  if (withWorkers) fork(workers);
  return {
    listening,
    tellOne(message) {
      // An HTTP process raises the storage alert (the worker process's services raise none).
      const [first] = [...started.keys()].filter((worker) => roleOf(worker) === 'http');
      first?.send(message);
    },
    async stop() {
      stopping = true;
      const running = [...started.keys()];
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
