import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { answersPing, freePort } from '../../src/adapters/redis/embedded-redis.js';
import { until } from './until.js';

/** One redis-server (or redis-server --sentinel) on a free loopback port, in its own directory. */
export interface RedisNode {
  port: number;
  /** SIGKILL: the node dies at once, nothing flushed (the failure a failover covers). */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a node that hangs, connections open, answering nothing. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /** Starts it again on the same port and directory (a failed machine coming back). */
  restart(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/** Starts redis-server with `args` (and a config file first when given) and waits until it answers PING. */
export async function startRedisNode(dir: string, args: string[], configFile?: string): Promise<RedisNode> {
  const port = await freePort();
  await mkdir(dir, { recursive: true });
  const command = [
    ...(configFile ? [configFile] : []),
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...args],
  ];
  let child = await spawnNode(port, command);
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (ended(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.kill(signal);
    await exited;
    clearTimeout(force);
  };
  const signal = (name: NodeJS.Signals) => () => Promise.resolve(void child.kill(name));
  return {
    port,
    kill: () => end('SIGKILL'),
    pause: signal('SIGSTOP'),
    resume: signal('SIGCONT'),
    stop: () => end('SIGTERM'),
    restart: async () => {
      await end('SIGTERM');
      child = await spawnNode(port, command);
    },
  };
}

async function spawnNode(port: number, args: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'ignore'] });
  await until(`redis-server on ${port} to answer`, async () => {
    if (ended(child))
      throw new Error(`redis-server on ${port} exited (${child.exitCode ?? child.signalCode})`);
    return answersPing(port);
  });
  return child;
}

const ended = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

/** Every node of a topology in a temporary directory, stopped and removed together. */
async function inTempDir<T extends { close(): Promise<void> }>(
  name: string,
  build: (dir: string, nodes: RedisNode[]) => Promise<Omit<T, 'close'>>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `qianfa-${name}-`));
  const nodes: RedisNode[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    return { ...(await build(dir, nodes)), close } as T;
  } catch (error) {
    await close();
    throw error;
  }
}

/** Data nodes as the service's Redis would run: AOF fsynced on every write, no snapshots. */
const DURABLE = ['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''];

export const SENTINEL_PRIMARY_NAME = 'qianfa-primary';

export interface SentinelSet {
  primary: RedisNode;
  replica: RedisNode;
  sentinels: RedisNode[];
  /** `QIANFA_REDIS_SENTINELS` for this set. */
  sentinelList: string;
  /** The port the sentinels name as the primary now. */
  primaryPort(): Promise<number>;
  /** Resolves once every sentinel sees the replica in sync and the two other sentinels. */
  untilFailoverPossible(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A primary, one replica and three sentinels (quorum 2) watching it. Resolves once the replica is in sync and
 * every sentinel knows the replica and the two other sentinels, so a failover can happen from then on.
 * `downAfterMs` is how long the primary must be silent before it is judged down: low, so a test waits little.
 */
export function startSentinelSet(downAfterMs = 1000): Promise<SentinelSet> {
  return inTempDir<SentinelSet>('sentinel', async (dir, nodes) => {
    const primary = await startRedisNode(join(dir, 'primary'), DURABLE);
    nodes.push(primary);
    const replica = await startRedisNode(join(dir, 'replica'), [
      ...DURABLE,
      ...['--replicaof', '127.0.0.1', String(primary.port)],
    ]);
    nodes.push(replica);
    const sentinels: RedisNode[] = [];
    for (const index of [1, 2, 3]) {
      const sentinelDir = join(dir, `sentinel-${index}`);
      await mkdir(sentinelDir, { recursive: true });
      const file = join(sentinelDir, 'sentinel.conf');
      await writeFile(file, sentinelConfig(primary.port, downAfterMs));
      const sentinel = await startRedisNode(sentinelDir, ['--sentinel'], file);
      nodes.push(sentinel);
      sentinels.push(sentinel);
    }
    await untilFailoverPossible(sentinels);
    const primaryPort = () => askPrimary(sentinels[0]!.port);
    const sentinelList = sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
    const ready = () => untilFailoverPossible(sentinels);
    return { primary, replica, sentinels, sentinelList, primaryPort, untilFailoverPossible: ready };
  });
}

function sentinelConfig(primaryPort: number, downAfterMs: number): string {
  const name = SENTINEL_PRIMARY_NAME;
  return [
    `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
    `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
    `sentinel failover-timeout ${name} 10000`,
    `sentinel parallel-syncs ${name} 1`,
    '',
  ].join('\n');
}

/** Each sentinel sees the replica (online) and the two other sentinels: the conditions for a failover. */
async function untilFailoverPossible(sentinels: readonly RedisNode[]): Promise<void> {
  for (const sentinel of sentinels) {
    const client = new Redis({ port: sentinel.port, host: '127.0.0.1', lazyConnect: true });
    try {
      await until(
        `sentinel ${sentinel.port} to know the replica and its peers`,
        async () => {
          const primary = fieldsOf(
            (await client.call('SENTINEL', 'MASTER', SENTINEL_PRIMARY_NAME)) as string[],
          );
          const replicas = (await client.call('SENTINEL', 'REPLICAS', SENTINEL_PRIMARY_NAME)) as string[][];
          const healthy = replicas
            .map(fieldsOf)
            .filter((r) => r.flags === 'slave' && r['master-link-status'] === 'ok');
          return healthy.length === 1 && primary['num-other-sentinels'] === '2';
        },
        60_000,
      );
    } finally {
      client.disconnect();
    }
  }
}

async function askPrimary(sentinelPort: number): Promise<number> {
  const client = new Redis({ port: sentinelPort, host: '127.0.0.1', lazyConnect: true });
  try {
    const [, port] = (await client.call(
      'SENTINEL',
      'GET-MASTER-ADDR-BY-NAME',
      SENTINEL_PRIMARY_NAME,
    )) as string[];
    return Number(port);
  } finally {
    client.disconnect();
  }
}

/** A flat `[field, value, …]` reply as an object. */
function fieldsOf(reply: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) fields[reply[i]!] = reply[i + 1]!;
  return fields;
}
