import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { createGate, GateOptionsError, type Gate, type GateOptions } from 'qianfa';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { configSchema } from '../../src/config/config-schema.js';
import { GATE_OPTION_KEYS, gateConfigOf } from '../../src/embed/gate-options.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { isAlive, ROOT } from '../helpers/spawn-serve.js';
import { until } from '../helpers/until.js';

const PUBLIC_URL = 'https://www.example.gov.cn/qianfa';
const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };

const redisUrl = inject('redisUrl');
let keys: ReturnType<typeof randomKeys>;
let dataDir: string;
let hostRedis: RedisClient;
const gates: Gate[] = [];

beforeEach(async () => {
  keys = randomKeys();
  dataDir = await mkdtemp(join(tmpdir(), 'qianfa-gate-'));
  hostRedis = await connectRedis(redisUrl);
});

afterEach(async () => {
  for (const gate of gates.splice(0)) await gate.close();
  await deleteKeys(hostRedis, keys);
  await hostRedis.quit();
  await rm(dataDir, { recursive: true, force: true });
});

/** The README's example ("Embedding in an Express application"), on this run's Redis and a fresh prefix. */
async function embed(extra: Partial<GateOptions> = {}): Promise<{ app: Express; gate: Gate }> {
  const app = express();
  app.use(express.json());
  app.get('/', (_req, res) => {
    res.send('本单位门户');
  });

  const gate = await createGate({
    publicUrl: 'https://www.example.gov.cn/qianfa', // where people reach the gate: links start with it
    redisUrl, // absent: an embedded redis-server under dataDir/redis
    redisPrefix: keys.prefix,
    dataDir, // secret.key (back it up with Redis), the embedded Redis
    ...extra,
  });
  gates.push(gate);
  app.use('/qianfa', gate); // /qianfa/api/…, /qianfa/m/review/…, /qianfa/healthz
  return { app, gate };
}

const bearer = (token: string) => `Bearer ${token}`;

async function addPerson(app: Express, adminToken: string, name: string, roles: string[]): Promise<string> {
  const added = await request(app)
    .post('/qianfa/api/orgs/default/people')
    .set('Authorization', bearer(adminToken))
    .send({ name, roles });
  expect(added.status).toBe(201);
  return (added.body as { token: string }).token;
}

/** A loopback webhook receiver keeping each body. */
async function startReceiver(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

describe('createGate mounted in a host Express application', () => {
  it('serves health, the admin API and drafts under the mount path, beside the host’s own routes', async () => {
    const { app, gate } = await embed({ worker: false });
    expect((await request(app).get('/')).text).toBe('本单位门户');
    expect((await request(app).get('/qianfa/healthz')).status).toBe(200);
    expect((await request(app).get('/qianfa/readyz')).body).toEqual({ status: 'ready' });
    expect((await request(app).get('/qianfa/api/openapi.json')).status).toBe(200);

    const adminToken = gate.firstAdminToken!;
    expect(adminToken).toMatch(/^qf_[\w-]{43}$/);
    const people = await request(app)
      .get('/qianfa/api/orgs/default/people')
      .set('Authorization', bearer(adminToken));
    expect(people.status).toBe(200);
    expect((people.body as { people: { name: string }[] }).people.map((p) => p.name)).toEqual(['admin']);
    expect((await request(app).get('/qianfa/api/orgs/default/people')).status).toBe(401);

    const drafter = await addPerson(app, adminToken, '张三', ['drafter']);
    const submitted = await request(app)
      .post('/qianfa/api/drafts')
      .set('Authorization', bearer(drafter))
      .send(DRAFT);
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'in_review', grade: 'general', version: 1 });
    // The services are the host's too: what it adds in code, the API sees.
    const added = await gate.services.people.addPerson({ org: 'default', name: '李四', roles: ['reviewer'] });
    expect(added.ok).toBe(true);
    const listed = await request(app)
      .get('/qianfa/api/orgs/default/people')
      .set('Authorization', bearer(adminToken));
    expect((listed.body as { people: unknown[] }).people).toHaveLength(3);
  });

  it('puts the public URL, mount path included, into review links and desk login links', async () => {
    const hook = await startReceiver();
    try {
      // The loopback receiver is reachable only because it is allowed explicitly (the egress policy).
      const { app, gate } = await embed({ webhookAllowHosts: '127.0.0.1' });
      const adminToken = gate.firstAdminToken!;
      const drafter = await addPerson(app, adminToken, '张三', ['drafter']);
      const reviewer = await addPerson(app, adminToken, '李四', ['reviewer']);
      const channels = await request(app)
        .put('/qianfa/api/me/channels')
        .set('Authorization', bearer(reviewer))
        .send({ webhook: { url: hook.url, secret: 'webhook-secret-0123456789' } });
      expect(channels.status).toBe(200);
      await request(app).post('/qianfa/api/drafts').set('Authorization', bearer(drafter)).send(DRAFT);

      const delivered = await until('the webhook', () => hook.bodies[0]);
      const link = (JSON.parse(delivered) as { url: string }).url;
      expect(link.startsWith(`${PUBLIC_URL}/m/review/`)).toBe(true);
      const page = await request(app).get(new URL(link).pathname);
      expect(page.status).toBe(200);
      expect(page.text).toContain('亲子阅读活动通知');
      // The page's form posts under the mount path, and deciding through it works.
      expect(page.text).toContain(`action="/qianfa/m/review/`);
      const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '';
      const stage = /name="stage" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
      const decided = await request(app)
        .post(new URL(link).pathname)
        .type('form')
        .send({ decision: 'approve', version, stage });
      expect([decided.status, decided.text]).toEqual([200, expect.stringContaining('已同意')]);

      const login = await request(app)
        .post('/qianfa/api/me/login-link')
        .set('Authorization', bearer(reviewer));
      expect(login.status).toBe(201);
      const loginUrl = (login.body as { url: string }).url;
      expect(loginUrl.startsWith(`${PUBLIC_URL}/d/login/`)).toBe(true);
      const desk = await request(app).get(new URL(loginUrl).pathname);
      expect([desk.status, desk.headers['location']]).toEqual([303, '/qianfa/d/queue']);
      expect(String(desk.headers['set-cookie'])).toContain('Path=/qianfa/d');
      // The gateway for existing tools is mounted too.
      const tool = await request(app).get(
        '/qianfa/gateway/wechat/cgi-bin/token?grant_type=client_credential&appid=qf00&secret=x',
      );
      expect(tool.body).toMatchObject({ errcode: 40013 });
    } finally {
      hook.server.close();
    }
  });
});

