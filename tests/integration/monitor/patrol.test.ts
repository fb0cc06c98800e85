import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../../src/adapters/crypto/secret-box.js';
import { DEFAULT_PATROL, patrolOn } from '../../../src/composition/monitor.js';
import { wechatOn } from '../../../src/composition/platforms.js';
import type { AdminAlert } from '../../../src/domain/admin-alert.js';
import { DEFAULT_WORDLISTS_DIR } from '../../../src/package-dirs.js';
import type { PatrolService } from '../../../src/services/monitor/patrol-service.js';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { FakeWeiboServer } from '../../fakes/fake-weibo-server.js';
import { publishThroughQianfa } from '../../helpers/publish-through-qianfa.js';
import { as, startReviewApp, testPublishing, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const WECHAT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-app-secret' };
const WEIBO = {
  uid: '5550001',
  screenName: '崇川微博',
  token: 'weibo-token-cc',
  safeDomain: 'www.example.gov.cn',
};
/** A made-up term no shipped list holds: listed only after the articles are online. */
const TERM = '蓝鲸汇通';
const NEW_LIST = `# category: ad
# type: words
# action: block
# description: 巡检测试：发布后才列入的词
# source: requirements R51
${TERM}
`;
const PATROL_KINDS: readonly AdminAlert['kind'][] = ['online_finding', 'dead_link'];

/** A site the articles link to: answers 200 until told to answer 404 (HEAD and GET alike). */
async function startLinkedSite(): Promise<{ server: Server; url: string; setStatus(status: number): void }> {
  let status = 200;
  const server = createServer((_request, response) => response.writeHead(status).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/notice/2026.html`, setStatus: (next) => (status = next) };
}

describe('patrol of what is online', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let weibo: FakeWeiboServer;
  let site: Awaited<ReturnType<typeof startLinkedSite>>;
  let wordlistsDir: string;
  let patrol: PatrolService & { close(): Promise<void> };
  let people: { admin: Auth; drafter: Auth; reviewer: Auth; editor: Auth };
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const advance = (ms: number) => {
    offsetMs += ms;
    t.advanceClock(ms);
  };
  const patrolAlerts = async () =>
    (await t.alerts.list('cc', 100)).filter((alert) => PATROL_KINDS.includes(alert.kind));

  beforeEach(async () => {
    offsetMs = 0;
    wordlistsDir = await mkdtemp(join(tmpdir(), 'qianfa-patrol-lists-'));
    await cp(DEFAULT_WORDLISTS_DIR, wordlistsDir, { recursive: true });
    site = await startLinkedSite();
    wechat = await new FakeWechatServer({ accounts: [WECHAT], now: () => now().getTime() }).start();
    weibo = await new FakeWeiboServer({ accounts: [WEIBO], now: () => now().getTime() }).start();
    const platforms = { wechatApiBase: wechat.baseUrl, weiboApiBase: weibo.baseUrl };
    t = await startReviewApp(platforms);
    people = {
      admin: await t.person('管理员', ['admin']),
      drafter: await t.person('张三', ['drafter']),
      reviewer: await t.person('李四', ['reviewer']),
      editor: await t.person('王五', ['editor']),
    };
    const accounts = [
      { platform: 'wechat', name: '崇川发布', ...WECHAT },
      { platform: 'weibo', name: '崇川微博', token: WEIBO.token, link: 'https://www.example.gov.cn/' },
    ];
    for (const account of accounts)
      expect((await as(t.app, people.admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    await t.startWorker();
    const publishing = testPublishing(platforms);
    const deps = {
      accounts: t.accounts,
      alerts: t.alerts,
      wechat: wechatOn(t.redis, t.keys, publishing, new SecretBox(t.secretKey)),
      scopeFor: (org: string) => t.checkSettings.scopeFor(org),
      now,
    };
    // The tests' loopback site is allowed the way an installation admin allows an intranet host.
    const options = { wordlistsDir, patrol: { ...DEFAULT_PATROL, linkAllowHosts: ['127.0.0.1'] } };
    patrol = patrolOn(t.redis, t.keys, publishing, deps, options);
  });

  afterEach(async () => {
    await patrol.close();
    await t.close();
    await wechat.close();
    await weibo.close();
    site.server.close();
    await rm(wordlistsDir, { recursive: true, force: true });
  });

  const run = async () => {
    const result = await patrol.run('cc');
    if (!result.ok) throw new Error(result.error.code);
    return result.value;
  };

  it('finds a now-listed term in articles published through and around qianfa, once, and a link dead on two patrols', async () => {
    await publishThroughQianfa(t, people, {
      title: '读书分享活动通知',
      kind: 'original',
      targets: ['wechat:崇川发布'],
      body: `本周六上午九点在区图书馆举办${TERM}读书分享活动，欢迎市民参加。`,
    });
    wechat.plantArticle(WECHAT.appid, {
      title: '直接群发的通知',
      content: `<p>办理指南见<a href="${site.url}">${site.url}</a>，另有${TERM}合作。</p>`,
    });
    weibo.plantPost(WEIBO.uid, `${TERM}读书分享活动今日举行，欢迎参加。`);

    // Before the term is listed and while the site answers, only what was wrong from the start: the article
    // published around qianfa links a site outside the whitelist, which needed a deputy's sign-off (R8).
    const first = await run();
    expect(first).toMatchObject({ accounts: 2, articles: 3, newFindings: 1, deadLinks: [], failures: [] });
    expect((await patrolAlerts()).map((alert) => [alert.kind, alert.details?.['rules']])).toEqual([
      ['online_finding', 'link:external'],
    ]);
    const alertsBefore = (await patrolAlerts()).length;

    // The term is listed after publication; the linked page goes away.
    await writeFile(join(wordlistsDir, 'patrol-late-terms.txt'), NEW_LIST);
    site.setStatus(404);
    advance(DEFAULT_PATROL.linkCacheMs + 60_000);
    const second = await run();
    expect(second.newFindings).toBe(3);
    // One failed patrol is not yet a dead link (flapping).
    expect(second.deadLinks).toEqual([]);
    const findings = (await patrolAlerts()).slice(0, -alertsBefore);
    expect(findings.map((alert) => alert.target).sort()).toEqual([
      'wechat:崇川发布',
      'wechat:崇川发布',
      'weibo:崇川微博',
    ]);
    for (const alert of findings) {
      expect(alert.message).toContain(TERM);
      expect(alert.details).toMatchObject({ platform: alert.target!.split(':')[0], texts: TERM });
      expect(alert.details?.['url']).toMatch(/^https:\/\/(mp\.weixin\.qq\.com|m\.weibo\.cn)\//);
    }

    // The second failure in a row makes it dead; the findings already reported are not reported again.
    advance(DEFAULT_PATROL.linkCacheMs + 60_000);
    const third = await run();
    expect(third.newFindings).toBe(0);
    expect(third.deadLinks).toEqual([expect.objectContaining({ link: site.url, status: '404' })]);
    const dead = (await patrolAlerts()).filter((alert) => alert.kind === 'dead_link');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.details).toMatchObject({
      platform: 'wechat',
      account: '崇川发布',
      link: site.url,
      status: '404',
    });
    expect(dead[0]!.details?.['url']).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);

    // Nothing new on the next patrol: no alert again.
    advance(DEFAULT_PATROL.linkCacheMs + 60_000);
    const before = (await patrolAlerts()).length;
    await run();
    expect((await patrolAlerts()).length).toBe(before);

    // The organisation's admins see the last run and the open findings.
    const status = await as(t.app, people.admin).get('/api/orgs/cc/monitor/patrol');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ org: 'cc', lastRun: { articles: 3, newFindings: 0 } });
    expect((status.body as { openFindings: unknown[] }).openFindings).toHaveLength(3);
    expect((await as(t.app, people.drafter).get('/api/orgs/cc/monitor/patrol')).status).toBe(403);
  });

  it('does not reach a loopback link unless its host is allowed (egress policy)', async () => {
    const strict = patrolOn(
      t.redis,
      t.keys,
      testPublishing({ wechatApiBase: wechat.baseUrl, weiboApiBase: weibo.baseUrl }),
      {
        accounts: t.accounts,
        alerts: t.alerts,
        wechat: wechatOn(
          t.redis,
          t.keys,
          testPublishing({ wechatApiBase: wechat.baseUrl }),
          new SecretBox(t.secretKey),
        ),
        scopeFor: (org) => t.checkSettings.scopeFor(org),
        now,
      },
      { wordlistsDir, patrol: DEFAULT_PATROL },
    );
    try {
      wechat.plantArticle(WECHAT.appid, {
        title: '内网链接',
        content: `<p><a href="${site.url}">附件</a></p>`,
      });
      const requests = site.server.listenerCount('request');
      let reached = 0;
      site.server.on('request', () => reached++);
      for (let patrolNo = 0; patrolNo < 2; patrolNo++) {
        advance(DEFAULT_PATROL.linkCacheMs + 60_000);
        const result = await strict.run('cc');
        expect(result.ok).toBe(true);
      }
      expect(reached).toBe(0);
      expect(requests).toBe(1);
      const dead = (await patrolAlerts()).filter((alert) => alert.kind === 'dead_link');
      expect(dead.map((alert) => alert.details?.['status'])).toEqual(['private_address']);
    } finally {
      await strict.close();
    }
  });
});
