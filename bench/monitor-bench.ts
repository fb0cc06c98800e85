/**
 * `npm run bench:monitor`: one patrol of 10,000 published articles (8,000 planted on the fake WeChat, 2,000 on
 * the fake Weibo), each checked with the package's word lists and its outbound links probed on a loopback site
 * (some pages answer 404), with time and memory printed. A second patrol shows the steady state (findings known,
 * links cached). `--articles N` changes the count.
 *
 * Then the cadence of 1,000 accounts (800 WeChat, 200 Weibo, each with a history of posts planted over the last
 * four months on the fakes), reported once and then checked for alerts. `--accounts N` changes the count;
 * `--only patrol|cadence` runs one half.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createAccountServiceOn, createPeopleServiceOn } from '../src/composition.js';
import { createMonitorOn, createPatrolOn, DEFAULT_PATROL } from '../src/composition/monitor.js';
import { loadConfig } from '../src/config/load-config.js';
import { FakeWechatServer } from '../tests/fakes/fake-wechat-server.js';
import { FakeWeiboServer } from '../tests/fakes/fake-weibo-server.js';
import {
  benchPublishing,
  fakeUrls,
  ORG,
  startBenchRedis,
  startFakes,
  WECHAT,
  WEIBO,
  type Fakes,
} from './publish/harness.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    accounts: { type: 'string', default: '1000' },
    only: { type: 'string' },
  },
});
const total = Number(values.articles);
const wechatCount = Math.round(total * 0.8);
const LINKED_PAGES = 50;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function patrolHalf(): Promise<void> {
  const site = createServer((request, response) =>
    response.writeHead(request.url?.endsWith('7') ? 404 : 200).end(),
  );
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const sitePort = (site.address() as AddressInfo).port;
  const redis = await startBenchRedis();
  const fakes = await startFakes(0);
  const prefix = `qianfa-monitor-bench:${randomBytes(4).toString('hex')}:`;
  const defaults = loadConfig({});
  const patrolConfig = { ...DEFAULT_PATROL, linkAllowHosts: ['127.0.0.1'], linkRatePerHost: 100 };
  const config = {
    ...defaults,
    redisPrefix: prefix,
    publishing: benchPublishing(fakeUrls(fakes), 8),
    monitor: { ...defaults.monitor, patrol: patrolConfig },
  };
  const key = randomBytes(32);
  try {
    await createPeopleServiceOn(redis.client, config).addOrg({ slug: ORG, name: '基准单位' });
    const accounts = createAccountServiceOn(redis.client, config, key);
    await accounts.add({
      org: ORG,
      platform: 'wechat',
      name: WECHAT.name,
      appid: WECHAT.appid,
      secret: WECHAT.secret,
    });
    await accounts.add({
      org: ORG,
      platform: 'weibo',
      name: WEIBO.name,
      token: WEIBO.token,
      link: 'https://mp.weixin.qq.com/',
    });
    const paragraph =
      '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加，活动免费，现场提供茶水。';
    for (let i = 0; i < wechatCount; i++) {
      const link = `http://127.0.0.1:${sitePort}/page/${i % LINKED_PAGES}`;
      const extra = i % 100 === 0 ? '六合彩开奖结果请加微信查看。' : '';
      const content = `<p>${paragraph.repeat(12)}${extra}</p><p>详见<a href="${link}">${link}</a></p>`;
      fakes.wechat.plantArticle(WECHAT.appid, { title: `通知第${i}号`, content });
    }
    for (let i = wechatCount; i < total; i++) fakes.weibo.plantPost(WEIBO.uid, `${paragraph}（${i}）`);

    const patrol = createPatrolOn(redis.client, config, key);
    for (const label of ['first patrol', 'second patrol (known findings, cached links)']) {
      global.gc?.();
      const before = process.memoryUsage();
      const started = performance.now();
      const run = await patrol.run(ORG);
      const ms = performance.now() - started;
      const after = process.memoryUsage();
      if (!run.ok) throw new Error(run.error.code);
      const { articles, newFindings, linksChecked, deadLinks, failures } = run.value;
      console.log(
        `${label}: ${articles} articles in ${(ms / 1000).toFixed(1)} s (${((ms / articles) * 1000).toFixed(0)} µs each); ` +
          `new findings ${newFindings}, links ${linksChecked}, dead ${deadLinks.length}, unreadable accounts ${failures.length}; ` +
          `heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}, rss ${mb(after.rss)}`,
      );
    }
    const redisMemory = /used_memory:(\d+)/.exec(await redis.client.info('memory'))?.[1];
    console.log(`redis used_memory after both: ${mb(Number(redisMemory))}`);
    await patrol.close();
  } finally {
    await fakes.close();
    await redis.stop();
    site.close();
  }
}

const DAY_MS = 24 * 60 * 60_000;
const POSTS_PER_ACCOUNT = 12;

/** Both fakes on a clock the bench moves, so planted posts spread over the last four months. */
async function startDatedFakes(clock: { at: number }): Promise<Fakes> {
  const now = () => clock.at;
  const wechat = await new FakeWechatServer({ now }).start();
  const weibo = await new FakeWeiboServer({ now }).start();
  return { wechat, weibo, close: () => Promise.all([wechat.close(), weibo.close()]).then(() => undefined) };
}

