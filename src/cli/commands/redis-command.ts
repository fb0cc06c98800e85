import {
  moveToCluster,
  MoveCheckError,
  OwnerMissingError,
  SourceEmptyError,
  TargetNotEmptyError,
  UnknownKeyError,
  UnreadableMemberError,
  type MoveReport,
} from '../../adapters/redis/cluster-move.js';
import type { RedisClient } from '../../adapters/redis/redis-client.js';
import { connectRedis } from '../../adapters/redis/redis-connection.js';
import { parseHostPorts, parseRedisAddress } from '../../config/redis-address.js';
import { clusterAddressOf } from '../../config/load-config.js';
import {
  CommandExit,
  CommandUsageError,
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  requireString,
  runCommand,
  type CommandIo,
  unknownSubcommand,
  refuseExtraArguments,
} from './command-support.js';

export const REDIS_USAGE = 'qianfa redis move-to-cluster --from REDIS_URL --to HOST:PORT,HOST:PORT';

/**
 * `qianfa redis move-to-cluster --from REDIS_URL --to HOST:PORT,…`: copies a single-node installation (the keys
 * under QIANFA_REDIS_PREFIX) into an empty Redis Cluster in the Cluster's key shapes, then checks the copy. The
 * Cluster's password, if any, is QIANFA_REDIS_PASSWORD, as for `qianfa serve`. The service must be stopped first.
 */
export function redisCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, REDIS_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub !== 'move-to-cluster') throw unknownSubcommand(sub);
    const { values, positionals } = parseCommandArgs(rest, {
      from: { type: 'string' },
      to: { type: 'string' },
    });
    refuseExtraArguments(positionals);
    const from = requireString(values.from, 'from');
    if (parseRedisAddress(from).kind !== 'single')
      throw new CommandUsageError('--from 应为单节点 Redis 的地址（redis://…）');
    const nodes = requireString(values.to, 'to');
    if (!parseHostPorts(nodes))
      throw new CommandUsageError('--to 应为集群节点列表，如 10.0.0.21:7000,10.0.0.22:7000');
    const config = configOf(io);
    const to = io.env ? clusterAddressOf(nodes, io.env) : clusterAddressOf(nodes);
    const report = await withClients(from, to, (source, target) =>
      moveToCluster(source, target, { prefix: config.redisPrefix, sourceUrl: from, targetUrl: to }).catch(
        (error: unknown) => explained(error, config.redisPrefix),
      ),
    );
    io.stdout.write(summary(report, config.redisPrefix));
    return EXIT.ok;
  });
}

async function withClients<T>(
  from: string,
  to: string,
  work: (source: RedisClient, target: RedisClient) => Promise<T>,
): Promise<T> {
  const source = await connectRedis(from);
  try {
    const target = await connectRedis(to);
    try {
      return await work(source, target);
    } finally {
      target.disconnect();
    }
  } finally {
    source.disconnect();
  }
}

/** The move's refusals as one line each: what is wrong and what to do. */
function explained(error: unknown, prefix: string): never {
  if (error instanceof TargetNotEmptyError)
    throw new CommandExit(
      '目标集群中已有 qianfa 的数据：只能迁移到没有这些键的集群，未写入任何数据。',
      EXIT.refused,
    );
  if (error instanceof SourceEmptyError)
    throw new CommandExit(
      `源 Redis 中没有前缀为“${prefix}”的 qianfa 数据，未写入任何数据：请核对 --from 和 QIANFA_REDIS_PREFIX。`,
      EXIT.refused,
    );
  if (error instanceof UnknownKeyError)
    throw new CommandExit(
      `源 Redis 中有 qianfa 不认识的键“${error.key}”，未写入任何数据：请确认 QIANFA_REDIS_PREFIX 下只有 qianfa 的数据（或先删除该键），再迁移。`,
      EXIT.refused,
    );
  if (error instanceof OwnerMissingError)
    throw new CommandExit(
      `找不到“${error.key}”所属的单位（其记录已不存在），未写入任何数据：请先处理该键，再迁移。`,
      EXIT.refused,
    );
  if (error instanceof UnreadableMemberError)
    throw new CommandExit(
      `源 Redis 的“${error.key}”中有无法读取的条目“${error.member}”，未写入任何数据：请先修正或删除该条目，再迁移。`,
      EXIT.refused,
    );
  if (error instanceof MoveCheckError)
    throw new CommandExit(
      `迁移后的检查未通过（${error.message}）：目标集群中的数据不可用，请清空后重试，并继续使用单节点 Redis。`,
      EXIT.refused,
    );
  throw error;
}

function summary(report: MoveReport, prefix: string): string {
  const width = Math.max(...report.kinds.map(({ kind }) => kind.length));
  const rows = report.kinds.map(
    ({ kind, source, target }) =>
      `  ${kind.padEnd(width)}  ${String(source).padStart(7)}  ${String(target).padStart(7)}`,
  );
  const chains = report.chains.map(({ org, entries }) => `${org} ${entries} 条`).join('，');
  const queued = Object.entries(report.queuedJobs).map(([queue, jobs]) => `${queue} ${jobs}`);
  return [
    `已迁移到 Redis Cluster（前缀 ${prefix}），键数按类别（源、目标）：`,
    `  ${'类别'.padEnd(width - 2)}  ${'源'.padStart(6)}  ${'目标'.padStart(5)}`,
    ...rows,
    `审计链在目标上校验通过：${chains || '无'}`,
    `BullMQ 的键未迁移（${report.bullmqKeys} 个）` +
      (queued.length > 0 ? `；队列中留下的任务：${queued.join('，')}` : '；队列中没有留下的任务') +
      '。提醒与催办无需迁移任务：由巡查按待审索引与提醒标记（已随数据迁移）按时发出；' +
      `待发送的摘要已在集群上按原定时间重新排定（${report.digestsMoved} 个）；` +
      `待重试的通知投递已在集群上按原定时间与剩余次数重新排定（${report.deliveriesMoved} 个）；` +
      '已批准稿件的发布任务由 worker 启动时重新排队。',
    '',
  ].join('\n');
}
