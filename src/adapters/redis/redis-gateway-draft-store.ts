import type { Redis } from 'ioredis';
import type { GatewayDraft, GatewaySubmission } from '../../domain/gateway/gateway-draft.js';
import type { GatewayDraftStore } from '../../services/ports/gateway.js';
import { RedisKeys } from './redis-keys.js';

// KEYS: 1 box entry, 2 publish-id index (or the entry's key again when there is no submission).
// ARGV: 1 expected revision, 2 JSON, 3 media id, 4 '1' when KEYS[2] is to be written.
const SAVE = `
local stored = redis.call('GET', KEYS[1])
if not stored then return 'conflict' end
if cjson.decode(stored)['revision'] ~= tonumber(ARGV[1]) then return 'conflict' end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[4] == '1' then redis.call('SET', KEYS[2], ARGV[3]) end
return 'saved'`;

/** A box entry as stored: its submission names the review item `draft`, as entries stored before did. */
type StoredEntry = Omit<GatewayDraft, 'submission'> & {
  submission?: Omit<GatewaySubmission, 'reviewDraftId'> & { draft: string };
};

function stored(entry: GatewayDraft): string {
  const { submission, ...rest } = entry;
  if (!submission) return JSON.stringify(rest);
  const { reviewDraftId, ...fields } = submission;
  return JSON.stringify({ ...rest, submission: { draft: reviewDraftId, ...fields } } satisfies StoredEntry);
}

function entryOf(json: string): GatewayDraft {
  const { submission, ...rest } = JSON.parse(json) as StoredEntry;
  if (!submission) return rest;
  const { draft, ...fields } = submission;
  return { ...rest, submission: { reviewDraftId: draft, ...fields } };
}

/** First publish id handed out: ten digits, like WeChat's. */
const PUBLISH_ID_BASE = 2_000_000_000;

/** GatewayDraftStore on Redis: one JSON string per box entry; see the contract in services/ports/gateway.ts. */
export class RedisGatewayDraftStore implements GatewayDraftStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async add(entry: GatewayDraft): Promise<void> {
    await this.redis.set(this.keys.gatewayDraft(entry.mediaId), stored(entry), 'NX');
  }

  async get(mediaId: string): Promise<GatewayDraft | null> {
    const json = await this.redis.get(this.keys.gatewayDraft(mediaId));
    return json === null ? null : entryOf(json);
  }

  async save(entry: GatewayDraft, expectedRevision: number): Promise<'saved' | 'conflict'> {
    const entryKey = this.keys.gatewayDraft(entry.mediaId);
    const publishId = entry.submission?.publishId;
    const indexKey = publishId === undefined ? entryKey : this.keys.gatewayPublishId(publishId);
    const outcome = await this.redis.eval(
      SAVE,
      2,
      entryKey,
      indexKey,
      String(expectedRevision),
      stored(entry),
      entry.mediaId,
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

  async claimPost(key: string, reviewDraftId: string, ttlMs: number): Promise<string> {
    // SET … NX GET: sets only if absent, and answers the value that was there (Redis ≥ 7).
    const earlier = await this.redis.set(this.keys.gatewayPost(key), reviewDraftId, 'PX', ttlMs, 'NX', 'GET');
    return earlier ?? reviewDraftId;
  }

  async rememberMaterialUrl(target: string, mediaId: string, url: string): Promise<void> {
    await this.redis.hset(this.keys.gatewayMaterialUrls(target), mediaId, url);
  }

  async materialUrl(target: string, mediaId: string): Promise<string | null> {
    return this.redis.hget(this.keys.gatewayMaterialUrls(target), mediaId);
  }

  async nextPublishId(): Promise<string> {
    return String(PUBLISH_ID_BASE + (await this.redis.incr(this.keys.gatewayPublishSeq())));
  }
}
