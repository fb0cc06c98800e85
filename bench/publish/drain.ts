/** One configuration: seed a backlog with no worker running, start the worker(s), measure the drain. */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import {
  bullmqConnection,
  bullmqPrefix,
  PUBLISH_QUEUE_NAME,
} from '../../src/adapters/queue/bullmq-publish-queue.js';
import type { ReviewData } from '../../src/composition.js';
import type { Publication } from '../../src/domain/publishing/publication.js';
import type { PublishJob } from '../../src/domain/publishing/publication.js';
import { benchPublishing, benchServices, seedApprovedDrafts, workerEnv, type BenchRedis } from './harness.js';
import {
  ownCpuMs,
  fsyncStalls,
  probeRedis,
  recordingClient,
  processCpuMs,
  redisDelta,
  redisSnapshot,
  watchEventLoop,
  watchFsync,
  type ClientLog,
  type RedisDelta,
} from './measure.js';
import { startFakesProcess, type FakeCounts } from './remote-fakes.js';
import { startChildren, startInProcess, type RunningWorkers } from './workers.js';

export interface DrainConfig {
  label: string;
  /** 0: one worker inside this process; n: n `qianfa worker` child processes. */
  processes: number;
  /** Per worker. */
  concurrency: number;
  /** Each draft also targets the Weibo account (which waits for the WeChat article to link it). */
  weibo: boolean;
  /** Organisations the drafts are spread over (default 1: every draft in one organisation). */
  orgs?: number;
  /** Redis appendfsync during this configuration (default `always`, as in production). */
  appendfsync?: 'always' | 'everysec';
}

export interface DrainRun {
  drafts: number;
  /** Characters of each draft's body (generated notices, none blocked by the checker). */
  bodyLength: number;
  latencyMs: number;
  timeoutMs: number;
  redis: BenchRedis;
  data: ReviewData;
  secretKey: Buffer;
  /** Extra node options for worker children, e.g. `--cpu-prof`. */
  childNodeArgs: readonly string[];
}

export interface DrainResult {
  config: DrainConfig;
  expected: number;
  setupMs: number;
  pendingBefore: number;
  /** Notification jobs the seeding's submissions and approvals left in the outbox, dropped before the drain. */
  droppedNotifications: number;
  finished: boolean;
  published: number;
  /** Worker start → first job picked up (crash recovery, child start-up) → last publication published. */
  startupMs: number;
  /** Worker start → the last worker running (its recovery done). */
  readyMs: number;
  drainMs: number;
  /** queuedAt → updatedAt of each published Publication (includes the wait in the backlog). */
  queuedToPublishedMs: number[];
  /** BullMQ processedOn → finishedOn of each completed WeChat job's last attempt: time holding a slot. */
  serviceMs: number[];
  attempts: number;
  failedJobs: number;
  wechatPublished: number;
  weiboPosted: number;
  calls: Map<string, number>;
  redisRecovery: RedisDelta;
  redisDrain: RedisDelta;
  /** CPU from the last worker running to the end of the drain, over `wallMs` (the fakes in a process of theirs). */
  cpuMs: { bench: number; workers: number[]; fakes: number; redis: number };
  wallMs: number;
  eventLoop: { p99Ms: number; maxMs: number };
  /** The in-process worker's own Redis client (not BullMQ's connections), from worker start; none for children. */
  client: ClientLog | undefined;
  /** Seconds of the run with an fsync ≥ 1 ms (Redis's latency monitor), and the slowest. */
  fsync: { seconds: number; maxMs: number; windowMs: number };
  /** The machine's 1-minute load average at the end of the drain (other work on the box shows here). */
  loadAverage: number;
  /** Round trips of a PING sent every 5 ms on a connection of its own during the drain. */
  redisPingMs: number[];
  /** WeChat articles published in each second after the worker(s) started. */
  perSecond: number[];
}

