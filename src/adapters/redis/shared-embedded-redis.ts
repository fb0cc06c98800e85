import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { answersPing, embeddedRedisDir, EmbeddedRedisError } from './embedded-redis.js';
import { superviseEmbeddedRedis, type RedisRestart } from './redis-supervisor.js';

/** Access to the data directory's embedded Redis, started by this process or borrowed from another. */
export interface EmbeddedRedisLease {
  url: string;
  /** True when this process started Redis and will stop it on release. */
  owned: boolean;
  /** Stops Redis if this process owns it; otherwise leaves it to its owner. */
  release(): Promise<void>;
  /**
   * Registers who hears that the Redis this process owns died and runs again (supervised); a borrowed Redis is
   * its owner's to supervise, so nothing is ever called then.
   */
  onRestarted(listener: (restart: RedisRestart) => void): void;
}

interface LeaseState {
  ownerPid: number;
  url?: string;
  port?: number;
  pid?: number;
}

const ACQUIRE_TIMEOUT_MS = 20_000;

/** `<dataDir>/redis/embedded.json`: who runs the embedded Redis of this data directory, and where. */
export const leaseFile = (dataDir: string): string => join(embeddedRedisDir(dataDir), 'embedded.json');

/**
 * One redis-server per data directory. The first process creates `embedded.json` exclusively, starts Redis and
 * records its URL there; later processes (a CLI command while `qianfa serve` runs) borrow it. A file left by a
 * dead owner is cleared, and the orphaned redis-server it names is stopped before a fresh one starts.
 */
export async function acquireEmbeddedRedis(options: {
  dataDir: string;
  command?: string;
}): Promise<EmbeddedRedisLease> {
  const file = leaseFile(options.dataDir);
  const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
  await mkdir(embeddedRedisDir(options.dataDir), { recursive: true, mode: 0o700 });
  while (Date.now() < deadline) {
    if (await claim(file)) return startOwned(file, options);
    const state = await readState(file);
    if (state === undefined) {
      await sleep(50); // being written or just removed
      continue;
    }
    // Our own pid in the file is a leftover from an earlier life of a recycled pid (container restart).
    const ownerAlive = isAlive(state.ownerPid) && state.ownerPid !== process.pid;
    if (ownerAlive && state.port === undefined) {
      await sleep(50); // the owner is still starting Redis
      continue;
    }
    if (ownerAlive && state.url !== undefined && (await answersPing(state.port!, passwordOf(state)))) {
      return { url: state.url, owned: false, release: () => Promise.resolve(), onRestarted: () => undefined };
    }
    await clearStale(file, state);
  }
  throw new EmbeddedRedisError(`等待内置 Redis 超时：请检查 ${file} 记录的进程是否仍在运行。`);
}

async function claim(file: string): Promise<boolean> {
  try {
    // 0600: the file will hold the Redis password.
    await writeFile(file, JSON.stringify({ ownerPid: process.pid }), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function startOwned(file: string, options: { dataDir: string; command?: string }) {
  try {
    const listeners: ((restart: RedisRestart) => void)[] = [];
    const redis = await superviseEmbeddedRedis({
      ...options,
      password: randomBytes(24).toString('hex'),
      // The lease names the redis-server running now, so another process never mistakes it for an orphan.
      onRestarted: (restart) =>
        void rewriteLease(file, { ...state, pid: restart.pid })
          .catch(() => undefined) // the listeners still hear of it; the next restart rewrites the lease
          .then(() => listeners.forEach((listener) => listener(restart))),
    });
    const port = Number(new URL(redis.url).port);
    const state: LeaseState = { ownerPid: process.pid, url: redis.url, port, pid: redis.pid() };
    await rewriteLease(file, state);
    const release = async (): Promise<void> => {
      await redis.stop();
      await rm(file, { force: true });
    };
    const onRestarted = (listener: (restart: RedisRestart) => void) => void listeners.push(listener);
    return { url: redis.url, owned: true, release, onRestarted } satisfies EmbeddedRedisLease;
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

/**
 * Records in `dataDir` that this process runs `redis` (a test run's own Redis, started with startEmbeddedRedis), so
 * that, should this process die without stopping it, stopOrphanedRedis finds and stops it.
 */
export async function recordLease(dataDir: string, redis: { url: string; pid: number }): Promise<void> {
  const port = Number(new URL(redis.url).port);
  await rewriteLease(leaseFile(dataDir), { ownerPid: process.pid, url: redis.url, port, pid: redis.pid });
}

/** Stops the redis-server a dead owner left running for `dataDir` (its lease names it), and clears the lease. */
export async function stopOrphanedRedis(dataDir: string): Promise<void> {
  const file = leaseFile(dataDir);
  const state = await readState(file);
  if (state && !isAlive(state.ownerPid)) await clearStale(file, state);
}

/** Replaces the lease in one step, so a reader never sees it half written: written aside, then renamed over. */
async function rewriteLease(file: string, state: LeaseState): Promise<void> {
  const aside = `${file}.${process.pid}.tmp`;
  await writeFile(aside, JSON.stringify(state), { mode: 0o600 });
  await rename(aside, file);
}

async function readState(file: string): Promise<LeaseState | undefined> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as LeaseState;
    return typeof state.ownerPid === 'number' ? state : undefined;
  } catch {
    return undefined;
  }
}

async function clearStale(file: string, state: LeaseState): Promise<void> {
  // Only a pid whose recorded port still answers PING is our orphan; after a reboot or container restart the
  // same pid may belong to an unrelated process.
  const orphanAnswers = state.port !== undefined && (await answersPing(state.port, passwordOf(state)));
  if (state.pid !== undefined && orphanAnswers && isAlive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    // Bounded: without a reaping init, a dead orphan can linger as a zombie that still "exists".
    const deadline = Date.now() + 10_000;
    while (isAlive(state.pid) && Date.now() < deadline) await sleep(50);
  }
  await rm(file, { force: true });
}

function passwordOf(state: LeaseState): string | undefined {
  return state.url === undefined ? undefined : new URL(state.url).password || undefined;
}

/** Whether process `pid` runs (one of another user's counts: it is there, only not ours to signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