describe('createGate options', () => {
  const refusal = async (options: GateOptions): Promise<readonly string[]> => {
    const error: unknown = await createGate(options).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(GateOptionsError);
    return (error as GateOptionsError).issues;
  };

  it('names every invalid option by its option name, not its environment key', async () => {
    const issues = await refusal({
      publicUrl: 'ftp://www.example.gov.cn/qianfa',
      redisUrl: 'http://127.0.0.1:6379',
      workerConcurrency: 0,
      secretKey: randomBytes(16),
      worker: 'yes' as unknown as boolean,
      weiboRip: '',
    });
    expect([...issues].sort()).toEqual(
      [
        'worker: 须为 true 或 false',
        'weiboRip: 不能为空',
        'publicUrl: 须为 http:// 或 https:// 网址',
        'redisUrl: 须以 redis:// 或 rediss:// 开头',
        'workerConcurrency: 不能小于 1',
        'secretKey: 须为 32 字节的密钥：64 位十六进制或 44 位 base64',
      ].sort(),
    );
    const missing = await refusal({} as GateOptions);
    expect(missing).toEqual([expect.stringMatching(/^publicUrl: 必须提供/)]);
  });

  it('refuses unknown option names, suggesting the one meant', async () => {
    const issues = await refusal({
      publicUrl: PUBLIC_URL,
      redisURL: redisUrl,
      QIANFA_REDIS_PREFIX: keys.prefix,
      colour: 'red',
    } as GateOptions);
    expect(issues).toEqual([
      'redisURL: 不是 createGate 的选项，是否应为 redisUrl？',
      'QIANFA_REDIS_PREFIX: 不是 createGate 的选项，是否应为 redisPrefix？',
      'colour: 不是 createGate 的选项',
    ]);
  });

  it('reads no environment variable, and has an option for every configuration key but listening ones', () => {
    vi.stubEnv('REDIS_URL', 'not a url');
    vi.stubEnv('QIANFA_WORKER', 'maybe');
    try {
      const { config, publicUrl } = gateConfigOf({ publicUrl: `${PUBLIC_URL}/`, secretKey: randomBytes(32) });
      expect([config.redisUrl, config.publishing.worker, publicUrl]).toEqual([undefined, true, PUBLIC_URL]);
    } finally {
      vi.unstubAllEnvs();
    }
    const mapped = Object.values(GATE_OPTION_KEYS).map(([key]) => key);
    // The host application listens, in as many processes as it likes.
    const listening = ['PORT', 'HOST', 'QIANFA_PROCESSES'];
    const keysButListening = Object.keys(configSchema.shape).filter((key) => !listening.includes(key));
    expect(mapped.sort()).toEqual(keysButListening.sort());
  });
});

describe('closing a gate', () => {
  it('leaves the host’s server and connections alone, and a new gate on the same prefix starts after it', async () => {
    const { app, gate } = await embed({ worker: false });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${host}/qianfa/readyz`)).status).toBe(200);
      const adminToken = gate.firstAdminToken!;
      await gate.close();
      await gate.close(); // twice is harmless

      expect(await hostRedis.ping()).toBe('PONG');
      expect(await (await fetch(`${host}/`)).text()).toBe('本单位门户');
      expect((await fetch(`${host}/qianfa/readyz`)).status).toBe(503);

      const again = await embed({ worker: false });
      expect(again.gate.firstAdminToken).toBeUndefined();
      const people = await request(again.app)
        .get('/qianfa/api/orgs/default/people')
        .set('Authorization', bearer(adminToken));
      expect(people.status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const runHost = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/gate-host.ts', ...args], {
        cwd: ROOT,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('leaves no open handle behind: a host process with workers on exits by itself after close()', async () => {
    const run = await runHost([PUBLIC_URL, keys.prefix, dataDir, redisUrl]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ready: 200, redisPid: null });
  });

  it('stops the embedded redis-server it started', async () => {
    const run = await runHost([PUBLIC_URL, 'qianfa:', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { ready, redisPid } = JSON.parse(run.stdout) as { ready: number; redisPid: number };
    expect(ready).toBe(200);
    expect(isAlive(redisPid)).toBe(false);
  });
});
