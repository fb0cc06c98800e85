import type { RedisClient } from './redis-client.js';
import { accountOf } from '../../domain/accounts.js';
import { articleOrigin, type ArticleOrigin, type CoverUse } from '../../domain/publishing/bypass-scan.js';
import type { Publication } from '../../domain/publishing/publication.js';
import type { PublishedArticleIndex } from '../../services/ports/bypass.js';
import { RedisKeys } from './redis-keys.js';

/** What a saved publication adds to the index: its cover's use and, once published, its article id. */
export interface ArticleIndexEntry {
  account: string;
  cover?: { thumbMediaId: string; use: CoverUse };
  articleId?: string;
}

/** The index entry of a WeChat publication, or undefined when it has nothing to index (Weibo, no cover yet). */
export function articleIndexEntryOf(draft: string, publication: Publication): ArticleIndexEntry | undefined {
  const target = accountOf(publication.target);
  if (target.platform !== 'wechat') return undefined;
  const thumbMediaId = publication.progress['thumb_media_id'];
  const articleId = publication.status === 'published' ? publication.ids?.['article_id'] : undefined;
  if (!thumbMediaId && !articleId) return undefined;
  const use: CoverUse = {
    draft,
    version: publication.version,
    status: publication.status,
    ...(articleId ? { articleId } : {}),
  };
  return {
    account: target.name,
    ...(thumbMediaId ? { cover: { thumbMediaId, use } } : {}),
    ...(articleId ? { articleId } : {}),
  };
}

/** `draft/version`, the field of a publication among the covers in flight. */
function publicationRefOf(field: string): { draft: string; version: number } {
  const slash = field.lastIndexOf('/');
  return { draft: field.slice(0, slash), version: Number(field.slice(slash + 1)) };
}

/**
 * PublishedArticleIndex on Redis, over the keys RedisPublicationStore.save writes (see the contract in
 * services/ports/bypass.ts). Publications saved before the index existed are indexed on an organisation's first
 * classification: without that, an upgraded installation would flag its own earlier articles.
 */
export class RedisPublishedArticleIndex implements PublishedArticleIndex {
  /** Organisations this process knows to be indexed. */
  private readonly indexed = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async classify(
    org: string,
    account: string,
    article: { articleId: string; thumbMediaIds: readonly string[] },
  ): Promise<ArticleOrigin> {
    await this.ensureIndexed(org);
    const thumbs = article.thumbMediaIds.filter((thumb) => thumb !== '');
    const [[, ours], [, covers], [, flying]] = (await this.redis
      .multi()
      .sismember(this.keys.wechatArticles(org, account), article.articleId)
      .hmget(this.keys.wechatCovers(org, account), ...(thumbs.length > 0 ? thumbs : ['']))
      .hgetall(this.keys.wechatCoversInFlight(org, account))
      .exec()) as [[null, number], [null, (string | null)[]], [null, Record<string, string>]];
    return articleOrigin(article.articleId, {
      ours: ours === 1,
      covers: covers.map((json) => (json === null ? undefined : (JSON.parse(json) as CoverUse))),
      inFlight: Object.entries(flying)
        .filter(([, thumb]) => thumbs.includes(thumb))
        .map(([field]) => publicationRefOf(field)),
    });
  }

  private ensureIndexed(org: string): Promise<void> {
    const known = this.indexed.get(org);
    if (known) return known;
    const indexing = this.indexEarlier(org);
    this.indexed.set(org, indexing);
    indexing.catch(() => this.indexed.delete(org));
    return indexing;
  }

  /**
   * Indexes every WeChat publication of the organisation's drafts, once. Covers are set only where none is
   * recorded (a live save meanwhile knows better); article ids only ever join their set. Marked done at the end,
   * so a crash halfway simply indexes again.
   */
  private async indexEarlier(org: string): Promise<void> {
    if ((await this.redis.exists(this.keys.wechatArticlesIndexed(org))) === 1) return;
    const drafts = await this.redis.zrange(this.keys.orgDrafts(org), 0, -1);
    for (const draft of drafts) {
      const publications = await this.redis.hvals(this.keys.draftPublications(org, draft));
      const write = this.redis.multi();
      for (const json of publications) {
        const entry = articleIndexEntryOf(draft, JSON.parse(json) as Publication);
        if (entry?.cover) {
          const { thumbMediaId, use } = entry.cover;
          write.hsetnx(this.keys.wechatCovers(org, entry.account), thumbMediaId, JSON.stringify(use));
        }
        if (entry?.articleId) write.sadd(this.keys.wechatArticles(org, entry.account), entry.articleId);
      }
      await write.exec();
    }
    await this.redis.set(this.keys.wechatArticlesIndexed(org), '1');
  }
}
