import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, copyFile, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanKeys, type RedisClient } from '../../adapters/redis/redis-client.js';
import { embeddedRedisDir, startEmbeddedRedis } from '../../adapters/redis/embedded-redis.js';
import { connectRedis, currentPrimaryUrl } from '../../adapters/redis/redis-connection.js';
import { openRedis } from '../../server.js';
import { parseRedisAddress } from '../../config/redis-address.js';
import { REDIS_CONFIG_TEXT } from '../../messages/redis-topology.js';
import {
  CommandExit,
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  requireString,
  runCommand,
  withRedis,
  type CommandIo,
  refuseExtraArguments,
} from './command-support.js';

export const BACKUP_USAGE = 'qianfa backup --out FILE';
export const RESTORE_USAGE = 'qianfa restore --from FILE';

/**
 * `qianfa backup --out FILE`: a consistent snapshot (RDB) of the whole Redis qianfa uses, the embedded one,
 * REDIS_URL or the primary the sentinels name, taken with `redis-cli --rdb` (Redis's own replication snapshot: a
 * fork, so writes go on). From the primary, not a replica: only the primary is sure to hold every change (a
 * replica may lag, or be cut off without anything saying so), and the fork is the one a replica's resync costs it.
 */
export function backupCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, BACKUP_USAGE, async () => {
    const out = requireString(fileOption(args, 'out'), 'out');
    const config = configOf(io);
    refuseOnCluster(config.redisUrl);
    const redis = await openRedis(config);
    try {
      await snapshotTo(await currentPrimaryUrl(redis.url), out);
    } finally {
      await redis.close();
    }
    io.stdout.write(`已备份到 ${out}（${(await stat(out)).size} 字节）\n`);
    return EXIT.ok;
  });
}

/**
 * `qianfa restore --from FILE`: loads the snapshot into a scratch redis-server and copies every key under
 * QIANFA_REDIS_PREFIX, with its expiry, into the Redis qianfa uses (DUMP/RESTORE, so each write goes through
 * that Redis's AOF). Only into an empty prefix: restored and newer data must never mix.
 */
export function restoreCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, RESTORE_USAGE, async () => {
    const from = requireString(fileOption(args, 'from'), 'from');
    await access(from).catch(() => {
      throw new CommandExit(`找不到备份文件 ${from}`, EXIT.refused);
    });
    const config = configOf(io);
    refuseOnCluster(config.redisUrl);
    const copied = await withRedis(config, async (target) => {
      await refuseUnlessEmpty(target, config.redisPrefix);
      return withSnapshot(from, (source) => copyKeys(source, target, config.redisPrefix));
    });
    if (copied === 0) {
      throw new CommandExit(
        `备份 ${from} 中没有前缀为“${config.redisPrefix}”的键，未恢复任何数据`,
        EXIT.refused,
      );
    }
    io.stdout.write(
      `已从 ${from} 恢复 ${copied} 个键（前缀 ${config.redisPrefix}）。请对每个单位运行 qianfa audit verify --org 单位标识 校验审计链。\n`,
    );
    return EXIT.ok;
  });
}

/** One RDB holds one node's keys: a Cluster's are on several masters, backed up node by node. */
function refuseOnCluster(redisUrl: string | undefined): void {
  if (redisUrl !== undefined && parseRedisAddress(redisUrl).kind === 'cluster')
    throw new CommandExit(REDIS_CONFIG_TEXT.backupOnCluster, EXIT.config);
}

function fileOption(args: string[], name: 'out' | 'from'): string | boolean | undefined {
  const { values, positionals } = parseCommandArgs(args, { [name]: { type: 'string' } });
  refuseExtraArguments(positionals);
  return values[name];
}

/** `redis-cli --rdb`, the password on stdin (`--askpass`: not on the command line); renamed into place when whole. */
async function snapshotTo(url: string, out: string): Promise<void> {
  const { hostname, port, username, password, protocol } = new URL(url);
  const args = [
    ...['-h', hostname.replace(/^\[|\]$/g, ''), '-p', port || '6379'],
    ...(username ? ['--user', decodeURIComponent(username)] : []),
    ...(protocol === 'rediss:' ? ['--tls'] : []),
    ...(password ? ['--askpass'] : []),
    ...['--rdb', `${out}.partial`],
  ];
  await new Promise<void>((resolve, reject) => {
    const child = execFile('redis-cli', args, { encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new CommandExit(REDIS_CLI_MISSING, EXIT.config));
      }
      reject(new CommandExit(`redis-cli --rdb 失败：${stderr.trim() || error.message}`, EXIT.config));
    });
    child.stdin?.on('error', () => undefined); // a redis-cli that is missing or gone: its exit is reported
    child.stdin?.end(password ? `${decodeURIComponent(password)}\n` : '');
  }).catch(async (error: unknown) => {
    await rm(`${out}.partial`, { force: true });
    throw error;
  });
  await rename(`${out}.partial`, out);
}

const REDIS_CLI_MISSING =
  '找不到 redis-cli：备份需要 Redis 自带的 redis-cli。Debian/Ubuntu 请运行 sudo apt-get install redis-tools。';

async function refuseUnlessEmpty(target: RedisClient, prefix: string): Promise<void> {
  if ((await firstKeys(target, prefix)).length === 0) return;
  throw new CommandExit(
    `Redis 中已有前缀为“${prefix}”的数据：只能恢复到空库，以免恢复的数据与现有数据混在一起。` +
      '请先停止 qianfa 并清空（内置 Redis：删除数据目录下的 redis 目录），再恢复。',
    EXIT.refused,
  );
}

/** Keys under the prefix (the config schema allows no glob characters in it), scanning until some are found. */
async function firstKeys(client: RedisClient, prefix: string): Promise<string[]> {
  for await (const found of scanKeys(client, `${prefix}*`, 1000)) if (found.length > 0) return found;
  return [];
}

/** The backup loaded by a private redis-server in a temporary directory, removed again afterwards. */
async function withSnapshot<T>(file: string, work: (source: RedisClient) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'qianfa-restore-'));
  try {
    await mkdir(embeddedRedisDir(dataDir), { mode: 0o700 });
    await copyFile(file, join(embeddedRedisDir(dataDir), 'dump.rdb'));
    const password = randomBytes(24).toString('hex');
    const scratch = await startEmbeddedRedis({ dataDir, password, snapshotOnly: true });
    try {
      const source = await connectRedis(scratch.url);
      return await work(source).finally(() => source.quit());
    } finally {
      await scratch.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Copies every key under the prefix with DUMP/RESTORE, keeping each remaining time to live; the count copied. */
async function copyKeys(source: RedisClient, target: RedisClient, prefix: string): Promise<number> {
  const seen = new Set<string>(); // SCAN may return a key twice
  let copied = 0;
  for await (const found of scanKeys(source, `${prefix}*`, 500)) {
    const keys = found.filter((key) => !seen.has(key));
    keys.forEach((key) => seen.add(key));
    const read = source.pipeline();
    for (const key of keys) read.dumpBuffer(key).pttl(key);
    const replies = (await read.exec()) ?? [];
    const write = target.pipeline();
    keys.forEach((key, n) => {
      const payload = replies[2 * n]?.[1] as Buffer | null;
      const ttl = replies[2 * n + 1]?.[1] as number;
      if (payload !== null && ttl !== -2) write.restore(key, Math.max(ttl, 0), payload);
    });
    for (const [error] of (await write.exec()) ?? []) if (error) throw error;
    copied += write.length;
  }
  return copied;
}
