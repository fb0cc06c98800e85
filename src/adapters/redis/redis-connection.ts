import { onceUntilRecovered, stderrLogger } from '../logging/pino-logger.js';
import type { Logger } from '../../services/ports/logger.js';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisClient } from './redis-client.js';
import { hostPortText, parseRedisAddress, redactAddress, type HostPort } from '../../config/redis-address.js';
import { REDIS_CONFIG_TEXT } from '../../messages/redis-topology.js';

/** Raised when Redis cannot be reached at start-up. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

const COMMAND_TIMEOUT_MS = 5_000;

/**
 * Connects and resolves once Redis is ready. Options chosen so a request never waits on a dead Redis:
 * - `enableOfflineQueue: false`: while disconnected, commands fail at once (the HTTP layer answers 503)
 *   instead of queueing silently and replaying writes minutes later;
 * - `autoResendUnfulfilledCommands: false`: a write whose reply was lost is not sent twice after a reconnect;
 * - `commandTimeout`: a hung Redis turns into an error, not a hung request.
 * The client still reconnects in the background, so /readyz recovers when Redis does.
 */
export async function connectRedis(url: string, logger: Logger = stderrLogger()): Promise<RedisClient> {
  const client = newClient(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: COMMAND_TIMEOUT_MS,
  });
  // The first connection's failure is thrown below, as RedisUnavailableError; later ones are logged.
  const reportedByConnect = (): void => {};
  client.on('error', reportedByConnect);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new RedisUnavailableError(`无法连接 Redis（${redactUrl(url)}）：${(error as Error).message}`, {
      cause: error,
    });
  }
  client.off('error', reportedByConnect);
  // Commands and /readyz report a lost connection to their callers; the log gets it once per outage, not per retry.
  const outage = onceUntilRecovered(logger, 'redis connection error', { redis: redactUrl(url) });
  client.on('error', outage.onError);
  client.on('ready', outage.recovered);
  return client;
}

/**
 * A client for a Redis URL, a Sentinel address or a Cluster address (config/redis-address.ts); Sentinel clients
 * wait for a replica.
 */
function newClient(address: string, options: RedisOptions): RedisClient {
  const parsed = parseRedisAddress(address);
  if (parsed.kind === 'single') return new Redis(parsed.url, options);
  if (parsed.kind === 'cluster') return newCluster(address, options);
  const client = new Redis({ ...options, ...sentinelOptions(address) });
  replicaWaits.set(client, parsed.waitMs);
  return client;
}

/**
 * A Cluster client: `lazyConnect` and the offline queue apply to the cluster as a whole (commands fail at once
 * while it has no slot map); the rest to each node's connection, which ioredis opens on first use (so those keep
 * their offline queue, or their first command would fail).
 */
function newCluster(address: string, options: RedisOptions): Cluster {
  const { lazyConnect, enableOfflineQueue, ...nodeOptions } = options;
  return new Cluster(clusterNodes(address), {
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    redisOptions: { ...nodeOptions, ...clusterAuth(address) },
  });
}

/** The startup nodes of a Cluster address. */
export function clusterNodes(address: string): { host: string; port: number }[] {
  const parsed = parseRedisAddress(address);
  if (parsed.kind !== 'cluster') throw new Error('not a Cluster address');
  return parsed.nodes;
}

/** The nodes' password of a Cluster address, as ioredis options. */
export function clusterAuth(address: string): { password?: string } {
  const parsed = parseRedisAddress(address);
  return parsed.kind === 'cluster' && parsed.password ? { password: parsed.password } : {};
}

/**
 * ioredis options reaching the primary through Sentinel: on every (re)connection it asks the sentinels which node
 * is the primary, so a SIGKILLed primary's clients find the promoted replica; a READONLY reply (a demoted primary
 * still reachable) makes it reconnect and ask again. Not `failoverDetector`: when it fires during a reconnection,
 * ioredis 5 ends the client for good ("Connection is closed", status end), seen in the Sentinel test under load.
 */
