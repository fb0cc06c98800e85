import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
/**
 * Where a submission's time goes, measured apart from HTTP: the checker alone on the same bodies, and the
 * embedded Redis (AOF, appendfsync always) answering reads, durable writes one at a time, and durable writes
 * many at once (which share one fsync per event-loop turn).
 */
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { oneNode } from '../../src/adapters/redis/redis-client.js';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { createChecker } from '../../src/create-checker.js';
import type { Notice } from './notices.js';

export interface Timing {
  label: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function timing(label: string, times: number[], elapsedMs: number): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { label, perSecond: (times.length * 1000) / elapsedMs, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/**
 * `check()` single-threaded on the benchmark's notices: a checker made and warmed once, timed again on each call
 * (at most `maxMs` or 5,000 checks). Beside a service run, with the service idle, it says how fast the host ran
 * this kind of code at that moment: the checker is the heaviest part of a submission, and in one benchmark both
 * the service's CPU and this figure were high (1.60 ms; 0.41 ms) while a bare Express POST's CPU hardly moved.
 * A one-second reading, so a rough one.
 */
export async function checkerTimer(notices: readonly Notice[]): Promise<(maxMs?: number) => Timing> {
  const checker = await createChecker();
  const draft = (i: number) => ({ ...notices[i % notices.length]!, format: 'text' as const });
  for (let i = 0; i < 300; i++) checker.check(draft(i));
  return (maxMs = 3000) => {
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 5000 && performance.now() - started < maxMs; i++) {
      const at = performance.now();
      checker.check(draft(i));
      times.push(performance.now() - at);
    }
    return timing('checker alone, 1 thread (check() of one notice)', times, performance.now() - started);
  };
}

/** Runs `op` `count` times, `parallel` at a time; latency of each call. */
async function timed(count: number, parallel: number, op: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const at = performance.now();
      await op(i);
      times.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return { times, elapsed: performance.now() - started };
}

/**
 * Against a service's own redis-server (keys under `bench:probe:`, removed afterwards): a read, a durable
 * write of `bytes` one at a time (each waits for its own fsync), the same `parallel` at a time, and a read followed
 * by a write one at a time, which is the shape of the per-organisation audit queue (read the chain head, then
 * the commit script) that every submission and approval of one organisation passes through in turn.
 */
export async function redisProbe(url: string, parallel: number, bytes: number): Promise<Timing[]> {
  const redis = oneNode(await connectRedis(url));
  const value = 'x'.repeat(bytes);
  const size = `${Math.round(bytes / 1024)} KB`;
  const key = (i: number) => `bench:probe:${i % 1000}`;
  try {
    await redis.set(key(0), value);
    const results: Timing[] = [];
    const add = (label: string, run: { times: number[]; elapsed: number }) =>
      results.push(timing(label, run.times, run.elapsed));
    add('redis GET, 1 at a time (round trip, no fsync)', await timed(2000, 1, () => redis.get(key(0))));
    add(`redis SET ${size}, 1 at a time (fsync each)`, await timed(500, 1, (i) => redis.set(key(i), value)));
    add(
      `redis SET ${size}, ${parallel} at a time (fsyncs shared)`,
      await timed(5000, parallel, (i) => redis.set(key(i), value)),
    );
    add(
      `redis GET then SET ${size}, 1 at a time (one org\u2019s commit queue)`,
      await timed(500, 1, async (i) => {
        await redis.get(key(0));
        await redis.set(key(i), value);
      }),
    );
    return results;
  } finally {
    const keys = await redis.keys('bench:probe:*');
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

/**
 * Watches the service's redis-server from the side: turns on its latency monitor (events of 1 ms or more,
 * among them `aof-fsync-always`, the fsync every write waits for) and reads afterwards what it saw, Redis's
 * own time per EVAL (the service's scripts), EVALSHA (BullMQ's) and GET, and what the AOF did.
 */
export async function watchRedis(url: string): Promise<{
  around<T extends { label: string }>(run: () => Promise<T>): Promise<T>;
  report(): Promise<string[]>;
}> {
  const redis = oneNode(await connectRedis(url));
  await redis.config('SET', 'latency-monitor-threshold', '1');
  await redis.latency('RESET');
  const perRun: string[] = [];
  return {
    /** Runs `run` and notes what Redis's persistence did meanwhile, for report(). */
    async around(run) {
      const before = await persistenceNow(redis);
      const value = await run();
      perRun.push(`${value.label}: ${persistenceDuring(before, await persistenceNow(redis))}`);
      return value;
    },
    async report() {
      try {
        const lines: string[] = [];
        const stats = await redis.info('commandstats');
        const perCommand = [
          ...stats.matchAll(/^cmdstat_(eval|evalsha|get):calls=(\d+),usec=\d+,usec_per_call=([\d.]+)/gm),
        ]
          .map(([, name, calls, perCall]) => `${name} ${int(Number(calls))} calls, ${perCall} µs each`)
          .join('; ');
        lines.push(`time inside redis-server per command (no network, no fsync): ${perCommand}`);
        const fsyncs = (await redis.latency('HISTORY', 'aof-fsync-always')) as [number, number][];
        if (fsyncs.length > 0) {
          const worst = fsyncs.map(([, ms]) => ms).sort((a, b) => a - b);
          const median = worst[Math.floor(worst.length / 2)]!;
          lines.push(
            `fsync (aof-fsync-always) took ≥ 1 ms in ${worst.length} seconds of the run; ` +
              `worst per second: median ${median} ms, max ${worst.at(-1)} ms`,
          );
        } else {
          lines.push('fsync (aof-fsync-always) never took 1 ms or more');
        }
        const persistence = await redis.info('persistence');
        const field = (name: string) => infoField(persistence, name) ?? '?';
        const mb = (Number(field('aof_current_size')) / 1024 / 1024).toFixed(0);
        lines.push(`AOF: ${mb} MB at the end, rewritten ${field('aof_rewrites')} times in the background`);
        if (perRun.length > 0) lines.push(`during each run: ${perRun.join('; ')}`);
        return lines;
      } finally {
        await redis.quit();
      }
    },
  };
}

/** A numeric field of an INFO reply. */
const infoField = (info: string, name: string): string | undefined =>
  new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1];

/** Redis's persistence counters at one instant, and its fsync stalls of the seconds so far (LATENCY HISTORY). */
interface PersistenceNow {
  atS: number;
  forks: number;
  latestForkUs: number;
  rewriting: boolean;
  fsyncStalls: [number, number][];
}

async function persistenceNow(redis: Redis): Promise<PersistenceNow> {
  const info = await redis.info('persistence', 'stats');
  const field = (name: string) => Number(infoField(info, name) ?? 0);
  return {
    atS: Date.now() / 1000,
    forks: field('total_forks'),
    latestForkUs: field('latest_fork_usec'),
    rewriting: field('aof_rewrite_in_progress') === 1,
    fsyncStalls: (await redis.latency('HISTORY', 'aof-fsync-always')) as [number, number][],
  };
}

/**
 * What Redis's persistence did between two instants: AOF rewrites (a fork stops Redis for its duration, and the
 * rewrite's writes compete with the fsync every acknowledged write waits for) and the seconds whose fsync took
 * 1 ms or more. It tells a p99 that an AOF rewrite landed in from one that did not.
 */
function persistenceDuring(before: PersistenceNow, after: PersistenceNow): string {
  const forks = after.forks - before.forks;
  const rewrites =
    forks > 0
      ? `${forks} AOF rewrite${forks > 1 ? 's' : ''} (last fork ${(after.latestForkUs / 1000).toFixed(1)} ms)`
      : before.rewriting
        ? 'an AOF rewrite still running from before'
        : 'no AOF rewrite';
  const stalls = after.fsyncStalls
    .filter(([atS]) => atS >= Math.floor(before.atS) && atS <= after.atS)
    .map(([, ms]) => ms);
  const fsyncs =
    stalls.length > 0
      ? `fsync ≥ 1 ms in ${stalls.length} s, worst ${Math.max(...stalls)} ms`
      : 'no fsync of 1 ms or more';
  return `${rewrites}, ${fsyncs}`;
}

const int = (n: number) => n.toLocaleString('en-US');

/** Commands Redis ran so far (INFO commandstats: a script's own calls count too), and how many were scripts. */
export async function redisCommandCount(url: string): Promise<{ all: number; scripts: number }> {
  const redis = oneNode(await connectRedis(url));
  try {
    const stats = await redis.info('commandstats');
    let all = 0;
    let scripts = 0;
    for (const [, name, calls] of stats.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) {
      all += Number(calls);
      if (name === 'eval' || name === 'evalsha') scripts += Number(calls);
    }
    return { all, scripts };
  } finally {
    await redis.quit();
  }
}

/**
 * Waits until the workers have taken and acknowledged every notification job in the outbox streams (lag and
 * pending of their consumer group both 0), so that a run's CPU includes the fan-out it set off; the seconds waited.
 */
export async function fanOutDrained(url: string, deadlineMs = 300_000): Promise<number> {
  const redis = oneNode(await connectRedis(url));
  const started = performance.now();
  try {
    for (;;) {
      let left = 0;
      for (const key of await outboxStreams(redis)) {
        for (const group of (await redis.xinfo('GROUPS', key)) as unknown[][]) {
          const field = (name: string) => Number(group[group.indexOf(name) + 1] ?? 0);
          left += field('pending') + field('lag');
        }
      }
      const waited = performance.now() - started;
      if (left === 0) return waited / 1000;
      if (waited > deadlineMs)
        throw new Error(`fan-out not drained after ${deadlineMs} ms: ${left} jobs left`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await redis.quit();
  }
}

async function outboxStreams(redis: ReturnType<typeof oneNode>): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', '*notify:outbox', 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  return keys;
}

/** A loopback webhook receiver answering 204 to everything; counts what it received and its connections. */
export async function startWebhookReceiver(): Promise<{
  url: string;
  received(): number;
  connections(): number;
  close(): void;
}> {
  let count = 0;
  let connections = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(204).end();
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/hook`;
  return { url, received: () => count, connections: () => connections, close: () => server.close() };
}

/** Redis traffic of `runs` submissions, one at a time: commands sent (round trips) and run inside scripts. */
export interface RequestPathCommands {
  runs: number;
  sent: Map<string, number>;
  inScripts: Map<string, number>;
}

/**
 * Counts with MONITOR what `submitOne` costs Redis, `runs` times in a row. Meant for a service whose workers are
 * off, so every command but this connection's own comes from the request path.
 */
export async function requestPathCommands(
  url: string,
  runs: number,
  submitOne: () => Promise<void>,
): Promise<RequestPathCommands> {
  const redis = oneNode(await connectRedis(url));
  const monitor = await redis.monitor();
  const counted: RequestPathCommands = { runs, sent: new Map(), inScripts: new Map() };
  const add = (map: Map<string, number>, name: string) => map.set(name, (map.get(name) ?? 0) + 1);
  let open = false;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const name = String(args[0]).toLowerCase();
    if (name === 'echo') open = args[1] === 'start';
    else if (open) add(source === 'lua' ? counted.inScripts : counted.sent, name);
  });
  try {
    await redis.echo('start');
    for (let i = 0; i < runs; i++) await submitOne();
    await redis.echo('end');
    // MONITOR's lines arrive after the replies: wait for the closing mark.
    await new Promise<void>((resolve) => {
      const check = () => (open ? setImmediate(check) : resolve());
      check();
    });
  } finally {
    monitor.disconnect();
    await redis.quit();
  }
  return counted;
}

/** `12.0 (evalsha 2.0, get 1.0, …)`: per run, largest first. */
export function perRun(map: Map<string, number>, runs: number): string {
  const total = [...map.values()].reduce((sum, n) => sum + n, 0);
  const each = [...map].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${(n / runs).toFixed(1)}`);
  return `${(total / runs).toFixed(1)} (${each.join(', ')})`;
}
