import { scanKeys, type RedisClient } from './redis-client.js';
import type { GatewayDraft, GatewaySubmission } from '../../domain/gateway/gateway-draft.js';
import type { GatewayPublished } from '../../domain/gateway/gateway-published.js';
import type { GatewayAccount, GatewayDraftStore } from '../../services/ports/gateway.js';
import { RedisKeys } from './redis-keys.js';
import { OrgOfIds } from './org-of-ids.js';

// KEYS: 1 box entry, 2 publish-id index (or the entry's key again when there is no submission), 3 the account's
// box, 4 its submitted entries. ARGV: 1 expected revision, 2 JSON, 3 media id, 4 '1' when KEYS[2] is to be
// written, 5 the change's time (ms) in the box ('' once published), 6 '1' when submitted.
const SAVE = `
local stored = redis.call('GET', KEYS[1])
if not stored then return 'conflict' end
if cjson.decode(stored)['revision'] ~= tonumber(ARGV[1]) then return 'conflict' end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[4] == '1' then redis.call('SET', KEYS[2], ARGV[3]) end
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[3], ARGV[5], ARGV[3]) end
if ARGV[6] == '1' then redis.call('SADD', KEYS[4], ARGV[3]) end
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

/**
 * GatewayDraftStore on Redis: one JSON string per box entry, and per account its box and published articles as
 * sorted sets; see the contract in services/ports/gateway.ts.
 */
export class RedisGatewayDraftStore implements GatewayDraftStore {
  /** Set once this process knows the entries stored before the per-account lists existed are listed. */
  private listedEarlier: Promise<void> | undefined;
  /** Under hashTags, the organisations of entries, publish ids and article ids (their keys are in its slot). */
  private readonly orgsOf: Record<'media' | 'publish' | 'article', OrgOfIds>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {
    this.orgsOf = {
      media: new OrgOfIds(redis, keys, 'gatewayDraftOrg'),
      publish: new OrgOfIds(redis, keys, 'gatewayPublishIdOrg'),
      article: new OrgOfIds(redis, keys, 'gatewayArticleOrg'),
    };
  }

  async add(entry: GatewayDraft): Promise<void> {
    await this.orgsOf.media.remember(entry.mediaId, entry.org);
    await this.redis
      .multi()
      .set(this.keys.gatewayDraft(entry.org, entry.mediaId), stored(entry), 'NX')
      .zadd(this.listKey(entry, 'box'), Date.parse(entry.updatedAt), entry.mediaId)
      .exec();
  }

  async get(mediaId: string): Promise<GatewayDraft | null> {
    const org = await this.orgsOf.media.of(mediaId);
    const json = org === null ? null : await this.redis.get(this.keys.gatewayDraft(org, mediaId));
    return json === null ? null : entryOf(json);
  }

  async save(entry: GatewayDraft, expectedRevision: number): Promise<'saved' | 'conflict'> {
    const entryKey = this.keys.gatewayDraft(entry.org, entry.mediaId);
    const publishId = entry.submission?.publishId;
    if (publishId !== undefined) await this.orgsOf.publish.remember(publishId, entry.org);
    const indexKey = publishId === undefined ? entryKey : this.keys.gatewayPublishId(entry.org, publishId);
    const outcome = await this.redis.eval(
      SAVE,
      4,
      entryKey,
      indexKey,
      this.listKey(entry, 'box'),
      this.listKey(entry, 'submitted'),
      String(expectedRevision),
      stored(entry),
      entry.mediaId,
      publishId === undefined ? '0' : '1',
      entry.published ? '' : String(Date.parse(entry.updatedAt)),
      entry.submission && !entry.published ? '1' : '0',
    );
    return outcome === 'saved' ? 'saved' : 'conflict';
  }

  async delete(mediaId: string): Promise<boolean> {
    const entry = await this.get(mediaId);
    if (!entry) return false;
    const results = await this.redis
      .multi()
      .del(this.keys.gatewayDraft(entry.org, mediaId))
      .zrem(this.listKey(entry, 'box'), mediaId)
      .srem(this.listKey(entry, 'submitted'), mediaId)
      .exec();
    return results?.[0]?.[1] === 1;
  }

  async byPublishId(publishId: string): Promise<GatewayDraft | null> {
    const org = await this.orgsOf.publish.of(publishId);
    const mediaId = org === null ? null : await this.redis.get(this.keys.gatewayPublishId(org, publishId));
    return mediaId === null ? null : this.get(mediaId);
  }

  async claimPost(key: string, reviewDraftId: string, ttlMs: number): Promise<string> {
    // SET … NX GET: sets only if absent, and answers the value that was there (Redis ≥ 7).
    const earlier = await this.redis.set(this.keys.gatewayPost(key), reviewDraftId, 'PX', ttlMs, 'NX', 'GET');
    return earlier ?? reviewDraftId;
  }

  async nextPublishId(): Promise<string> {
    return String(PUBLISH_ID_BASE + (await this.redis.incr(this.keys.gatewayPublishSeq())));
  }

  async listByAccount(
    account: GatewayAccount,
    list: 'box' | 'published',
    { offset, count }: { offset: number; count: number },
  ): Promise<{ total: number; entries: GatewayDraft[] }> {
    await this.ensureListedEarlier();
    const { total, members } = await latestFirst(this.redis, this.listKey(account, list), offset, count);
    return { total, entries: await this.getAll(account, members) };
  }

  async submittedOf(account: GatewayAccount): Promise<GatewayDraft[]> {
    await this.ensureListedEarlier();
    return this.getAll(account, await this.redis.smembers(this.listKey(account, 'submitted')));
  }

  async markPublished(entry: GatewayDraft & { published: GatewayPublished }): Promise<void> {
    const { mediaId, published, org } = entry;
    await this.orgsOf.article.remember(published.articleId, org);
    await this.redis
      .multi()
      .set(this.keys.gatewayDraft(org, mediaId), stored(entry))
      .zrem(this.listKey(entry, 'box'), mediaId)
      .srem(this.listKey(entry, 'submitted'), mediaId)
      .zadd(this.listKey(entry, 'published'), Date.parse(published.publishedAt), mediaId)
      .set(this.keys.gatewayArticle(org, published.articleId), mediaId)
      .exec();
  }

  async byArticleId(articleId: string): Promise<GatewayDraft | null> {
    const org = await this.orgsOf.article.of(articleId);
    const mediaId = org === null ? null : await this.redis.get(this.keys.gatewayArticle(org, articleId));
    return mediaId === null ? null : this.get(mediaId);
  }

  /** The entries of one account (so of one organisation): one MGET. */
  private async getAll(account: GatewayAccount, mediaIds: readonly string[]): Promise<GatewayDraft[]> {
    if (mediaIds.length === 0) return [];
    const keys = mediaIds.map((mediaId) => this.keys.gatewayDraft(account.org, mediaId));
    return (await this.redis.mget(keys)).flatMap((json) => (json === null ? [] : [entryOf(json)]));
  }

  private ensureListedEarlier(): Promise<void> {
    this.listedEarlier ??= this.listEarlier().catch((error: unknown) => {
      this.listedEarlier = undefined;
      throw error;
    });
    return this.listedEarlier;
  }

  /**
   * Lists, once per installation, the entries stored before the per-account lists existed: in their account's box
   * (and as submitted when they were); the service moves the published ones on its next answer. Marked done at
   * the end, so a crash halfway lists again; ZADD NX keeps the order of entries listed meanwhile.
   */
  private async listEarlier(): Promise<void> {
    // Under hashTags (a Cluster installation) no entry predates the lists.
    if (this.keys.perOrg || (await this.redis.exists(this.keys.gatewayListsIndexed())) === 1) return;
    for await (const found of scanKeys(this.redis, this.keys.gatewayDraft('', '*'), 500)) {
      // One key at a time and one MULTI per entry: on a Cluster the entries' keys are in different slots.
      const entries = await Promise.all(found.map((key) => this.redis.get(key)));
      await Promise.all(entries.map((json) => this.listEntry(json)));
    }
    await this.redis.set(this.keys.gatewayListsIndexed(), '1');
  }

  private async listEntry(json: string | null): Promise<void> {
    const entry = json === null ? undefined : entryOf(json);
    if (!entry || entry.published) return;
    const write = this.redis
      .multi()
      .zadd(this.listKey(entry, 'box'), 'NX', Date.parse(entry.updatedAt), entry.mediaId);
    if (entry.submission) write.sadd(this.listKey(entry, 'submitted'), entry.mediaId);
    await write.exec();
  }

  private listKey(account: GatewayAccount, list: 'box' | 'published' | 'submitted'): string {
    return this.keys.gatewayAccountList(account.org, account.target, list);
  }
}

/** One page of a sorted set, highest score (latest) first, and how many members it has. */
export async function latestFirst(
  redis: RedisClient,
  key: string,
  offset: number,
  count: number,
): Promise<{ total: number; members: string[] }> {
  const [[, total], [, members]] = (await redis
    .multi()
    .zcard(key)
    .zrevrange(key, offset, offset + count - 1)
    .exec()) as [[null, number], [null, string[]]];
  return { total, members };
}
