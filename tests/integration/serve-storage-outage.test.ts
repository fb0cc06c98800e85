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

const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };

/** JSON over real HTTP to a spawned service; a request the service never answers shows as status 0. */
function api(url: string, token: string) {
  return async (method: string, path: string, body?: object) => {
    try {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    } catch (error) {
      return { status: 0, body: { error: String(error) } };
    }
  };
}

describe('qianfa serve when its embedded Redis dies (issue 14, point 4)', () => {
  it('answers 503 (never 500) under load, restarts Redis, recovers /readyz and alerts the admins', async () => {
    const dataDir = tempDataDir();
    const served = await serve(dataDir, { QIANFA_WORKER: 'off' });
    const admin = api(served.url, /(qf_[\w-]{43})/.exec(served.output())![1]!);
    expect((await admin('POST', '/api/orgs', { slug: 'cc', name: '崇川区' })).status).toBe(201);
    const token = (await admin('POST', '/api/orgs/cc/people', { name: '张三', roles: ['drafter'] })).body
      .token as string;
    const drafter = api(served.url, token);
    const kept = (await drafter('POST', '/api/drafts', DRAFT)).body.id as string;

    const firstPid = leasedRedisPid(dataDir);
    const load = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0 ? drafter('POST', '/api/drafts', DRAFT) : drafter('GET', `/api/drafts/${kept}`),
    );
    process.kill(firstPid, 'SIGKILL');
    const statuses = (await Promise.all(load)).map((answer) => answer.status);
    const outage = await drafter('GET', `/api/drafts/${kept}`);
    const unexpected = statuses.filter((status) => ![200, 201, 503].includes(status));
    const errors = served
      .output()
      .split('\n')
      .filter((line) => line.includes('unhandled error'));
    expect(unexpected, `statuses: ${statuses.join(',')}; ${errors.join('\n')}`).toEqual([]);
    if (outage.status === 503) {
      expect(outage.body).toMatchObject({ error: { code: 'storage_unavailable' } });
    }

    // Supervised: a new redis-server on the same port and files, with every acknowledged write.
    await until(
      'Redis restarted',
      () => leasedRedisPid(dataDir) !== firstPid && isAlive(leasedRedisPid(dataDir)),
    );
    await until('/readyz to recover', async () => (await fetch(`${served.url}/readyz`)).status === 200);
    expect((await drafter('GET', `/api/drafts/${kept}`)).status).toBe(200);
    const alerts = await until('the alert', async () => {
      const listed = (await admin('GET', '/api/alerts?org=cc')).body.alerts as { kind: string }[] | undefined;
      return listed?.find((alert) => alert.kind === 'storage_restarted');
    });
    expect(alerts).toBeTruthy();
    expect(served.output()).not.toContain('unhandled error');
  });

  it('finishes SIGTERM while Redis hangs (stopped), and stops its redis-server', async () => {
    const dataDir = tempDataDir();
    const served = await serve(dataDir, { QIANFA_WORKER: 'on' });
    const pid = leasedRedisPid(dataDir);
    process.kill(pid, 'SIGSTOP'); // alive but answering nothing: no restart, every command waits
    served.child.kill('SIGTERM');
    // A deadline for the report only: the promise is 10 s of draining and a few seconds to close the queues.
    const stillRunning = new Promise((resolve) => setTimeout(() => resolve('still running'), 40_000).unref());
    expect(await Promise.race([served.exited, stillRunning]), served.output()).toBe(0);
    await until('redis-server stopped', () => !isAlive(pid));
  });
});
