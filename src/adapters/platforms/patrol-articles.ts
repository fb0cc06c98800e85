import type { Account } from '../../domain/accounts.js';
import type { PatrolledArticle } from '../../domain/monitor/patrol.js';
import type { PatrolArticleSource } from '../../services/ports/patrol.js';
import type { WechatClient } from './wechat/wechat-client.js';
import type { WechatTokenCache } from './wechat/wechat-token-cache.js';
import type { WeiboClient } from './weibo/weibo-client.js';

/** batchget's largest page; user_timeline's. */
const WECHAT_PAGE = 20;
const WEIBO_PAGE = 100;
/** Pages read per account at most: 20,000 WeChat entries, 10,000 Weibo posts. */
const MAX_WECHAT_PAGES = 1_000;
const MAX_WEIBO_PAGES = 100;

/**
 * Every article an account published, with its content, for the patrol: WeChat freepublish/batchget with
 * content (no_content 0 gives each article's HTML, 20 a call, instead of one getarticle call per article), its
 * deleted articles left out; Weibo statuses/user_timeline (a post's text is all its content).
 */
export class PatrolArticles implements PatrolArticleSource {
  constructor(
    private readonly wechat: { client: WechatClient; tokens: WechatTokenCache },
    private readonly weibo: Pick<WeiboClient, 'recentPosts'>,
  ) {}

  articles(account: Account, secret: string): AsyncIterable<readonly PatrolledArticle[]> {
    const target = `${account.platform}:${account.name}` as const;
    return account.platform === 'wechat'
      ? this.#wechat(target, account.appid ?? '', secret)
      : this.#weibo(target, secret);
  }

  async *#wechat(target: PatrolledArticle['target'], appid: string, secret: string) {
    for (let page = 0; page < MAX_WECHAT_PAGES; page++) {
      const listed = await this.wechat.tokens.withToken(appid, secret, (token) =>
        this.wechat.client.batchGetPublished(token, { offset: page * WECHAT_PAGE, count: WECHAT_PAGE }),
      );
      yield listed.items.flatMap((item) =>
        item.articles
          .filter((article) => !article.isDeleted)
          .map((article, index) => ({
            target,
            articleId: item.articles.length > 1 ? `${item.articleId}#${index + 1}` : item.articleId,
            url: article.url,
            title: article.title,
            body: article.content,
            format: 'html' as const,
            at: new Date(item.updateTime * 1000).toISOString(),
          })),
      );
      if (listed.items.length < WECHAT_PAGE) return;
    }
  }

  async *#weibo(target: PatrolledArticle['target'], token: string) {
    for (let page = 1; page <= MAX_WEIBO_PAGES; page++) {
      const listed = await this.weibo.recentPosts(token, { count: WEIBO_PAGE, page });
      yield listed.map((post) => ({
        target,
        articleId: post.id,
        url: `https://m.weibo.cn/status/${post.id}`,
        // A post has no title: its text is checked once, as the body.
        title: '',
        body: post.text,
        format: 'text' as const,
        at: new Date(post.createdAt).toISOString(),
      }));
      if (listed.length < WEIBO_PAGE) return;
    }
  }
}
