import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  answersPing,
  RedisServerMissingError,
  startEmbeddedRedis,
} from '../../src/adapters/redis/embedded-redis.js';
import { leaseFile } from '../../src/adapters/redis/shared-embedded-redis.js';
import {
  isAlive,
  leasedRedisPid,
  serve,
  serveEnv,
  type Served,
  stopServedAfterEachTest,
  tempDataDir,
} from '../helpers/spawn-serve.js';
import { spawnQianfa } from '../helpers/run-qianfa.js';

stopServedAfterEachTest();

const adminList = (url: string, token: string) =>
  fetch(`${url}/api/orgs/default/people`, { headers: { Authorization: `Bearer ${token}` } });

/** The admin's login link the start printed: it opens a desk session (issue 12: `npm start` prints a login URL). */
async function expectAdminLoginLink(served: Served): Promise<string> {
  const link = /管理员登录链接[^：]*：(http\S+\/d\/login\/\S+)/.exec(served.output())?.[1];
  expect(link).toBeDefined();
  const opened = await request(link!).get('');
  expect([opened.status, opened.headers.location]).toEqual([303, '/d/queue']);
  const cookie = opened.headers['set-cookie']?.[0]?.split(';')[0];
  const sessions = await request(served.url).get('/d/sessions').set('Cookie', cookie!);
  expect([sessions.status, sessions.text]).toEqual([200, expect.stringContaining('admin')]);
  return link!;
}

describe('qianfa serve', () => {
  it('starts its own redis-server, answers health checks, prints the admin login (a fresh link at each start), and stops both on SIGTERM', async () => {
    const dataDir = tempDataDir();
    const served = await serve(dataDir);
    const token = /令牌（只显示这一次，请妥善保存）：(qf_[\w-]{43})/.exec(served.output())?.[1];
    expect(token).toBeDefined();
    const redisPid = leasedRedisPid(dataDir);
    expect(isAlive(redisPid)).toBe(true);
    // The embedded Redis wants a password, kept in a file only the owner can read.
    const lease = new URL((JSON.parse(readFileSync(leaseFile(dataDir), 'utf8')) as { url: string }).url);
    expect(statSync(leaseFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(await answersPing(Number(lease.port))).toBe(false);
    expect(await answersPing(Number(lease.port), lease.password)).toBe(true);
    expect(served.output()).not.toContain(lease.password);

    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${served.url}/readyz`)).status).toBe(200);
    expect((await adminList(served.url, token!)).status).toBe(200);
    const firstLink = await expectAdminLoginLink(served);
    expect((await request(firstLink).get('')).status).toBe(401); // single-use

    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    expect(isAlive(redisPid)).toBe(false);
    expect(existsSync(leaseFile(dataDir))).toBe(false);
    expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

    // A second start finds the data on disk: no new admin, and the first token still works.
    const again = await serve(dataDir);
    expect(again.output()).not.toContain('首次启动');
    expect((await adminList(again.url, token!)).status).toBe(200);
    expect(await expectAdminLoginLink(again)).not.toBe(firstLink); // a fresh one at each start
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 120_000); // two starts: slow on a loaded machine

  it('after a SIGKILL, the next start stops the orphaned redis-server and keeps acknowledged data', async () => {
    const dataDir = tempDataDir();
    const first = await serve(dataDir);
    const token = /(qf_[\w-]{43})/.exec(first.output())![1]!;
    const orphan = leasedRedisPid(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(orphan)).toBe(true);

    const second = await serve(dataDir);
    expect(isAlive(orphan)).toBe(false);
    expect((await adminList(second.url, token)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('keeps an acknowledged write when both the service and its redis-server are SIGKILLed', async () => {
    const dataDir = tempDataDir();
    const first = await serve(dataDir);
    const token = /(qf_[\w-]{43})/.exec(first.output())![1]!;
    const created = await fetch(`${first.url}/api/orgs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ slug: 'city', name: '市政府' }),
    });
    expect(created.status).toBe(201);
    const redisPid = leasedRedisPid(dataDir);
    first.child.kill('SIGKILL');
    process.kill(redisPid, 'SIGKILL');
    await first.exited;

    const second = await serve(dataDir);
    expect(second.output()).not.toContain('首次启动');
    const res = await fetch(`${second.url}/api/orgs/city/people`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect([res.status, await res.json()]).toEqual([200, { people: [] }]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('records the first start (organisation and administrator) in the audit trail', async () => {
    const dataDir = tempDataDir();
    const served = await serve(dataDir);
    const token = /(qf_[\w-]{43})/.exec(served.output())![1]!;
    const res = await fetch(`${served.url}/api/audit?org=default`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as {
      entries: Array<{ action: string; actor: string; details: { subject: string } }>;
    };
    expect(page.entries.map((entry) => [entry.action, entry.details.subject])).toEqual([
      ['created', 'org'],
      ['created', 'person'],
    ]);
    expect(new Set(page.entries.map((entry) => entry.actor)).size).toBe(1);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });

  it('lets a CLI command use the running server’s Redis instead of starting another', async () => {
    const dataDir = tempDataDir();
    const served = await serve(dataDir);
    const token = /(qf_[\w-]{43})/.exec(served.output())![1]!;
    const cli = spawnQianfa(['org', 'add', 'city', '--name', '市政府'], serveEnv(dataDir));
    expect(await new Promise((resolve) => cli.once('exit', resolve))).toBe(0);
    const res = await fetch(`${served.url}/api/orgs/city/people`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect([res.status, await res.json()]).toEqual([200, { people: [] }]);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });

  it('exits 3 with one line when the port is taken, and stops the redis-server it started', async () => {
    const dataDir = tempDataDir();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const child = spawnQianfa(['serve'], serveEnv(dataDir, { PORT: String(port) }));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(3);
    blocker.close();
    expect(stderr).toBe(
      `qianfa: 端口 127.0.0.1:${port} 已被占用：请停止占用该端口的程序，或设置 PORT 为其他端口。\n`,
    );
    expect(existsSync(leaseFile(dataDir))).toBe(false);
  });

  it('says what to install when redis-server is missing', async () => {
    const dataDir = tempDataDir();
    await expect(startEmbeddedRedis({ dataDir, command: 'qianfa-no-such-redis-server' })).rejects.toThrow(
      RedisServerMissingError,
    );
    const child = spawnQianfa(['serve'], serveEnv(dataDir, { PATH: '/nonexistent' }));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(3);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('找不到 redis-server');
    expect(stderr).toContain('sudo apt-get install redis-server');
  });
});