/** Account `i`: four in five on WeChat, the rest on Weibo; each registered on its fake and in qianfa. */
async function addBenchAccount(
  i: number,
  fakes: Fakes,
  accounts: ReturnType<typeof createAccountServiceOn>,
): Promise<(text: string) => void> {
  if (i % 5 !== 4) {
    const wechat = { appid: `wx${i.toString(16).padStart(16, '0')}`, secret: `bench-secret-${i}` };
    fakes.wechat.addAccount(wechat);
    await accounts.add({ org: ORG, platform: 'wechat', name: `公众号${i}`, ...wechat });
    return (text) => fakes.wechat.plantArticle(wechat.appid, { title: text, content: `<p>${text}</p>` });
  }
  const weibo = { uid: String(900_000 + i), screenName: `微博${i}`, token: `bench-token-${i}` };
  fakes.weibo.addAccount({ ...weibo, safeDomain: 'mp.weixin.qq.com' });
  await accounts.add({
    org: ORG,
    platform: 'weibo',
    name: weibo.screenName,
    token: weibo.token,
    link: 'https://mp.weixin.qq.com/',
  });
  return (text) => fakes.weibo.plantPost(weibo.uid, text);
}

/** Posts planted day by day over 120 days; account `i` goes quiet after a day that depends on `i`. */
function plantHistories(plants: readonly ((text: string) => void)[], clock: { at: number }): void {
  const today = clock.at;
  for (let post = 0; post < POSTS_PER_ACCOUNT; post++) {
    plants.forEach((plant, i) => {
      clock.at = today - (120 - post * 10 + (i % 30)) * DAY_MS;
      plant(`第${post}期工作动态（${i}）`);
    });
  }
  clock.at = today;
}

async function timed<T>(
  label: string,
  work: () => Promise<T>,
  describe: (value: T) => string,
): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  const after = process.memoryUsage();
  console.log(
    `${label} in ${(ms / 1000).toFixed(1)} s: ${describe(value)}; ` +
      `heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}, rss ${mb(after.rss)}`,
  );
}

async function cadenceHalf(): Promise<void> {
  const count = Number(values.accounts);
  const clock = { at: Date.now() };
  const redis = await startBenchRedis();
  const fakes = await startDatedFakes(clock);
  const defaults = loadConfig({});
  const prefix = `qianfa-monitor-bench:${randomBytes(4).toString('hex')}:`;
  const config = { ...defaults, redisPrefix: prefix, publishing: benchPublishing(fakeUrls(fakes), 8) };
  const key = randomBytes(32);
  try {
    await createPeopleServiceOn(redis.client, config).addOrg({ slug: ORG, name: '基准单位' });
    const accounts = createAccountServiceOn(redis.client, config, key);
    const plants = [];
    for (let i = 0; i < count; i++) plants.push(await addBenchAccount(i, fakes, accounts));
    plantHistories(plants, clock);
    const monitor = await createMonitorOn(redis.client, config, key);
    await timed(`cadence report of ${count} accounts`, () => monitor.report(ORG), cadenceSummary);
    await timed(
      'cadence check (alerts raised once)',
      () => monitor.check(),
      (raised) => `${raised.length} alerts`,
    );
  } finally {
    await fakes.close();
    await redis.stop();
  }
}

function cadenceSummary(
  report: Awaited<ReturnType<Awaited<ReturnType<typeof createMonitorOn>>['report']>>,
): string {
  if (!report.ok) throw new Error(report.error.code);
  const states = new Map<string, number>();
  for (const account of report.value.accounts)
    states.set(account.cadence.state, (states.get(account.cadence.state) ?? 0) + 1);
  const posts = report.value.accounts.reduce((sum, account) => sum + account.posts.platform, 0);
  const unread = report.value.accounts.filter((account) => account.listFailure !== undefined).length;
  return `${posts} posts listed, states ${JSON.stringify(Object.fromEntries(states))}, unreadable ${unread}`;
}

if (values.only !== 'cadence') await patrolHalf();
if (values.only !== 'patrol') await cadenceHalf();
