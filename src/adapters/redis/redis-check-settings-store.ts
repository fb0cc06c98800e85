import type { RedisClient } from './redis-client.js';
import type { AllowEntry, CheckSettingsStore } from '../../services/check-settings-service.js';
import { RedisKeys } from './redis-keys.js';

// Each change is one Lua script, so the text index, the entries and the revision never disagree.
// KEYS: texts, entries, revision. ARGV: folded text, id, entry JSON.
const ADD = `
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return existing end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('INCR', KEYS[3])
return false`;

// KEYS: texts, entries, revision. ARGV: id. Returns the removed entry's JSON.
const REMOVE = `
local json = redis.call('HGET', KEYS[2], ARGV[1])
if not json then return false end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], cjson.decode(json).text)
redis.call('INCR', KEYS[3])
return json`;

/** CheckSettingsStore on Redis: allow entries in a hash (with a text index), sources as one JSON string. */
export class RedisCheckSettingsStore implements CheckSettingsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  private allowKeys(org: string): [string, string, string] {
    const { keys } = this;
    return [keys.orgAllowTexts(org), keys.orgAllowEntries(org), keys.orgCheckSettingsRevision(org)];
  }

  async addAllow(entry: AllowEntry): Promise<{ added: true } | { added: false; existing: string }> {
    const existing = await this.redis.eval(
      ADD,
      3,
      ...this.allowKeys(entry.org),
      entry.text,
      entry.id,
      JSON.stringify(entry),
    );
    return typeof existing === 'string' ? { added: false, existing } : { added: true };
  }

  async removeAllow(org: string, id: string): Promise<AllowEntry | null> {
    const json = await this.redis.eval(REMOVE, 3, ...this.allowKeys(org), id);
    return typeof json === 'string' ? (JSON.parse(json) as AllowEntry) : null;
  }

  async listAllow(org: string): Promise<AllowEntry[]> {
    const values = await this.redis.hvals(this.keys.orgAllowEntries(org));
    return values
      .map((json) => JSON.parse(json) as AllowEntry)
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }

  async sources(org: string): Promise<string[]> {
    const json = await this.redis.get(this.keys.orgSources(org));
    return json === null ? [] : (JSON.parse(json) as string[]);
  }

  async setSources(org: string, sources: readonly string[]): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.orgSources(org), JSON.stringify(sources))
      .incr(this.keys.orgCheckSettingsRevision(org))
      .exec();
  }

  async revision(org: string): Promise<number> {
    return Number((await this.redis.get(this.keys.orgCheckSettingsRevision(org))) ?? 0);
  }
}
