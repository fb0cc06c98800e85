import { createServer, type Server } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { FakeWecomServer } from '../../fakes/fake-wecom-server.js';
import { WECHAT_ACCOUNT } from '../../helpers/publishing-fixtures.js';
import { untilDeliveriesIdle, untilPublishingIdle } from '../../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { until } from '../../helpers/until.js';

const WECOM = { corpid: 'ww0123456789abcdef', corpsecret: 'wecom-app-secret-at-rest', agentid: 1000002 };
const WEBHOOK_SECRET = 'webhook-secret-at-rest-7f3a9c';
const DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
  targets: ['wechat:崇川发布'],
};
/** A review link (`/m/review/…`) or a desk login link (`/d/login/…`): the token in it is the credential. */
const LINK_TOKEN = /\/(?:m\/review|d\/login)\/([\w.-]{16,})/g;

/** A loopback webhook receiver keeping every body it was sent. */
async function startReceiver(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

/** Every value of every key in the database, with its key: strings, hashes, lists, sets, sorted sets, streams. */
async function dumpEveryKey(t: ReviewApp): Promise<Map<string, string>> {
  const dump = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await t.redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) dump.set(key, JSON.stringify(await valuesOf(t, key)));
  } while (cursor !== '0');
  return dump;
}

async function valuesOf(t: ReviewApp, key: string): Promise<unknown> {
  switch (await t.redis.type(key)) {
    case 'string':
      return t.redis.get(key);
    case 'hash':
      return t.redis.hgetall(key);
    case 'list':
      return t.redis.lrange(key, 0, -1);
    case 'set':
      return t.redis.smembers(key);
    case 'zset':
      return t.redis.zrange(key, 0, -1);
    case 'stream':
      return t.redis.xrange(key, '-', '+');
    default:
      return null; // expired between SCAN and TYPE
  }
}

/** The append-only files of the test run's redis-server (every write since it started). */
async function appendOnlyFiles(t: ReviewApp): Promise<Buffer[]> {
  const [, dir] = (await t.redis.config('GET', 'dir')) as [string, string];
  const [, name] = (await t.redis.config('GET', 'appenddirname')) as [string, string];
  const folder = join(dir, name);
  return Promise.all((await readdir(folder)).map((file) => readFile(join(folder, file))));
}

