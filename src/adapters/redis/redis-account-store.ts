import type { RedisClient } from './redis-client.js';
import type { Platform } from '../../domain/accounts.js';
import type { AccountStore, StoredAccount } from '../../services/ports/accounts.js';
import { RedisKeys } from './redis-keys.js';

// KEYS: the organisation's accounts. ARGV: field, JSON. Writes only a field that exists.
const REPLACE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

/** AccountStore on Redis: one hash per organisation; see the contract in services/ports.ts. */
export class RedisAccountStore implements AccountStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async add(account: StoredAccount): Promise<'added' | 'exists'> {
    const field = `${account.platform}:${account.name}`;
    const added = await this.redis.hsetnx(this.keys.orgAccounts(account.org), field, JSON.stringify(account));
    return added === 1 ? 'added' : 'exists';
  }

  async replace(account: StoredAccount): Promise<'replaced' | 'missing'> {
    const field = `${account.platform}:${account.name}`;
    const json = JSON.stringify(account);
    const replaced = await this.redis.eval(REPLACE, 1, this.keys.orgAccounts(account.org), field, json);
    return replaced === 1 ? 'replaced' : 'missing';
  }

  async get(org: string, platform: Platform, name: string): Promise<StoredAccount | null> {
    const json = await this.redis.hget(this.keys.orgAccounts(org), `${platform}:${name}`);
    return json === null ? null : (JSON.parse(json) as StoredAccount);
  }

  async list(org: string): Promise<StoredAccount[]> {
    const all = await this.redis.hgetall(this.keys.orgAccounts(org));
    return Object.entries(all)
      .sort(([a], [b]) => a.localeCompare(b, 'zh-CN'))
      .map(([, json]) => JSON.parse(json) as StoredAccount);
  }
}
