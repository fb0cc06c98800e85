/**
 * What a publish drain needs around it: a private redis-server (AOF, appendfsync always, as in production),
 * the loopback fakes with latency on every call, services under a fresh key prefix, and approved drafts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../../src/adapters/redis/embedded-redis.js';
import { oneNode } from '../../src/adapters/redis/redis-client.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import {
  createServices,
  type ReviewData,
  type Services,
  type ServicesConfig,
} from '../../src/composition.js';
import type { PublishingConfig } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Target } from '../../src/domain/draft-content.js';
import type { Person, Role } from '../../src/domain/people.js';
import type { NewAccount } from '../../src/services/account-service.js';
import { FakeWechatServer } from '../../tests/fakes/fake-wechat-server.js';
import { FakeWeiboServer } from '../../tests/fakes/fake-weibo-server.js';
import { notice } from '../api/notices.js';

export const ORG = 'bench';
export const WECHAT = { appid: 'wx0123456789abcdef', secret: 'bench-app-secret', name: '崇川发布' };
export const WEIBO = {
  uid: '3003',
  screenName: '崇川微博',
  token: 'bench-weibo-token',
  safeDomain: 'mp.weixin.qq.com',
  name: '崇川微博',
};

export interface BenchRedis {
  client: Redis;
  url: string;
  stop(): Promise<void>;
}

/** A redis-server of our own in a temporary directory, with a password, as `qianfa serve` starts it. */
export async function startBenchRedis(): Promise<BenchRedis> {
  const dataDir = await mkdtemp(join(tmpdir(), 'qianfa-publish-bench-'));
  const redis = await startEmbeddedRedis({ dataDir, password: randomBytes(16).toString('hex') });
  const client = oneNode(await connectRedis(redis.url));
  return {
    client,
    url: redis.url,
    async stop() {
      await client.quit().catch(() => undefined);
      await redis.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Where the platform fakes listen. */
export interface FakeUrls {
  wechat: string;
  weibo: string;
}

export interface Fakes {
  wechat: FakeWechatServer;
  weibo: FakeWeiboServer;
  close(): Promise<void>;
}

export function fakeUrls(fakes: Pick<Fakes, 'wechat' | 'weibo'>): FakeUrls {
  return { wechat: fakes.wechat.baseUrl, weibo: fakes.weibo.baseUrl };
}

/** Both fakes, fresh (so their counters are this configuration's), every WeChat call and every share delayed. */
export async function startFakes(latencyMs: number): Promise<Fakes> {
  const wechat = await new FakeWechatServer({ accounts: [WECHAT] }).start();
  const weibo = await new FakeWeiboServer({ accounts: [WEIBO] }).start();
  // `probability: 1` without `times`: the rule never runs out.
  wechat.faults.add('*', { type: 'latency', ms: latencyMs }, { probability: 1 });
  weibo.faults.add('/2/statuses/share.json', { type: 'latency', ms: latencyMs }, { probability: 1 });
  return { wechat, weibo, close: () => Promise.all([wechat.close(), weibo.close()]).then(() => undefined) };
}

/** The fast settings of the tests (testPublishing in tests/helpers/review-app.ts), pointed at the fakes. */
export function benchPublishing(fakes: FakeUrls, concurrency: number): PublishingConfig {
  return {
    ...loadConfig({}).publishing,
    wechatApiBase: fakes.wechat,
    weiboApiBase: fakes.weibo,
    worker: false,
    concurrency,
    backoffMs: 20,
    backoffMaxMs: 200,
    lockMs: 2_000,
    confirmMs: 300,
    platformTimeoutMs: 2_000,
  };
}

/** The environment of a `qianfa worker` child with the same settings, Redis and prefix. */
export function workerEnv(
  publishing: PublishingConfig,
  redis: { url: string; prefix: string },
  secretKey: Buffer,
): Record<string, string> {
  return {
    REDIS_URL: redis.url,
    QIANFA_REDIS_PREFIX: redis.prefix,
    QIANFA_SECRET_KEY: secretKey.toString('hex'),
    QIANFA_WECHAT_API_BASE: publishing.wechatApiBase,
    QIANFA_WEIBO_API_BASE: publishing.weiboApiBase,
    QIANFA_WEIBO_RIP: publishing.weiboRip,
    QIANFA_WORKER_CONCURRENCY: String(publishing.concurrency),
    QIANFA_PUBLISH_ATTEMPTS: String(publishing.attempts),
    QIANFA_PUBLISH_BACKOFF_MS: String(publishing.backoffMs),
    QIANFA_PUBLISH_BACKOFF_MAX_MS: String(publishing.backoffMaxMs),
    QIANFA_PUBLISH_LOCK_MS: String(publishing.lockMs),
    QIANFA_PUBLISH_CONFIRM_MS: String(publishing.confirmMs),
    QIANFA_PLATFORM_TIMEOUT_MS: String(publishing.platformTimeoutMs),
    // Off as in benchServices: the patrol and cadence check read the same fakes (see there).
    QIANFA_PATROL_MIN: '0',
    QIANFA_CADENCE_CHECK_MIN: '0',
  };
}

export interface BenchServices {
  services: Services;
  prefix: string;
  publishing: PublishingConfig;
}

/** Services on the shared client under a fresh prefix (one per configuration, so nothing carries over). */
export async function benchServices(
  redis: Pick<BenchRedis, 'client' | 'url'>,
  publishing: PublishingConfig,
  data: ReviewData,
  secretKey: Buffer,
): Promise<BenchServices> {
  const prefix = `qianfa-bench:${randomUUID()}:`;
  // Everything else as `qianfa worker` builds it from an empty environment (notifications: defaults, no WeCom),
  // but without the bypass scan, whose batchget calls would be counted as publishing's, nor the patrol and
  // cadence check run at the worker's start: the patrol read every article published so far back from the fake
  // and checked it (14 % of the process's CPU during the drain, and batchget calls counted as publishing's).
  const defaults = loadConfig({});
  const config: ServicesConfig = {
    ...defaults,
    gateway: { ...defaults.gateway, bypassScanMs: undefined },
    monitor: {
      ...defaults.monitor,
      cadenceCheckMs: undefined,
      ...(defaults.monitor.patrol ? { patrol: { ...defaults.monitor.patrol, everyMs: undefined } } : {}),
    },
    redisPrefix: prefix,
    publishing,
    publicUrl: () => 'http://127.0.0.1:8080',
  };
  const services = await createServices({ client: redis.client, url: redis.url }, config, data, secretKey);
  return { services, prefix, publishing };
}

/** Drafts in flight at once while seeding; audit writes are serialised per organisation anyway. */
const SEED_LANES = 8;

interface SeededOrg {
  drafter: Person;
  deciders: Person[];
  targets: Target[];
}

/** One organisation with a drafter, a reviewer, an editor, the WeChat account and optionally the Weibo one. */
async function seedOrg(services: Services, slug: string, weibo: boolean): Promise<SeededOrg> {
  const added = await services.people.addOrg({ slug, name: `基准测试单位${slug}` });
  if (!added.ok) throw new Error(`addOrg: ${added.error.code}`);
  const person = async (name: string, roles: Role[]): Promise<Person> => {
    const issued = await services.people.addPerson({ org: slug, name, roles });
    if (!issued.ok) throw new Error(`addPerson ${name}: ${issued.error.code}`);
    return issued.value.person;
  };
  const drafter = await person('张三', ['drafter']);
  const deciders = [await person('李四', ['reviewer']), await person('王五', ['editor'])];
  const accounts: NewAccount[] = [
    { org: slug, platform: 'wechat', name: WECHAT.name, appid: WECHAT.appid, secret: WECHAT.secret },
  ];
  if (weibo) {
    // The WeChat article's host is the app's safe domain here, so each post links its article.
    const link = `https://${WEIBO.safeDomain}/`;
    accounts.push({ org: slug, platform: 'weibo', name: WEIBO.name, token: WEIBO.token, link });
  }
  for (const account of accounts) {
    const result = await services.accounts.add(account);
    if (!result.ok) throw new Error(`account: ${result.error.code}`);
  }
  return { drafter, deciders, targets: accounts.map((a): Target => `${a.platform}:${a.name}`) };
}

/**
 * The organisations, their people and accounts, then `count` drafts (spread round-robin over the
 * organisations) submitted and approved through the review service (no HTTP), each final approval enqueueing
 * its publish jobs. Returns the draft ids.
 */
export async function seedApprovedDrafts(
  services: Services,
  options: { count: number; weibo: boolean; orgs: number; bodyLength: number },
): Promise<string[]> {
  const orgs: SeededOrg[] = [];
  for (let i = 0; i < options.orgs; i++) {
    orgs.push(await seedOrg(services, i === 0 ? ORG : `${ORG}-${i + 1}`, options.weibo));
  }
  const ids: string[] = new Array<string>(options.count);
  const approve = async (n: number): Promise<void> => {
    const { drafter, deciders, targets } = orgs[n % orgs.length]!;
    const content = {
      title: `第${n}号通知`,
      body: notice(n, options.bodyLength).body,
      kind: 'original' as const,
      targets,
    };
    const submitted = await services.review.submit(drafter, { content });
    if (!submitted.ok) throw new Error(`submit ${n}: ${submitted.error.code}`);
    const id = submitted.value.record.id;
    let status = submitted.value.record.review.status;
    for (const by of deciders) {
      const decided = await services.review.approve(by, id, { version: 1 });
      if (!decided.ok) throw new Error(`approve ${n}: ${decided.error.code}`);
      status = decided.value.record.review.status;
    }
    if (status !== 'approved') throw new Error(`draft ${n} is ${status}, not approved`);
    ids[n] = id;
  };
  await Promise.all(
    Array.from({ length: SEED_LANES }, async (_, lane) => {
      for (let n = lane; n < options.count; n += SEED_LANES) await approve(n);
    }),
  );
  return ids;
}
