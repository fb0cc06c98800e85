import type { Redis } from 'ioredis';
import type { GatewayDraft } from '../../domain/gateway/gateway-draft.js';
import type { GatewayDraftStore } from '../../services/ports/gateway.js';
import { RedisKeys } from './redis-keys.js';

// KEYS: 1 draft, 2 publish-id index (or the draft key again when there is no submission).
// ARGV: 1 expected revision, 2 JSON, 3 media id, 4 '1' when KEYS[2] is to be written.
const SAVE = `
local stored = redis.call('GET', KEYS[1])
if not stored then return 'conflict' end
if cjson.decode(stored)['revision'] ~= tonumber(ARGV[1]) then return 'conflict' end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[4] == '1' then redis.call('SET', KEYS[2], ARGV[3]) end
return 'saved'`;

/** First publish id handed out: ten digits, like WeChat's. */
const PUBLISH_ID_BASE = 2_000_000_000;

/** GatewayDraftStore on Redis: one JSON string per draft; see the contract in services/ports/gateway.ts. */
export class RedisGatewayDraftStore implements GatewayDraftStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async add(draft: GatewayDraft): Promise<void> {
    await this.redis.set(this.keys.gatewayDraft(draft.mediaId), JSON.stringify(draft), 'NX');
  }

  async get(mediaId: string): Promise<GatewayDraft | null> {
    const json = await this.redis.get(this.keys.gatewayDraft(mediaId));
    return json === null ? null : (JSON.parse(json) as GatewayDraft);
  }

  async save(draft: GatewayDraft, expectedRevision: number): Promise<'saved' | 'conflict'> {
    const draftKey = this.keys.gatewayDraft(draft.mediaId);
    const publishId = draft.submission?.publishId;
    const indexKey = publishId === undefined ? draftKey : this.keys.gatewayPublishId(publishId);
    const outcome = await this.redis.eval(
      SAVE,
      2,
      draftKey,
      indexKey,
      String(expectedRevision),
      JSON.stringify(draft),
      draft.mediaId,
      publishId === undefined ? '0' : '1',
    );
    return outcome === 'saved' ? 'saved' : 'conflict';
  }

  async delete(mediaId: string): Promise<boolean> {
    return (await this.redis.del(this.keys.gatewayDraft(mediaId))) === 1;
  }

  async byPublishId(publishId: string): Promise<GatewayDraft | null> {
    const mediaId = await this.redis.get(this.keys.gatewayPublishId(publishId));
    return mediaId === null ? null : this.get(mediaId);
  }

  async claimPost(key: string, draft: string, ttlMs: number): Promise<string> {
    // SET … NX GET: sets only if absent, and answers the value that was there (Redis ≥ 7).
    const earlier = await this.redis.set(this.keys.gatewayPost(key), draft, 'PX', ttlMs, 'NX', 'GET');
    return earlier ?? draft;
  }

  async nextPublishId(): Promise<string> {
    return String(PUBLISH_ID_BASE + (await this.redis.incr(this.keys.gatewayPublishSeq())));
  }
}
