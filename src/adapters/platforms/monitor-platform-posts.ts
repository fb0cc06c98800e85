import type { Account } from '../../domain/accounts.js';
import type { MonitoredPost } from '../../domain/monitor/monitored-post.js';
import type { PublishedFeed } from '../../services/ports/bypass.js';
import type { PlatformPostList } from '../../services/ports/monitor.js';
import type { WeiboClient } from './weibo/weibo-client.js';

/** batchget's largest page; user_timeline's. */
const WECHAT_PAGE = 20;
const WEIBO_PAGE = 100;
/** Pages read per account at most (1,000 WeChat entries, 2,000 Weibo posts). */
const MAX_PAGES = 50;
const MAX_WEIBO_PAGES = 20;

/**
 * What each account's platform lists, for the monitor: WeChat freepublish/batchget (no 原创 flag in its items,
 * so `unknown`) and Weibo statuses/user_timeline (a post with `retweeted_status` is a repost; any other is
 * `unknown`, since a copied text is not marked). Read newest first until past `since`.
 */
export class MonitorPlatformPosts implements PlatformPostList {
  constructor(
    private readonly wechat: PublishedFeed,
    private readonly weibo: Pick<WeiboClient, 'recentPosts'>,
  ) {}

  list(account: Account, secret: string, since: string): Promise<MonitoredPost[]> {
    const sinceMs = Date.parse(since);
    return account.platform === 'wechat'
      ? this.#wechat({ appid: account.appid ?? '', secret }, sinceMs)
      : this.#weibo(secret, sinceMs);
  }

  async #wechat(credentials: { appid: string; secret: string }, sinceMs: number): Promise<MonitoredPost[]> {
    const posts: MonitoredPost[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const entries = await this.wechat.page(credentials, page * WECHAT_PAGE, WECHAT_PAGE);
      for (const entry of entries) {
        const at = new Date(entry.updateTime * 1000).toISOString();
        const title = entry.articles[0]?.title;
        posts.push({
          platformId: entry.articleId,
          at,
          kind: 'unknown',
          via: 'platform',
          ...(title ? { title } : {}),
        });
      }
      if (entries.length < WECHAT_PAGE || (entries.at(-1)?.updateTime ?? 0) * 1000 < sinceMs) break;
    }
    return posts;
  }

  async #weibo(token: string, sinceMs: number): Promise<MonitoredPost[]> {
    const posts: MonitoredPost[] = [];
    for (let page = 1; page <= MAX_WEIBO_PAGES; page++) {
      const listed = await this.weibo.recentPosts(token, { count: WEIBO_PAGE, page });
      for (const post of listed) {
        const at = new Date(post.createdAt).toISOString();
        posts.push({
          platformId: post.id,
          at,
          kind: post.repost ? 'repost' : 'unknown',
          via: 'platform',
          title: post.text,
        });
      }
      const oldest = listed.at(-1);
      if (listed.length < WEIBO_PAGE || !oldest || Date.parse(oldest.createdAt) < sinceMs) break;
    }
    return posts;
  }
}
