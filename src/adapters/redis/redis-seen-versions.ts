import type { RedisClient } from './redis-client.js';
import type { SeenVersionStore } from '../../services/ports/seen-versions.js';
import type { RedisKeys } from './redis-keys.js';

/** SeenVersionStore on Redis: one hash per person (draft id → version number), read and set in one MULTI. */
export class RedisSeenVersions implements SeenVersionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async swap(org: string, person: string, draft: string, version: number): Promise<number | undefined> {
    const key = this.keys.orgSeenVersions(org, person);
    const replies = await this.redis.multi().hget(key, draft).hset(key, draft, String(version)).exec();
    const before = replies?.[0]?.[1];
    return typeof before === 'string' ? Number(before) : undefined;
  }
}
