import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';

/** The RedisKeys methods naming the key that holds an id's organisation. */
export type OrgLookupKey =
  | 'draftOrg'
  | 'personOrg'
  | 'tokenOrg'
  | 'gatewayDraftOrg'
  | 'gatewayPublishIdOrg'
  | 'gatewayArticleOrg'
  | 'gatewayCredentialOrg';

/** Ids whose organisation one process keeps in memory (a draft's or person's organisation never changes). */
const REMEMBERED_AT_MOST = 50_000;

/**
 * The organisation of things addressed by id alone (a draft in a review link, a person behind a token), which
 * under hashTags names their keys' slot. Each id's organisation is written once (`remember`, before the first
 * write of its keys) and never changes, so each process caches it. Without hashTags key names do not carry the
 * organisation: `of` answers at once, without Redis, and `remember` writes nothing.
 */
export class OrgOfIds {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly lookupKey: OrgLookupKey,
  ) {}

  /** The id's organisation; '' without hashTags (the key names ignore it); null when the id is unknown. */
  async of(id: string): Promise<string | null> {
    if (!this.keys.perOrg) return '';
    const cached = this.known.get(id);
    if (cached !== undefined) return cached;
    const org = await this.redis.get(this.keys[this.lookupKey](id));
    if (org !== null) this.keep(id, org);
    return org;
  }

  /** The ids grouped by organisation (one group, '', without hashTags); unknown ids are left out. */
  async grouped(ids: readonly string[]): Promise<Map<string, string[]>> {
    const orgs = await Promise.all(ids.map((id) => this.of(id)));
    const groups = new Map<string, string[]>();
    ids.forEach((id, i) => {
      const org = orgs[i];
      if (typeof org === 'string') groups.set(org, [...(groups.get(org) ?? []), id]);
    });
    return groups;
  }

  /** Records the id's organisation (first write wins: it is immutable). */
  async remember(id: string, org: string): Promise<void> {
    if (!this.keys.perOrg || this.known.get(id) === org) return;
    await this.redis.set(this.keys[this.lookupKey](id), org, 'NX');
    this.keep(id, org);
  }

  /** Undoes `remember` when the write it preceded was refused (nothing was stored under the id). */
  async forget(id: string): Promise<void> {
    if (!this.keys.perOrg) return;
    this.known.delete(id);
    await this.redis.del(this.keys[this.lookupKey](id));
  }

  private keep(id: string, org: string): void {
    if (this.known.size >= REMEMBERED_AT_MOST) this.known.delete(this.known.keys().next().value!);
    this.known.set(id, org);
  }
}

/**
 * The organisations whose per-organisation copies of a shared key to walk (approved drafts, the outbox): every
 * one under hashTags; without, the single shared key, named whatever organisation is passed.
 */
export async function orgsToWalk(redis: RedisClient, keys: RedisKeys): Promise<string[]> {
  return keys.perOrg ? (await redis.smembers(keys.orgs())).sort() : [''];
}
