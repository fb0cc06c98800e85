/** Small measuring helpers: percentiles, Redis command counts and CPU, process CPU, event-loop delay. */
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command, Redis } from 'ioredis';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';

/** Nearest-rank percentile of unsorted values (NaN when there are none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface RedisSnapshot {
  /** Calls per command (INFO commandstats), INFO itself excluded. */
  calls: Map<string, number>;
  /** Microseconds Redis spent executing each command. */
  usec: Map<string, number>;
  /** used_cpu_user + used_cpu_sys, in ms. */
  cpuMs: number;
  /** AOF size in bytes and background rewrites so far (a rewrite competes with appendfsync always). */
  aofBytes: number;
  aofRewrites: number;
}

export async function redisSnapshot(client: Redis): Promise<RedisSnapshot> {
  const [commands, cpu, persistence] = await Promise.all([
    client.info('commandstats'),
    client.info('cpu'),
    client.info('persistence'),
  ]);
  const calls = new Map<string, number>();
  const usec = new Map<string, number>();
  for (const match of commands.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    if (match[1] === 'info') continue;
    calls.set(match[1]!, Number(match[2]));
    usec.set(match[1]!, Number(match[3]));
  }
  const field = (text: string, name: string) =>
    Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    calls,
    usec,
    cpuMs: (field(cpu, 'used_cpu_user') + field(cpu, 'used_cpu_sys')) * 1000,
    aofBytes: field(persistence, 'aof_current_size'),
    aofRewrites: field(persistence, 'aof_rewrites'),
  };
}

export interface RedisDelta {
  total: number;
  /** Commands by number of calls, most first: [name, calls, µs]. */
  byCommand: [string, number, number][];
  cpuMs: number;
  aofBytes: number;
  aofRewrites: number;
}

export function redisDelta(before: RedisSnapshot, after: RedisSnapshot): RedisDelta {
  const byCommand: [string, number, number][] = [...after.calls].map(([name, calls]) => [
    name,
    calls - (before.calls.get(name) ?? 0),
    (after.usec.get(name) ?? 0) - (before.usec.get(name) ?? 0),
  ]);
  const changed = byCommand.filter(([, calls]) => calls > 0).sort((a, b) => b[1] - a[1]);
  return {
    total: changed.reduce((sum, [, calls]) => sum + calls, 0),
    byCommand: changed,
    cpuMs: after.cpuMs - before.cpuMs,
    aofBytes: after.aofBytes,
    aofRewrites: after.aofRewrites - before.aofRewrites,
  };
}

/** USER_HZ: /proc reports CPU time in ticks of 1/100 s on Linux. */
const TICKS_PER_SECOND = 100;

/** User + system CPU of a process, in ms, from /proc (undefined off Linux or when it has exited). */
export async function processCpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** This process's CPU (user + system) in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Event-loop delay of this process from now until stop(): the p99 in ms. */
export function watchEventLoop(): { stop(): { p99Ms: number; maxMs: number } } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
    },
  };
}

/**
 * PING round trips on a connection of its own until stop(): what any one command waits for in Redis (its queue
 * and, with appendfsync always, the fsync of the writes ahead of it).
 */
export async function probeRedis(url: string): Promise<{ stop(): Promise<number[]> }> {
  const client = await connectRedis(url);
  const rtts: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const sent = performance.now();
      await client.ping();
      rtts.push(performance.now() - sent);
      await sleep(5);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.quit();
      return rtts;
    },
  };
}

export interface ClientLog {
  /** Commands this client sent, by name (a round trip each, or one per pipeline). */
  calls: Map<string, number>;
  /** Group scripts that append to an organisation's audit chain: every serialised write (none without events). */
  chainWrites: number;
  /** Time those scripts and the turn taking around them spent waiting on Redis, summed, in ms. */
  chainRedisMs: number;
  chainScriptMs: number[];
}

/**
 * The client with every command it sends counted and timed (a Proxy over sendCommand, which every command and
 * pipeline of ioredis goes through). Writes of the audit chain writer are recognised by their Lua.
 */
export function recordingClient(client: Redis): { client: Redis; reset(): void; log(): ClientLog } {
  let log: ClientLog;
  const reset = () => {
    log = { calls: new Map(), chainWrites: 0, chainRedisMs: 0, chainScriptMs: [] };
  };
  reset();
  // Pipelines pass a stream and a node after the command: forward whatever comes.
  const original = client.sendCommand.bind(client) as (...args: unknown[]) => unknown;
  const sendCommand = (command: Command, ...rest: unknown[]): unknown => {
    log.calls.set(command.name, (log.calls.get(command.name) ?? 0) + 1);
    const { chainScript, turn } = chainCommand(command);
    if (chainScript || turn) {
      const sent = performance.now();
      const done = () => {
        const ms = performance.now() - sent;
        log.chainRedisMs += ms;
        if (chainScript) {
          log.chainWrites += 1;
          log.chainScriptMs.push(ms);
        }
      };
      command.promise.then(done, done);
    }
    return original(command, ...rest);
  };
  const proxy = new Proxy(client, {
    get: (target, property, receiver) =>
      property === 'sendCommand' ? sendCommand : (Reflect.get(target, property, receiver) as unknown),
  });
  return { client: proxy, reset, log: () => log };
}

/**
 * Whether a command is an audit group script (AuditChainWriter: first key the organisation's turn, then the
 * writes' keys) or takes, holds or gives back a turn. Scripts that append nothing run alone and are neither.
 */
function chainCommand(command: Command): { chainScript: boolean; turn: boolean } {
  if (command.name !== 'eval' && command.name !== 'evalsha') return { chainScript: false, turn: false };
  const [, keyCount, firstKey] = command.args.map(String);
  const onTurn = firstKey?.endsWith(':turn') === true;
  const chainScript = onTurn && Number(keyCount) > 3;
  return { chainScript, turn: !chainScript && (onTurn || firstKey?.endsWith(':turn-holder') === true) };
}

/** Starts Redis's latency monitor afresh: from now on it records every fsync that takes ≥ 1 ms. */
export async function watchFsync(client: Redis): Promise<void> {
  await client.config('SET', 'latency-monitor-threshold', '1');
  await client.call('LATENCY', 'RESET');
}

/** Seconds in which an `appendfsync always` fsync took ≥ 1 ms, and the slowest (Redis keeps one per second). */
export async function fsyncStalls(client: Redis): Promise<{ seconds: number; maxMs: number }> {
  const history = await client.call('LATENCY', 'HISTORY', 'aof-fsync-always');
  const samples = Array.isArray(history) ? history.map((entry) => Number((entry as unknown[])[1])) : [];
  return { seconds: samples.length, maxMs: samples.length ? Math.max(...samples) : 0 };
}
