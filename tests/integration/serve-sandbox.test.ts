import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import request from 'supertest';
import { describe, expect, inject, it } from 'vitest';
import { runQianfa } from '../helpers/run-qianfa.js';
import { startDemo, type Demo } from '../helpers/sandbox-demo.js';
import { stopServedAfterEachTest, tempDataDir, type Served } from '../helpers/spawn-serve.js';
import { until } from '../helpers/until.js';

stopServedAfterEachTest();

const BANNER = '沙盒演示（SANDBOX）';

async function stop(served: Served): Promise<void> {
  served.child.kill('SIGTERM');
  expect(await served.exited).toBe(0);
}

function api(demo: Demo, person: string) {
  const auth = (test: request.Test) => test.set('Authorization', `Bearer ${demo.tokens.get(person)}`);
  return {
    get: (path: string) => auth(request(demo.served.url).get(path)),
    post: (path: string, body: object) => auth(request(demo.served.url).post(path)).send(body),
  };
}

interface Publication {
  target: string;
  status: string;
  url: string | null;
}

describe('qianfa serve --sandbox (npm run demo)', () => {
  it('refuses platform bases set in the environment, and more than one process', async () => {
    const bases = await runQianfa(['serve', '--sandbox'], 'sandbox-refusal:', {
      QIANFA_DATA_DIR: tempDataDir(),
      QIANFA_WECHAT_API_BASE: 'https://api.weixin.qq.com',
    });
    expect(bases.code).toBe(3);
    expect(bases.stderr.trim().split('\n')).toEqual([
      'qianfa: 沙盒模式不能连接真实平台：QIANFA_WECHAT_API_BASE 指向 https://api.weixin.qq.com。沙盒只使用内置的模拟微信、微博，请去掉该设置后再启动。',
    ]);
    const processes = await runQianfa(['serve', '--sandbox', '--processes', '2'], 'sandbox-refusal:', {
      QIANFA_DATA_DIR: tempDataDir(),
    });
    expect(processes.code).toBe(2);
    expect(processes.stderr).toContain('沙盒只能在一个进程中运行');
  }, 120_000); // two spawned CLIs: slow on a loaded machine, never timed

  it('seeds the demo once in its own data, publishes an approved draft once to the simulated platforms, shows it on /sandbox and marks every page', async () => {
    const dataDir = tempDataDir();
    const prefix = `sandbox-test-${process.pid}:`;
    await stop((await startDemo(dataDir, prefix)).served);
    const demo = await startDemo(dataDir, prefix);
    await expectSeededOnce(demo);
    expect(existsSync(join(dataDir, 'sandbox', 'redis'))).toBe(true);
    expect(await keysUnder(prefix)).toEqual([]); // REDIS_URL was not used

    const title = '沙盒测试：街道垃圾分类宣传周';
    const id = await submitAndApprove(demo, title);
    const publications = await until('both targets published', async () => {
      const draft = await api(demo, '小李').get(`/api/drafts/${id}`);
      const list = (draft.body as { publications: Publication[] }).publications;
      return list.every((p) => p.status === 'published') && list;
    });
    const page = (await request(demo.served.url).get('/sandbox')).text;
    const wechat = section(page, 'wechat');
    expect(count(itemsOf(wechat, 'sandbox-draft'), title)).toBe(1);
    const published = itemsOf(wechat, 'sandbox-published');
    expect(count(published, title)).toBe(1);
    expect(published).toContain(publications.find((p) => p.target.startsWith('wechat:'))!.url!);
    expect(published).toContain('审核：老王　审签：张主编'); // the stamped tail, as the platform got it
    expect(count(section(page, 'weibo'), title)).toBe(1);
    await expectBannerOnEveryPage(demo);
  }, 180_000); // two starts of the service and a publish

  async function expectSeededOnce(demo: Demo): Promise<void> {
    expect(demo.tokens.size).toBe(6);
    const people = await api(demo, '赵管理员').get('/api/orgs/demo/people');
    expect((people.body as { people: { name: string }[] }).people.map((p) => p.name).sort()).toEqual(
      ['小李', '老王', '张主编', '陈副主任', '刘主任', '赵管理员'].sort(),
    );
    const accounts = await api(demo, '赵管理员').get('/api/orgs/demo/accounts');
    expect((accounts.body as { accounts: unknown[] }).accounts).toHaveLength(2);
    const drafts = await api(demo, '小李').get('/api/drafts');
    expect((drafts.body as { drafts: { id: string }[] }).drafts.map((d) => d.id).sort()).toEqual([
      'sandboxdemo1',
      'sandboxdemo2',
    ]);
  }

  async function submitAndApprove(demo: Demo, title: string): Promise<string> {
    const submitted = await api(demo, '小李').post('/api/drafts', {
      title,
      body: '本周是街道垃圾分类宣传周，各社区将在广场设置咨询点，欢迎居民前来了解。',
      kind: 'original',
      targets: ['wechat:演示公众号', 'weibo:演示微博'],
    });
    expect([submitted.status, submitted.headers['x-qianfa-sandbox']]).toEqual([201, '1']);
    const { id } = submitted.body as { id: string };
    for (const person of ['老王', '张主编']) {
      const approved = await api(demo, person).post(`/api/drafts/${id}/approve`, { version: 1 });
      expect(approved.status, person).toBe(200);
    }
    return id;
  }

  async function expectBannerOnEveryPage(demo: Demo): Promise<void> {
    const opened = await request(demo.logins.get('老王')!).get('');
    expect(opened.status).toBe(303);
    const cookie = opened.headers['set-cookie']![0]!.split(';')[0]!;
    for (const path of ['/sandbox', '/d/login', '/d/queue', '/d/review/sandboxdemo1', '/d/sessions']) {
      const response = await request(demo.served.url).get(path).set('Cookie', cookie);
      expect([response.status, response.text.includes(BANNER)], path).toEqual([200, true]);
    }
    const health = await request(demo.served.url).get('/healthz');
    expect(health.headers['x-qianfa-sandbox']).toBe('1');
  }
});

async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(inject('redisUrl'));
  try {
    return await redis.keys(`${prefix}*`);
  } finally {
    redis.disconnect();
  }
}

/** The page's section of the platform's account. */
function section(page: string, platform: 'wechat' | 'weibo'): string {
  const start = page.indexOf(`data-platform="${platform}"`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</section>', start));
}

function itemsOf(html: string, kind: string): string {
  return [...html.matchAll(new RegExp(`<li class="sandbox-article ${kind}">[\\s\\S]*?</li>`, 'g'))]
    .map((match) => match[0])
    .join('\n');
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