export async function runDrain(run: DrainRun, config: DrainConfig): Promise<DrainResult> {
  const fakes = await startFakesProcess(run.latencyMs);
  const publishing = benchPublishing(fakes.urls, config.concurrency);
  // In-process workers use this client: their commands are counted and the audit-chain writes timed.
  const recorder = recordingClient(run.redis.client);
  const { services, prefix } = await benchServices(
    { ...run.redis, client: recorder.client },
    publishing,
    run.data,
    run.secretKey,
  );
  const jobs = new Queue<PublishJob>(PUBLISH_QUEUE_NAME, {
    connection: bullmqConnection(run.redis.url),
    prefix: bullmqPrefix(prefix, run.redis.url, PUBLISH_QUEUE_NAME),
  });
  let workers: RunningWorkers | undefined;
  let sampler: NodeJS.Timeout | undefined;
  let probe: Awaited<ReturnType<typeof probeRedis>> | undefined;
  try {
    const seeding = Date.now();
    await run.redis.client.config('SET', 'appendfsync', config.appendfsync ?? 'always');
    const ids = await seedApprovedDrafts(services, {
      count: run.drafts,
      weibo: config.weibo,
      orgs: config.orgs ?? 1,
      bodyLength: run.bodyLength,
    });
    const setupMs = Date.now() - seeding;
    const droppedNotifications = await dropNotificationBacklog(run.redis.client, prefix);
    const expected = run.drafts * (config.weibo ? 2 : 1);
    const pendingBefore = await services.queue.pending();

    const atStart = await redisSnapshot(run.redis.client);
    await watchFsync(run.redis.client);
    const started = Date.now();
    /** marks[k]: WeChat articles published k seconds after the start, sampled every 25 ms from the start. */
    const marks = [0];
    const sample = async (): Promise<FakeCounts> => {
      const counts = await fakes.counts();
      while (marks.length <= (Date.now() - started) / 1000) marks.push(counts.wechatPublished);
      return counts;
    };
    sampler = setInterval(() => void sample(), 25);
    workers =
      config.processes === 0
        ? await startInProcess(services)
        : await startChildren(
            config.processes,
            workerEnv(publishing, { url: run.redis.url, prefix }, run.secretKey),
            run.childNodeArgs,
          );
    recorder.reset(); // from here on: the drain, not the recovery pass
    const atReady = await redisSnapshot(run.redis.client);
    const readyAt = Date.now();
    const cpuNow = async () => ({
      bench: ownCpuMs(),
      workers: await Promise.all(workers!.pids.map(processCpuMs)),
      fakes: (await processCpuMs(fakes.pid)) ?? NaN,
    });
    const cpuAtReady = await cpuNow();
    const loop = watchEventLoop();
    probe = await probeRedis(run.redis.url);

    const deadline = started + run.timeoutMs;
    let finished = false;
    while (!finished && Date.now() < deadline) {
      await sleep(25);
      const counts = await sample();
      const reached =
        counts.wechatPublished >= run.drafts && counts.weiboPosted >= (config.weibo ? run.drafts : 0);
      finished = reached && (await services.queue.pending()) === 0;
    }
    clearInterval(sampler);
    const counts = await sample();
    marks.push(counts.wechatPublished);
    const eventLoop = loop.stop();
    const redisPingMs = await probe.stop();
    probe = undefined;
    const fsync = { ...(await fsyncStalls(run.redis.client)), windowMs: Date.now() - started };
    const redisDrain = redisDelta(atReady, await redisSnapshot(run.redis.client));
    const cpuAtEnd = await cpuNow();
    const wallMs = Date.now() - readyAt;
    const loadAverage = loadavg()[0] ?? NaN;
    const client = config.processes === 0 ? recorder.log() : undefined;
    const stopping = workers;
    workers = undefined;
    await stopping.stop();

    const publications = (await Promise.all(ids.map((id) => services.publish.get(id)))).flat();
    const published = publications.filter((p) => p.status === 'published');
    const completed = await jobs.getJobs(['completed'], 0, -1);
    const wechatJobs = completed.filter((job) => job.data.target.startsWith('wechat:'));
    const firstPickup = Math.min(...completed.map((job) => job.processedOn ?? Infinity));
    const lastPublished = Math.max(firstPickup, ...published.map((p) => Date.parse(p.updatedAt)));
    const calls = new Map(counts.calls);

    return {
      config,
      expected,
      setupMs,
      pendingBefore,
      droppedNotifications,
      finished,
      published: published.length,
      startupMs: firstPickup - started,
      readyMs: Math.max(...stopping.readyAt) - started,
      drainMs: lastPublished - firstPickup,
      queuedToPublishedMs: published.map(queuedToPublished),
      serviceMs: wechatJobs.map((job) => (job.finishedOn ?? NaN) - (job.processedOn ?? NaN)),
      attempts: publications.reduce((sum, p) => sum + p.attempts, 0),
      failedJobs: await jobs.getFailedCount(),
      wechatPublished: counts.wechatPublished,
      weiboPosted: counts.weiboPosted,
      calls,
      redisRecovery: redisDelta(atStart, atReady),
      redisDrain,
      cpuMs: {
        bench: cpuAtEnd.bench - cpuAtReady.bench,
        workers: cpuAtEnd.workers.map((end, i) => (end ?? NaN) - (cpuAtReady.workers[i] ?? NaN)),
        fakes: cpuAtEnd.fakes - cpuAtReady.fakes,
        redis: redisDrain.cpuMs,
      },
      wallMs,
      eventLoop,
      redisPingMs,
      fsync,
      loadAverage,
      client,
      perSecond: marks.slice(1).map((count, i) => count - marks[i]!),
    };
  } finally {
    clearInterval(sampler);
    await probe?.stop();
    await run.redis.client.config('SET', 'appendfsync', 'always');
    await workers?.stop();
    await services.close();
    await jobs.close();
    await fakes.close();
  }
}

/**
 * Empties the notification outbox the seeding filled (its submissions and approvals notify reviewers): its
 * fan-out is bench:api's subject, and run by the same workers it would be counted as publishing's (about a
 * fifth of the Redis commands per publication). Publishing itself notifies nobody. Answers how many were dropped.
 */
async function dropNotificationBacklog(client: BenchRedis['client'], prefix: string): Promise<number> {
  let dropped = 0;
  for await (const keys of client.scanStream({ match: `${prefix}*notify:outbox`, count: 1000 })) {
    for (const key of keys as string[]) dropped += await client.xtrim(key, 'MAXLEN', 0);
  }
  return dropped;
}

function queuedToPublished(publication: Publication): number {
  return Date.parse(publication.updatedAt) - Date.parse(publication.queuedAt);
}
