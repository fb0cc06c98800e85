import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  isAlive,
  leasedRedisPid,
  serve,
  stopServedAfterEachTest,
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

describe('qianfa serve --processes (issue 17, point 2)', () => {
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