describe('no working secret at rest in plaintext (issue 14, point 1)', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let wecom: FakeWecomServer;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    wechat = await new FakeWechatServer({ accounts: [WECHAT_ACCOUNT] }).start();
    wecom = await new FakeWecomServer({ apps: [{ ...WECOM, members: ['lisi'] }] }).start();
    hook = await startReceiver();
    t = await startReviewApp(
      { wechatApiBase: wechat.baseUrl },
      {
        wecomApiBase: wecom.baseUrl,
        wecom: { corpid: WECOM.corpid, secret: WECOM.corpsecret, agentid: WECOM.agentid },
        webhookAllowHosts: ['127.0.0.1'],
      },
    );
    await t.startWorker();
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([wechat.close(), wecom.close()]);
    hook.server.close();
  });

  /** A full run: accounts, channels, a gateway token, login links, a rejection, a resubmission, publishing. */
  async function fullRun(): Promise<void> {
    const admin = await t.person('管理员', ['admin']);
    const drafter = await t.person('张三', ['drafter']);
    const reviewer = await t.person('李四', ['reviewer']);
    const editor = await t.person('王五', ['editor']);
    const people: Auth[] = [admin, drafter, reviewer, editor];
    people.forEach((p) => secrets.set(`API token of ${p.name}`, p.header.slice('Bearer '.length)));
    secrets.set('WeChat AppSecret', WECHAT_ACCOUNT.secret);
    secrets.set('webhook secret', WEBHOOK_SECRET);
    const added = await as(t.app, admin).post('/api/orgs/cc/accounts', {
      platform: 'wechat',
      name: '崇川发布',
      ...WECHAT_ACCOUNT,
    });
    expect(added.status).toBe(201);
    for (const person of [reviewer, drafter]) {
      const channels = { webhook: { url: hook.url, secret: WEBHOOK_SECRET } };
      const wecomToo = person === reviewer ? { wecom: { user_id: 'lisi' } } : {};
      expect((await as(t.app, person).put('/api/me/channels', { ...channels, ...wecomToo })).status).toBe(
        200,
      );
    }
    const operator = await t.grantGateway('wechat:崇川发布', drafter.name);
    secrets.set('gateway secret', operator.secret);
    const exchanged = await request(t.app)
      .get('/gateway/wechat/cgi-bin/token')
      .query({ grant_type: 'client_credential', ...operator });
    secrets.set('gateway access token', (exchanged.body as { access_token: string }).access_token);
    const login = await as(t.app, drafter).post('/api/me/login-link', {});
    secrets.set('desk login link (asked for)', (login.body as { url: string }).url);
    const desk = await request(t.app).get(new URL((login.body as { url: string }).url).pathname);
    const session = desk.headers['set-cookie']?.[0]?.split(';')[0]?.split('=')[1];
    expect(session).toBeTruthy();
    secrets.set('desk session cookie', session!);

    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    await until('the reviewer card', () => wecom.lastMessageTo('lisi'));
    await as(t.app, reviewer).post(`/api/drafts/${id}/reject`, { version: 1, comment: '请补充地点' });
    await until('the returned message', () => hook.bodies.find((b) => b.includes('draft_rejected')));
    const resubmitted = await as(t.app, drafter).put(`/api/drafts/${id}`, { ...DRAFT, base_version: 1 });
    expect(resubmitted.status).toBe(200);
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 2 })).status).toBe(200);
    expect((await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 2 })).status).toBe(200);
    await until('the publication', () => wechat.publishedCount(WECHAT_ACCOUNT.appid) === 1);
    await untilPublishingIdle(t);
    await untilDeliveriesIdle(t);
  }

  /** What was handed out during the run: every link sent, and the live WeChat access token. */
  async function collectIssued(): Promise<void> {
    const sent = [...hook.bodies, ...wecom.messages().map((m) => JSON.stringify(m))].join('\n');
    for (const [, token] of sent.matchAll(LINK_TOKEN))
      secrets.set(`link token …${token!.slice(-10)}`, token!);
    const stable = await fetch(`${wechat.baseUrl}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', ...WECHAT_ACCOUNT }),
    });
    secrets.set('WeChat access token', ((await stable.json()) as { access_token: string }).access_token);
  }

  it('leaves no token, link, secret or password in any Redis key or in the append-only file', async () => {
    await fullRun();
    await collectIssued();
    const linkTokens = [...secrets.keys()].filter((name) => name.startsWith('link token'));
    expect(linkTokens.length).toBeGreaterThanOrEqual(3); // two review links (v1, v2) and the desk link, at least

    const dump = await dumpEveryKey(t);
    const aof = Buffer.concat(await appendOnlyFiles(t));
    const found: string[] = [];
    for (const [name, secret] of secrets) {
      const needle = secret.replace(/^https?:\/\/[^/]+/, ''); // a link counts by its path
      for (const [key, value] of dump) if (value.includes(needle)) found.push(`${name} in ${key}`);
      if (aof.includes(needle)) found.push(`${name} in the append-only file`);
    }
    expect(found).toEqual([]);
  });

  it('seals a webhook secret stored in plaintext by an older version on first read, and still uses it', async () => {
    const person = await t.person('赵六', ['reviewer']);
    const legacy = [{ channel: 'webhook', url: hook.url, secret: 'legacy-plain-secret-42' }];
    await t.redis.set(t.keys.personChannels('cc', person.id), JSON.stringify(legacy));
    expect(await t.channels.get(person.id)).toEqual(legacy);
    const stored = (await t.redis.get(t.keys.personChannels('cc', person.id))) ?? '';
    expect(stored).not.toContain('legacy-plain-secret-42');
    expect(await t.channels.get(person.id)).toEqual(legacy);
  });

  it('still sends a delivery queued by an older version with its address and link inside', async () => {
    const queue = (t.deliveries as unknown as { queue: Queue }).queue;
    const message = {
      title: '升级前排队的消息',
      description: '旧格式',
      url: 'http://qianfa.test/m/review/old',
    };
    const address = { channel: 'webhook', url: hook.url, secret: WEBHOOK_SECRET };
    await queue.add('webhook', { key: 'legacy', person: 'p-old', address, message }, { jobId: 'n.legacy' });
    const sent = await until('the legacy delivery', () =>
      hook.bodies.find((b) => b.includes('升级前排队的消息')),
    );
    expect(JSON.parse(sent)).toMatchObject({ title: message.title, url: message.url });
  });
});