export function sentinelOptions(address: string) {
  const parsed = parseRedisAddress(address);
  if (parsed.kind !== 'sentinel') throw new Error('not a Sentinel address');
  return {
    sentinels: parsed.sentinels,
    name: parsed.name,
    reconnectOnError: (error: Error) => error.message.startsWith('READONLY'),
    ...(parsed.password ? { password: parsed.password, sentinelPassword: parsed.password } : {}),
  } satisfies RedisOptions;
}

/**
 * The URL of the one node to use for a tool that takes a single node (`redis-cli --rdb`): a plain URL as it is; for
 * a Sentinel address, the node the sentinels name as the primary now (each asked in turn), once it answers ROLE as
 * a primary itself (a sentinel cut off from the others may still name a demoted one).
 */
export async function currentPrimaryUrl(address: string): Promise<string> {
  const parsed = parseRedisAddress(address);
  if (parsed.kind === 'single') return parsed.url;
  if (parsed.kind === 'cluster') throw new RedisUnavailableError(REDIS_CONFIG_TEXT.backupOnCluster);
  const auth = parsed.password ? `:${encodeURIComponent(parsed.password)}@` : '';
  for (const sentinel of parsed.sentinels) {
    const named = await askOnce(sentinel, parsed.password, (client) =>
      client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', parsed.name),
    );
    if (!Array.isArray(named)) continue;
    const node = { host: String(named[0]), port: Number(named[1]) };
    const role = await askOnce(node, parsed.password, (client) => client.call('ROLE'));
    if (Array.isArray(role) && role[0] === 'master') return `redis://${auth}${hostPortText(node)}`;
  }
  const sentinels = parsed.sentinels.map(hostPortText).join(',');
  throw new RedisUnavailableError(REDIS_CONFIG_TEXT.noPrimary(parsed.name, sentinels));
}

/** One command on a short-lived connection; undefined when the node cannot be reached or refuses it. */
async function askOnce(
  node: HostPort,
  password: string | undefined,
  ask: (client: Redis) => Promise<unknown>,
): Promise<unknown> {
  const client = new Redis({
    ...node,
    ...(password ? { password } : {}),
    lazyConnect: true,
    connectTimeout: COMMAND_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // the caller tries the next node
  try {
    await client.connect();
    return await ask(client);
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/** Clients that wait for a replica after a commit, and for how long (ms). */
const replicaWaits = new WeakMap<RedisClient, number>();

/** Raised when no replica acknowledged a commit in time: the write may be lost if the primary fails now. */
export class ReplicationUnconfirmedError extends Error {
  override readonly name = 'ReplicationUnconfirmedError';
  constructor() {
    super(REDIS_CONFIG_TEXT.replicationUnconfirmed);
  }
}

/** True when commits on this client wait for a replica (a Sentinel client); confirmReplicated is a no-op otherwise. */
export const waitsForReplica = (client: RedisClient): boolean => replicaWaits.has(client);

/**
 * After a commit on a client reaching its primary through Sentinel: `WAIT 1 <ms>`, so an acknowledged decision is
 * on a replica too and survives a failover. WAIT covers every write this connection sent before it. Throws
 * ReplicationUnconfirmedError when no replica acknowledged in time; a no-op on a single node.
 */
export async function confirmReplicated(client: RedisClient): Promise<void> {
  const waitMs = replicaWaits.get(client);
  if (waitMs === undefined) return;
  const acknowledged = Number(await client.call('WAIT', 1, waitMs));
  if (acknowledged < 1) throw new ReplicationUnconfirmedError();
}

/** True when Redis answers PING; never throws (used by /readyz). */
export async function pingRedis(client: RedisClient): Promise<boolean> {
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}

/** The URL without its password, for messages and logs. */
export const redactUrl = redactAddress;
