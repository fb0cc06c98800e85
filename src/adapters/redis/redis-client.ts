import { Cluster, type Redis } from 'ioredis';
import { RedisKeys } from './redis-keys.js';

/**
 * The client every store and adapter takes: one Redis node (REDIS_URL, the embedded one, Sentinel's primary) or a
 * Redis Cluster (QIANFA_REDIS_CLUSTER). Both share ioredis' command interface; where they differ (duplicate's
 * arguments, SCAN walking one node) the helpers here take either.
 */
export type RedisClient = Redis | Cluster;

/**
 * A second connection like `client`, with the commands queued while it (re)connects instead of failing. Without
 * auto-pipelining: it carries blocking reads, each sent as soon as it is issued.
 */
export function duplicateQueuing(client: RedisClient): RedisClient {
  const override = { enableOfflineQueue: true, enableAutoPipelining: false };
  return client instanceof Cluster ? client.duplicate([], override) : client.duplicate(override);
}

/**
 * The keys matching `pattern`, a page at a time. SCAN walks one node, so on a Cluster it walks each master in
 * turn (a replica holds the same keys). A key may come twice, as with SCAN itself.
 */
export async function* scanKeys(
  client: RedisClient,
  pattern: string,
  count: number,
): AsyncGenerator<string[]> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      yield found;
    } while (cursor !== '0');
  }
}

/** The key names for `client`: on a Cluster each organisation's keys carry its hash tag, so they share a slot. */
export function keysOn(client: RedisClient, prefix: string): RedisKeys {
  return new RedisKeys(prefix, { hashTags: client instanceof Cluster });
}

/** The client as one node, for what only one node has (MONITOR, INFO of the whole data set); throws on a Cluster. */
export function oneNode(client: RedisClient): Redis {
  if (client instanceof Cluster) throw new Error('needs one Redis node, not a Cluster');
  return client;
}
