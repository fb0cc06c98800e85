import type { Redis } from 'ioredis';
import type { Platform } from '../../domain/accounts.js';
import type { AccountStore, StoredAccount } from '../../services/ports/accounts.js';
import { RedisKeys } from './redis-keys.js';

/** AccountStore on Redis: one hash per organisation; see the contract in services/ports.ts. */
export class RedisAccountStore implements AccountStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async add(account: StoredAccount): Promise<'added' | 'exists'> {
    const field = `${account.platform}:${account.name}`;
    const added = await this.redis.hsetnx(this.keys.orgAccounts(account.org), field, JSON.stringify(account));
    return added === 1 ? 'added' : 'exists';
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
