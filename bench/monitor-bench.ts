/**
 * `npm run bench:monitor`: one patrol of 10,000 published articles (8,000 planted on the fake WeChat, 2,000 on
 * the fake Weibo), each checked with the package's word lists and its outbound links probed on a loopback site
 * (some pages answer 404), with time and memory printed. A second patrol shows the steady state (findings known,
 * links cached). `--articles N` changes the count.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createAccountServiceOn, createPeopleServiceOn } from '../src/composition.js';
import { createPatrolOn, DEFAULT_PATROL } from '../src/composition/monitor.js';
import { loadConfig } from '../src/config/load-config.js';
import { benchPublishing, ORG, startBenchRedis, startFakes, WECHAT, WEIBO } from './publish/harness.js';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '10000' } } });
const total = Number(values.articles);
const wechatCount = Math.round(total * 0.8);
const LINKED_PAGES = 50;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
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
    publishing: benchPublishing(fakes, 8),
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

await main();
