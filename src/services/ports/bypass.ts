import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type { ArticleOrigin } from '../../domain/publishing/bypass-scan.js';

/** One entry of what a WeChat account published (freepublish/batchget), through qianfa or not. */
export interface PublishedEntry {
  articleId: string;
  /** Unix seconds. */
  updateTime: number;
  articles: readonly { title: string; url: string; thumbMediaId: string }[];
}

/** What a WeChat account has published, newest first; failures are PublisherErrors (token errors retried once). */
export interface PublishedFeed {
  page(
    account: { appid: string; secret: string },
    offset: number,
    count: number,
  ): Promise<readonly PublishedEntry[]>;
}

/**
 * What qianfa itself published on each WeChat account (per organisation and account name), to tell its own
 * articles from those that bypassed it.
 *
 * The adapter must guarantee: a publication's cover (progress `thumb_media_id`) is known from the save that
 * records it, and its article id from the save that marks it published, each in the same atomic step as that
 * save (a cover is recorded before the publish call that can make an article of it); covers are shared by an
 * account's publications, so each publication not settled yet is known with its cover until it settles (an
 * article carrying it is then pending, whatever other publications sharing it did); publications saved before
 * the index existed are indexed before an organisation is first classified.
 * Deliberately not in the contract: deciding the origin (domain `articleOrigin`), calling WeChat.
 */
export interface PublishedArticleIndex {
  classify(
    org: string,
    account: string,
    article: { articleId: string; thumbMediaIds: readonly string[] },
  ): Promise<ArticleOrigin>;
}

/**
 * The bypass scan's own state: how far back the next scan of each account looks, and which articles were
 * flagged. `flag` records the article and appends its audit event in one atomic step, and only the first time:
 * of racing scans exactly one flags an article, ever. Writes resolve once durable.
 */
export interface BypassLedger {
  /** Unix seconds; null before the account's first scan. */
  watermark(org: string, account: string): Promise<number | null>;
  setWatermark(org: string, account: string, seconds: number): Promise<void>;
  /** False, with nothing written, when the article was flagged before. */
  flag(org: string, account: string, articleId: string, audit: AuditEvent): Promise<boolean>;
}
