import type { RedisClient } from './redis-client.js';
import type { LinkRecord } from '../../domain/monitor/patrol-links.js';
import type { OpenArticleFindings, PatrolLedger, PatrolRun } from '../../services/ports/patrol.js';
import type { RedisKeys } from './redis-keys.js';

/** The patrol's memory in four keys per organisation (see RedisKeys.patrol*); reads are batched with HMGET. */
export class RedisPatrolLedger implements PatrolLedger {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async knownFindings(org: string, articles: readonly string[]): Promise<Map<string, Set<string>>> {
    const known = new Map<string, Set<string>>();
    if (articles.length === 0) return known;
    const values = await this.redis.hmget(this.keys.patrolKnown(org), ...articles);
    articles.forEach((article, index) => {
      const value = values[index];
      if (value) known.set(article, new Set(JSON.parse(value) as string[]));
    });
    return known;
  }

  async rememberFindings(org: string, article: string, keys: readonly string[]): Promise<void> {
    const known = (await this.knownFindings(org, [article])).get(article) ?? new Set();
    const all = [...new Set([...known, ...keys])];
    await this.redis.hset(this.keys.patrolKnown(org), article, JSON.stringify(all));
  }

  async linkRecords(org: string, links: readonly string[]): Promise<Map<string, LinkRecord>> {
    const records = new Map<string, LinkRecord>();
    if (links.length === 0) return records;
    const values = await this.redis.hmget(this.keys.patrolLinks(org), ...links);
    links.forEach((link, index) => {
      const value = values[index];
      if (value) records.set(link, JSON.parse(value) as LinkRecord);
    });
    return records;
  }

  async saveLinkRecords(org: string, records: ReadonlyMap<string, LinkRecord>): Promise<void> {
    if (records.size === 0) return;
    const fields = [...records].flatMap(([link, record]) => [link, JSON.stringify(record)]);
    await this.redis.hset(this.keys.patrolLinks(org), ...fields);
  }

  /** Keeps the first `since` of an article that stays open. */
  async setOpen(org: string, article: string, open: OpenArticleFindings | undefined): Promise<void> {
    const key = this.keys.patrolOpen(org);
    if (!open) {
      await this.redis.hdel(key, article);
      return;
    }
    const before = await this.redis.hget(key, article);
    const since = before ? (JSON.parse(before) as OpenArticleFindings).since : open.since;
    await this.redis.hset(key, article, JSON.stringify({ ...open, since }));
  }

  async openFindings(org: string): Promise<OpenArticleFindings[]> {
    const values = await this.redis.hvals(this.keys.patrolOpen(org));
    return values
      .map((value) => JSON.parse(value) as OpenArticleFindings)
      .sort((a, b) => a.target.localeCompare(b.target) || a.articleId.localeCompare(b.articleId));
  }

  async saveRun(run: PatrolRun): Promise<void> {
    await this.redis.set(this.keys.patrolLastRun(run.org), JSON.stringify(run));
  }

  async lastRun(org: string): Promise<PatrolRun | undefined> {
    const value = await this.redis.get(this.keys.patrolLastRun(org));
    return value ? (JSON.parse(value) as PatrolRun) : undefined;
  }
}
