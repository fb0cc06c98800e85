import { timingSafeEqual } from 'node:crypto';
import type { RedisClient } from './redis-client.js';
import type { GatewayCredential } from '../../domain/gateway/gateway-credential.js';
import type { GatewayCredentialStore, IssuedGatewayToken } from '../../services/ports/gateway.js';
import { RedisKeys } from './redis-keys.js';
import { OrgOfIds } from './org-of-ids.js';
import { hashToken } from './redis-people-store.js';

// Each write is one Lua script: RedisClient runs it atomically and, with appendfsync always, replies after fsync.
// KEYS: credential, org index, and (Weibo) the token key. ARGV: JSON, secret hash, score, appid, token JSON, TTL.
const ADD = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'credential', ARGV[1], 'secret', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[5], 'EX', ARGV[6]) end
return 1`;

// Compare-and-set of the credential's JSON, so a revocation never overwrites a change it did not see.
const REPLACE = `
if redis.call('HGET', KEYS[1], 'credential') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'credential', ARGV[2])
return 1`;

/** GatewayCredentialStore on Redis; see the contract in services/ports/gateway.ts. */
export class RedisGatewayCredentialStore implements GatewayCredentialStore {
  private readonly orgs: OrgOfIds;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {
    this.orgs = new OrgOfIds(redis, keys, 'gatewayCredentialOrg');
  }

  async add(
    credential: GatewayCredential,
    secret: string,
    token?: IssuedGatewayToken,
  ): Promise<'added' | 'exists'> {
    const { keys } = this;
    // Found by its hash alone, the token is in no organisation's slot: under hashTags it is written just after.
    const tokenKeys = token && !keys.perOrg ? [keys.gatewayToken(hashToken(token.token))] : [];
    await this.orgs.remember(credential.appid, credential.org);
    const added = await this.redis.eval(
      ADD,
      2 + tokenKeys.length,
      keys.gatewayCredential(credential.org, credential.appid),
      keys.orgGatewayCredentials(credential.org),
      ...tokenKeys,
      JSON.stringify(credential),
      hashToken(secret),
      Date.parse(credential.createdAt),
      credential.appid,
      token ? tokenValue(token) : '',
      token ? token.ttlSeconds : 0,
    );
    if (added === 1 && token && keys.perOrg) await this.addToken(token);
    return added === 1 ? 'added' : 'exists';
  }

  /** The credential's key, or null when no credential has that appid. */
  private async keyOf(appid: string): Promise<string | null> {
    const org = await this.orgs.of(appid);
    return org === null ? null : this.keys.gatewayCredential(org, appid);
  }

  async get(appid: string): Promise<GatewayCredential | null> {
    const key = await this.keyOf(appid);
    const json = key === null ? null : await this.redis.hget(key, 'credential');
    return json === null ? null : (JSON.parse(json) as GatewayCredential);
  }

  async verify(
    appid: string,
    secret: string,
  ): Promise<{ credential: GatewayCredential; secretMatches: boolean } | null> {
    const key = await this.keyOf(appid);
    if (key === null) return null;
    const [json, stored] = await this.redis.hmget(key, 'credential', 'secret');
    if (json === null || json === undefined) return null;
    const given = Buffer.from(hashToken(secret), 'hex');
    const expected = Buffer.from(stored ?? '', 'hex');
    const secretMatches = expected.length === given.length && timingSafeEqual(expected, given);
    return { credential: JSON.parse(json) as GatewayCredential, secretMatches };
  }

  async list(org: string): Promise<GatewayCredential[]> {
    const appids = await this.redis.zrange(this.keys.orgGatewayCredentials(org), 0, -1);
    if (appids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const appid of appids) pipeline.hget(this.keys.gatewayCredential(org, appid), 'credential');
    const replies = (await pipeline.exec()) ?? [];
    return replies
      .map(([, json]) => json)
      .filter((json): json is string => typeof json === 'string')
      .map((json) => JSON.parse(json) as GatewayCredential);
  }

  async revoke(
    appid: string,
    at: string,
  ): Promise<{ credential: GatewayCredential; revoked: boolean } | null> {
    const key = await this.keyOf(appid);
    if (key === null) return null;
    for (;;) {
      const json = await this.redis.hget(key, 'credential');
      if (json === null) return null;
      const credential = JSON.parse(json) as GatewayCredential;
      if (credential.revokedAt !== undefined) return { credential, revoked: false };
      const revoked: GatewayCredential = { ...credential, revokedAt: at };
      if ((await this.redis.eval(REPLACE, 1, key, json, JSON.stringify(revoked))) === 1) {
        return { credential: revoked, revoked: true };
      }
    }
  }

  async addToken(token: IssuedGatewayToken): Promise<void> {
    const key = this.keys.gatewayToken(hashToken(token.token));
    await this.redis.set(key, tokenValue(token), 'EX', token.ttlSeconds);
  }

  async tokenOwner(token: string): Promise<{ appid: string; expiresAt: string } | null> {
    const json = await this.redis.get(this.keys.gatewayToken(hashToken(token)));
    return json === null ? null : (JSON.parse(json) as { appid: string; expiresAt: string });
  }
}

function tokenValue(token: IssuedGatewayToken): string {
  return JSON.stringify({ appid: token.appid, expiresAt: token.expiresAt });
}
