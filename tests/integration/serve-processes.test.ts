import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { getPriority } from 'node:os';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { leaseFile } from '../../src/adapters/redis/shared-embedded-redis.js';
import { WORKERS_NICENESS } from '../../src/server-processes.js';
import {
  isAlive,
  leasedRedisPid,
  serve,
  stopServedAfterEachTest,
  type Served,
  tempDataDir,
} from '../helpers/spawn-serve.js';
import { until } from '../helpers/until.js';

stopServedAfterEachTest();

/** The pids of the service processes that logged a request for `path`, from the shared stderr's JSON lines. */
function answeredBy(output: string, path: string): Set<number> {
  const pids = new Set<number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; pid?: number; path?: string; route?: string };
    if (entry.msg === 'request' && (entry.path ?? entry.route) === path && entry.pid) pids.add(entry.pid);
  }
  return pids;
}

/**
 * A GET on a connection of its own (the cluster hands out connections, not requests): its status, or undefined
 * when the connection failed or went unanswered (handed to a process just killed).
 */
function freshGet(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** The pid of the process that logged `message` for outbox job `job`, from the shared stderr's JSON lines. */
function loggedBy(output: string, message: string, job: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; pid?: number; job?: string };
    if (entry.msg === message && entry.job === job) return entry.pid;
  }
  return undefined;
}

/**
 * Puts an unreadable job into the notification outbox and answers the pid of the process that drained it: the
 * drain dead-letters such a job at once and logs it.
 */
async function drainedBy(served: Served, dataDir: string): Promise<number> {
  const { url } = JSON.parse(readFileSync(leaseFile(dataDir), 'utf8')) as { url: string };
  const redis = new Redis(url);
  try {
    const job = await redis.xadd(new RedisKeys().notificationOutbox('default'), '*', 'unreadable', 'job');
    const drained = () => loggedBy(served.output(), 'notification job unreadable; dead-lettered', job!);
    return await until('the outbox job drained', drained, 60_000);
  } finally {
    redis.disconnect();
  }
}

describe('qianfa serve --processes (issue 17, point 2)', () => {
  it('runs the workers in a process of their own, at a lower priority, and restarts it when it dies', async () => {
    const dataDir = tempDataDir();
    const served = await serve(dataDir, { QIANFA_PROCESSES: '2' });
    expect(served.output()).toContain('2 个服务进程和 1 个后台进程');
    const httpPids = await until('both HTTP processes answering', async () => {
      await freshGet(`${served.url}/healthz`);
      const seen = answeredBy(served.output(), '/healthz');
      return seen.size === 2 && seen;
    });
    const workersPid = await drainedBy(served, dataDir);
    expect(httpPids.has(workersPid)).toBe(false);
    expect(getPriority(workersPid)).toBe(getPriority() + WORKERS_NICENESS);
    for (const pid of httpPids) expect(getPriority(pid)).toBe(getPriority());

    process.kill(workersPid, 'SIGKILL');
    // The job waits in the outbox until the worker process has been started again.
    const restarted = await drainedBy(served, dataDir);
    expect(restarted).not.toBe(workersPid);
    expect(served.output()).toContain(`后台进程 ${workersPid} 已退出（SIGKILL）`);
    expect(httpPids.has(restarted)).toBe(false);
    expect(getPriority(restarted)).toBe(getPriority() + WORKERS_NICENESS);

    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    for (const pid of [...httpPids, restarted]) expect(isAlive(pid)).toBe(false);
  }, 240_000);

  it('serves from two processes on one port, restarts one that dies, and stops them all and Redis', async () => {
    const dataDir = tempDataDir();
    const served = await serve(dataDir, { QIANFA_PROCESSES: '2' });
    expect(served.output()).toContain('2 个服务进程');
    expect(served.output().match(/管理员令牌/g)).toHaveLength(1); // the first admin, created once
    expect(served.output().match(/管理员登录链接.*\/d\/login\//g)).toHaveLength(1); // printed by the primary
    const redisPid = leasedRedisPid(dataDir);

    const pids = await until('both processes answering', async () => {
      await freshGet(`${served.url}/healthz`);
      const seen = answeredBy(served.output(), '/healthz');
      return seen.size === 2 && seen;
    });
    const [victim] = pids;
    process.kill(victim!, 'SIGKILL');
    await until(
      'the killed process replaced',
      async () => {
        // Some connections may fail until the primary has seen the death: a real client retries too.
        await freshGet(`${served.url}/readyz`);
        const seen = answeredBy(served.output(), '/readyz');
        return [...seen].some((pid) => !pids.has(pid)) && seen;
      },
      120_000,
    );
    expect(served.output()).toContain(`服务进程 ${victim} 已退出（SIGKILL）`);

    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    expect(served.output()).toContain('qianfa 已停止');
    const everyProcess = [...pids, ...answeredBy(served.output(), '/readyz')];
    for (const pid of [...everyProcess, redisPid]) expect(isAlive(pid)).toBe(false);
  }, 240_000); // three service processes start on what may be a small, loaded machine

  it('refuses a process count that is not a whole number from 1 to 256', async () => {
    const dataDir = tempDataDir();
    await expect(serve(dataDir, { QIANFA_PROCESSES: '0' })).rejects.toThrow(/QIANFA_PROCESSES/);
  }, 120_000);
});
