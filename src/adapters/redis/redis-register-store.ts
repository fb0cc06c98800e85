import type { RedisClient } from './redis-client.js';
import type { Target } from '../../domain/accounts.js';
import { targetOfEntry, type RegisterEntry } from '../../domain/monitor/register-entry.js';
import type { RegisterStore } from '../../services/ports/register.js';
import type { RedisKeys } from './redis-keys.js';

/** The register of each organisation in one hash (RedisKeys.registerEntries): target → entry as JSON. */
export class RedisRegisterStore implements RegisterStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async add(entry: RegisterEntry): Promise<'added' | 'exists'> {
    const key = this.keys.registerEntries(entry.org);
    const added = await this.redis.hsetnx(key, targetOfEntry(entry), JSON.stringify(entry));
    return added === 1 ? 'added' : 'exists';
  }

  async save(entry: RegisterEntry, replacing?: Target): Promise<void> {
    const key = this.keys.registerEntries(entry.org);
    const target = targetOfEntry(entry);
    const write = this.redis.multi();
    if (replacing !== undefined && replacing !== target) write.hdel(key, replacing);
    write.hset(key, target, JSON.stringify(entry));
    await write.exec();
  }

  async get(org: string, target: Target): Promise<RegisterEntry | null> {
    const value = await this.redis.hget(this.keys.registerEntries(org), target);
    return value === null ? null : (JSON.parse(value) as RegisterEntry);
  }

  async list(org: string): Promise<RegisterEntry[]> {
    const values = await this.redis.hvals(this.keys.registerEntries(org));
    const entries = values.map((value) => JSON.parse(value) as RegisterEntry);
    return entries.sort((a, b) => targetOfEntry(a).localeCompare(targetOfEntry(b)));
  }
}
