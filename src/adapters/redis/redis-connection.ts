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
 * - `commandTimeout`: a hung Redis turns into an error, not a hung request;
 * - `enableAutoPipelining`: the commands issued in one turn of the event loop (by every request in flight) leave
 *   in one socket write, sent in the order they were issued (one write per command was a quarter of a
 *   submission's CPU). A command issued later, a WAIT included, still follows them. MULTI and explicit pipelines
 *   are sent at once, so a flow awaits its earlier commands before one, as it does now. On a Cluster the option
 *   reaches each node's connection only, where it changes nothing. Scripts go through withScripts (EVAL and
 *   EVALSHA), never ioredis `defineCommand`: a command defined while a pipeline waits hangs the connection.
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
    enableAutoPipelining: true,
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
 * their offline queue, or their first command would fail). When its first slot map lists a replica, its commits
 * wait for replicas (confirmReplicated); a Cluster without any replica has none to wait for (`waitsForReplicas`).
 */
function newCluster(address: string, options: RedisOptions): Cluster {
  const { lazyConnect, enableOfflineQueue, ...nodeOptions } = options;
  const cluster = new Cluster(clusterNodes(address), {
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    redisOptions: { ...nodeOptions, ...clusterAuth(address) },
  });
  // Registered before connect()'s own listener, so decided before connectRedis resolves.
  cluster.once('ready', () => {
    if (cluster.nodes('slave').length === 0) return;
    replicaWaits.set(cluster, clusterWaitMs(address));
    lostMasters.set(cluster, watchLostMasters(cluster));
  });
  return cluster;
}

const clusterWaitMs = (address: string): number => {
  const parsed = parseRedisAddress(address);
  return parsed.kind === 'cluster' ? parsed.waitMs : 0;
};

/**
 * The master connections of a Cluster that ended since its slot map was last read. Writes acknowledged on one
 * may not be on its replica yet, and ioredis drops it from `nodes('master')`, so WAIT can no longer be sent
 * there: until the slot map is read again (asked for at once; it then names the node again, on a new connection
 * WAIT is sent on, or the promoted replica), commits are unconfirmed.
 */
function watchLostMasters(cluster: Cluster): Set<Redis> {
  const lost = new Set<Redis>();
  cluster.on('-node', (node: Redis) => {
    if (node.options.readOnly || cluster.status !== 'ready') return;
    lost.add(node);
    cluster.refreshSlotsCache();
  });
  cluster.on('refresh', () => lost.clear());
  return lost;
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
/** Per Cluster that waits: its master connections lost since its slot map was last read (watchLostMasters). */
const lostMasters = new WeakMap<Cluster, Set<Redis>>();

/** True when commits on `client` wait for a replica (Sentinel, or a Cluster whose slot map listed replicas). */
export const waitsForReplicas = (client: RedisClient): boolean => replicaWaits.has(client);

/** Raised when no replica acknowledged a commit in time: the write may be lost if the primary fails now. */
export class ReplicationUnconfirmedError extends Error {
  override readonly name = 'ReplicationUnconfirmedError';
  constructor() {
    super(REDIS_CONFIG_TEXT.replicationUnconfirmed);
  }
}

/**
 * After a commit, so an acknowledged decision is on a replica too and survives a failover: `WAIT 1 <ms>` on the
 * connection that wrote it, which covers every write that connection sent before it. Through Sentinel that is
 * the one connection to the primary; on a Cluster, ioredis keeps one connection per master and sends each command
 * on its slot's, so WAIT goes to every master's connection at once (one that took no write answers at once). Throws
 * ReplicationUnconfirmedError when a replica did not acknowledge in time, a WAIT could not be sent (the change is
 * committed: it is its replication that is unknown) or a master connection was lost since the slot map was read;
 * a no-op on a single node or a Cluster without replicas.
 */
export async function confirmReplicated(client: RedisClient): Promise<void> {
  const waitMs = replicaWaits.get(client);
  if (waitMs === undefined) return;
  const lost = client instanceof Cluster ? lostMasters.get(client) : undefined;
  const lostBefore = Boolean(lost?.size);
  const connections = client instanceof Cluster ? client.nodes('master') : [client];
  const acknowledged = await Promise.all(
    connections.map((connection) => connection.call('WAIT', 1, waitMs).then(Number, () => 0)),
  );
  if (lostBefore || lost?.size || acknowledged.some((replicas) => replicas < 1))
    throw new ReplicationUnconfirmedError();
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
