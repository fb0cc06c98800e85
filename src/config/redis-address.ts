/**
 * Where Redis is, as one string that travels wherever a Redis URL did (the service's client, BullMQ's
 * connections, `qianfa serve`'s processes):
 * - `redis://…` / `rediss://…`: one node (REDIS_URL);
 * - `redis-sentinel://[:password@]host:port,host:port/?name=<primary>&wait=<ms>`: a primary found through Redis
 *   Sentinel (QIANFA_REDIS_SENTINELS), the form Lettuce and others use; `wait` is how long a commit waits for a
 *   replica's acknowledgement (WAIT 1 <ms>);
 * - `redis-cluster://[:password@]host:port,host:port/?wait=<ms>`: a Redis Cluster reached through these nodes
 *   (QIANFA_REDIS_CLUSTER); the client learns the others and the slots from them; `wait` as for Sentinel, on
 *   every master (`confirmReplicated`).
 */
export type RedisAddress =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; password?: string; waitMs: number }
  | { kind: 'cluster'; nodes: HostPort[]; password?: string; waitMs: number };

export interface HostPort {
  host: string;
  port: number;
}

const SENTINEL_SCHEME = 'redis-sentinel://';
const CLUSTER_SCHEME = 'redis-cluster://';

/** `host:port,host:port` (as QIANFA_REDIS_SENTINELS takes it) → host and port pairs; undefined when malformed. */
export function parseHostPorts(list: string): HostPort[] | undefined {
  const pairs = list.split(',').map((each) => /^\s*([^\s:,]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\s*$/.exec(each));
  if (pairs.length === 0 || pairs.some((match) => !match || Number(match[2]) > 65535)) return undefined;
  return pairs.map((match) => ({ host: match![1]!.replace(/^\[|\]$/g, ''), port: Number(match![2]) }));
}

/** `host:port`, an IPv6 host in brackets (as in a URL). */
export const hostPortText = ({ host, port }: HostPort): string =>
  `${host.includes(':') ? `[${host}]` : host}:${port}`;

const authText = (password: string | undefined): string =>
  password ? `:${encodeURIComponent(password)}@` : '';

/** The address of a primary behind Sentinel, as a string. */
export function sentinelAddress(options: Omit<Extract<RedisAddress, { kind: 'sentinel' }>, 'kind'>): string {
  const query = new URLSearchParams({ name: options.name, wait: String(options.waitMs) });
  return `${SENTINEL_SCHEME}${authText(options.password)}${options.sentinels.map(hostPortText).join(',')}/?${query.toString()}`;
}

/** The address of a Redis Cluster, as a string. */
export function clusterAddress(options: Omit<Extract<RedisAddress, { kind: 'cluster' }>, 'kind'>): string {
  const query = new URLSearchParams({ wait: String(options.waitMs) });
  return `${CLUSTER_SCHEME}${authText(options.password)}${options.nodes.map(hostPortText).join(',')}/?${query.toString()}`;
}

/** Reads an address written by `sentinelAddress` or `clusterAddress`, or a plain Redis URL. */
export function parseRedisAddress(address: string): RedisAddress {
  if (address.startsWith(CLUSTER_SCHEME)) return parseClusterAddress(address);
  if (!address.startsWith(SENTINEL_SCHEME)) return { kind: 'single', url: address };
  const { password, hostPorts: sentinels, params } = parseAfterScheme(address, SENTINEL_SCHEME);
  const name = params.get('name');
  if (!sentinels || !name) throw new Error(`Redis Sentinel 地址有误：${redactAddress(address)}`);
  return { kind: 'sentinel', sentinels, name, waitMs: waitMsOf(params), ...(password ? { password } : {}) };
}

function parseClusterAddress(address: string): RedisAddress {
  const { password, hostPorts: nodes, params } = parseAfterScheme(address, CLUSTER_SCHEME);
  if (!nodes) throw new Error(`Redis Cluster 地址有误：${redactAddress(address)}`);
  return { kind: 'cluster', nodes, waitMs: waitMsOf(params), ...(password ? { password } : {}) };
}

/** How long a commit waits for a replica: the address's `wait`, 1000 ms when absent (an address written before it). */
const waitMsOf = (params: URLSearchParams): number => Number(params.get('wait') ?? 1000);

/** `scheme[:password@]host:port,…[/?query]` → the password (if any), the host and port pairs, the query. */
function parseAfterScheme(address: string, scheme: string) {
  const [authority = '', query = ''] = address.slice(scheme.length).split('/?');
  return { ...parseAuthority(authority), params: new URLSearchParams(query) };
}

/** `[:password@]host:port,host:port` → the password (if any) and the host and port pairs. */
function parseAuthority(authority: string): { password?: string; hostPorts: HostPort[] | undefined } {
  const at = authority.lastIndexOf('@');
  const hostPorts = parseHostPorts(authority.slice(at + 1));
  if (at < 0) return { hostPorts };
  return { password: decodeURIComponent(authority.slice(0, at).replace(/^:/, '')), hostPorts };
}

/** The address without its password, for messages and logs. */
export function redactAddress(address: string): string {
  if (address.startsWith(SENTINEL_SCHEME) || address.startsWith(CLUSTER_SCHEME))
    return address.replace(/\/\/[^@/]*@/, '//***@');
  try {
    const parsed = new URL(address);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}
