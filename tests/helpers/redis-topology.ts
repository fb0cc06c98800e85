import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { answersPing, freePort } from '../../src/adapters/redis/embedded-redis.js';
import { hostPortText } from '../../src/config/redis-address.js';
import { ended, stopChild } from './stop-child.js';
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
  const end = (signal: NodeJS.Signals) => stopChild(child, signal, STOP_GRACE_MS);
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

export interface RedisClusterNodes {
  /** The nodes `redis-cli --cluster create` made masters (a failover changes who is: see `masterOf`). */
  masters: RedisNode[];
  /** Their replicas, when started with some. */
  replicas: RedisNode[];
  /** `host:port` of every master, as a cluster client's start nodes. */
  startNodes: { host: string; port: number }[];
  /** The node on `port`. */
  node(port: number): RedisNode;
  /** The port of the master serving `key`'s slot now, and of its replicas, as a node that is up says. */
  servingOf(key: string): Promise<{ master: number; replicas: number[] }>;
  /** Resolves once every node says `cluster_state:ok` and every master has a replica in sync (when started so). */
  untilFailoverPossible(): Promise<void>;
  close(): Promise<void>;
}

export interface ClusterShape {
  /** Replicas per master (`--cluster-replicas`); default none. */
  replicasEach?: number;
  /** `cluster-node-timeout`: how long a master is silent before its replica takes over; default 5000. */
  nodeTimeoutMs?: number;
}

const CLUSTER_MASTERS = 3;

/**
 * A Redis Cluster of three masters (and `replicasEach` replicas of each) on free loopback ports:
 * `redis-server --cluster-enabled yes` each, joined and given the 16384 slots by `redis-cli --cluster create`.
 * Resolves once every node says `cluster_state:ok` and, with replicas, every master's replica is in sync and
 * listed in every node's slot map (what a client reads to know there are replicas).
 */
export function startRedisCluster({
  replicasEach = 0,
  nodeTimeoutMs = 5000,
}: ClusterShape = {}): Promise<RedisClusterNodes> {
  return inTempDir<RedisClusterNodes>('cluster', async (dir, nodes) => {
    const clusterArgs = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'];
    const timeoutArgs = ['--cluster-node-timeout', String(nodeTimeoutMs)];
    for (let index = 1; index <= CLUSTER_MASTERS * (1 + replicasEach); index++) {
      const args = [...DURABLE, ...clusterArgs, ...timeoutArgs];
      nodes.push(await startRedisNode(join(dir, `node-${index}`), args));
    }
    const all = nodes.map((node) => ({ host: '127.0.0.1', port: node.port }));
    await run('redis-cli', [
      ...['--cluster', 'create', ...all.map(hostPortText)],
      ...['--cluster-replicas', String(replicasEach), '--cluster-yes'],
    ]);
    const roles = await Promise.all(nodes.map((node) => askNode(node.port, (c) => c.call('ROLE'))));
    const isMaster = (index: number) => (roles[index] as string[])[0] === 'master';
    const masters = nodes.filter((_, index) => isMaster(index));
    const replicas = nodes.filter((_, index) => !isMaster(index));
    const ready = () => untilClusterReady(nodes, replicasEach);
    await ready();
    const node = (port: number) => nodes.find((each) => each.port === port)!;
    const startNodes = masters.map((each) => ({ host: '127.0.0.1', port: each.port }));
    const servingOf = (key: string) => askAnyNode(nodes, (client) => slotServing(client, key));
    return { masters, replicas, startNodes, node, servingOf, untilFailoverPossible: ready };
  });
}

/** Every node is ok and, with replicas, each slot range lists a replica whose link to its master is up. */
async function untilClusterReady(nodes: readonly RedisNode[], replicasEach: number): Promise<void> {
  await until(
    'the cluster to be ok, every master with its replicas in sync',
    async () => {
      for (const node of nodes) {
        const ok = await askNode(node.port, async (client) => {
          if (!String(await client.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) return false;
          const ranges = (await client.call('CLUSTER', 'SLOTS')) as unknown[][];
          return ranges.every((range) => range.length - 3 >= replicasEach);
        }).catch(() => false);
        if (!ok) return false;
        const role = (await askNode(node.port, (client) => client.call('ROLE'))) as unknown[];
        if (role[0] === 'slave' && role[3] !== 'connected') return false;
      }
      return true;
    },
    60_000,
  );
}

/** The master serving `key`'s slot and its replicas (CLUSTER KEYSLOT, CLUSTER SLOTS). */
async function slotServing(client: Redis, key: string): Promise<{ master: number; replicas: number[] }> {
  const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
  const ranges = (await client.call('CLUSTER', 'SLOTS')) as [number, number, ...[string, number][]][];
  const [, , ...servers] = ranges.find(([from, to]) => slot >= from && slot <= to)!;
  const [master, ...replicas] = servers.map(([, port]) => port);
  return { master: master!, replicas };
}

/** One command on a short-lived connection to the node on `port`. */
async function askNode<T>(port: number, ask: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined); // a node that is down: the caller's promise rejects
  try {
    return await ask(client);
  } finally {
    client.disconnect();
  }
}

/** `ask` of the first node that answers (some may be down). */
async function askAnyNode<T>(nodes: readonly RedisNode[], ask: (client: Redis) => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (const node of nodes) {
    try {
      return await askNode(node.port, ask);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${errors.slice(-500)}`)),
    );
  });
}
