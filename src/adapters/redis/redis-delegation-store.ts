import type { RedisClient } from './redis-client.js';
import type { Delegation } from '../../domain/delegation.js';
import type { DelegationStore } from '../../services/ports/delegations.js';
import { RedisKeys } from './redis-keys.js';

// KEYS: delegations hash, the org's directory generation. ARGV: id, endedAt. Sets endedAt on the stored JSON (cjson is Redis' own).
const END = `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
local delegation = cjson.decode(json)
if not delegation.endedAt then delegation.endedAt = ARGV[2] end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(delegation))
redis.call('INCR', KEYS[2])
return 1`;

/** DelegationStore on Redis: one hash per organisation; see services/ports/delegations.ts. */
export class RedisDelegationStore implements DelegationStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async add(delegation: Delegation): Promise<void> {
    const { org } = delegation;
    await this.redis
      .multi()
      .hset(this.keys.orgDelegations(org), delegation.id, JSON.stringify(delegation))
      .incr(this.keys.orgDirectoryGeneration(org)) // caches of the org's delegations see it at once
      .exec();
  }

  async list(org: string): Promise<Delegation[]> {
    const all = await this.redis.hvals(this.keys.orgDelegations(org));
    return all
      .map((json) => JSON.parse(json) as Delegation)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async end(org: string, id: string, at: string): Promise<boolean> {
    const keys = [this.keys.orgDelegations(org), this.keys.orgDirectoryGeneration(org)];
    return (await this.redis.eval(END, 2, ...keys, id, at)) === 1;
  }
}
