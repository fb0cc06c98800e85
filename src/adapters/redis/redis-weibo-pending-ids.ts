import type { RedisClient } from './redis-client.js';
import type { WeiboPendingPost } from '../../domain/gateway/weibo-pending-post.js';
import type { WeiboPendingIds } from '../../services/ports/gateway.js';
import { RedisKeys } from './redis-keys.js';

/**
 * First pending id: 16 digits like a Weibo status id, below 2^53 so a client reading `id` as a JSON number gets
 * it exactly, and far above the ids Weibo hands out today.
 */
const PENDING_ID_BASE = 8_000_000_000_000_000;

/** WeiboPendingIds on Redis: two hashes and a counter; see the contract in services/ports/gateway.ts. */
export class RedisWeiboPendingIds implements WeiboPendingIds {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async assign(post: Omit<WeiboPendingPost, 'id'>): Promise<string> {
    const byDraft = this.keys.gatewayWeiboPendingByDraft();
    const known = await this.redis.hget(byDraft, post.reviewDraftId);
    if (known !== null) return known;
    const id = String(PENDING_ID_BASE + (await this.redis.incr(this.keys.gatewayWeiboPendingSeq())));
    await this.redis.hset(this.keys.gatewayWeiboPending(), id, JSON.stringify({ id, ...post }));
    // Of racing calls for one review item, the first to bind wins; the others' ids stay unused.
    if ((await this.redis.hsetnx(byDraft, post.reviewDraftId, id)) === 1) return id;
    return (await this.redis.hget(byDraft, post.reviewDraftId)) ?? id;
  }

  async get(id: string): Promise<WeiboPendingPost | null> {
    const json = await this.redis.hget(this.keys.gatewayWeiboPending(), id);
    return json === null ? null : (JSON.parse(json) as WeiboPendingPost);
  }
}
