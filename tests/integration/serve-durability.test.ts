import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  leasedRedisPid,
  serve,
  serveEnv,
  stopServedAfterEachTest,
  tempDataDir,
} from '../helpers/spawn-serve.js';
import { spawnQianfa } from '../helpers/run-qianfa.js';

stopServedAfterEachTest();

/** JSON over real HTTP to a spawned service. */
function api(url: string, token: string) {
  return async (method: string, path: string, body?: object) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

function runCli(args: string[], dataDir: string): Promise<{ code: number | null; out: string }> {
  const cli = spawnQianfa(args, serveEnv(dataDir));
  let out = '';
  cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  cli.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve) => cli.once('exit', (code) => resolve({ code, out })));
}

describe('qianfa serve, durability of decisions', () => {
  it('keeps an acknowledged approval and a verifiable chain after SIGKILL of the service and Redis', async () => {
    const dataDir = tempDataDir();
    const first = await serve(dataDir);
    const admin = api(first.url, /(qf_[\w-]{43})/.exec(first.output())![1]!);
    expect((await admin('POST', '/api/orgs', { slug: 'cc', name: '崇川区' })).status).toBe(201);
    const tokenOf = async (name: string, roles: string[]) =>
      (await admin('POST', '/api/orgs/cc/people', { name, roles })).body.token as string;
    const drafter = api(first.url, await tokenOf('张三', ['drafter']));
    // Tokens are stored hashed and survive the crash: the same plain token works after the restart.
    const reviewerToken = await tokenOf('李四', ['reviewer']);
    const reviewer = api(first.url, reviewerToken);
    const submitted = await drafter('POST', '/api/drafts', {
      title: '亲子阅读活动通知',
      body: '本周六举办亲子阅读活动，欢迎参加。',
      kind: 'original',
    });
    const id = submitted.body.id as string;
    const approved = await reviewer('POST', `/api/drafts/${id}/approve`, { version: 1 });
    expect(approved.status).toBe(200);

    const redisPid = leasedRedisPid(dataDir);
    first.child.kill('SIGKILL');
    process.kill(redisPid, 'SIGKILL');
    await first.exited;

    const second = await serve(dataDir);
    const read = await api(second.url, reviewerToken)('GET', `/api/drafts/${id}`);
    expect(read.status).toBe(200);
    const stages = read.body.stages as { id: string; status: string; decided_by: { name: string } | null }[];
    expect(stages.map((stage) => [stage.id, stage.status, stage.decided_by?.name ?? null])).toEqual([
      ['review', 'approved', '李四'],
      ['sign', 'waiting', null],
    ]);
    const verified = await runCli(['audit', 'verify', '--org', 'cc'], dataDir);
    expect(verified.code, verified.out).toBe(0);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('refuses to start on an invalid workflow and lists every problem with its path (exit 3)', async () => {
    const dataDir = tempDataDir();
    const workflows = join(dataDir, 'workflows');
    mkdirSync(workflows);
    writeFileSync(
      join(workflows, 'default.yaml'),
      'chains:\n  general:\n    - { id: review, role: boss, label: 审核 }\ntails:\n  original: "{nobody}"\n',
    );
    const child = spawnQianfa(['serve'], serveEnv(dataDir, { QIANFA_WORKFLOWS_DIR: workflows }));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(3);
    expect(stderr).toContain('工作流有误，服务未启动');
    expect(stderr).toContain('default.yaml#chains.general[0].role');
    expect(stderr).toContain('default.yaml#chains.important');
    expect(stderr).toContain('default.yaml#tails.original');
  });
});
