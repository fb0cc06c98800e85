import type { SandboxRecords } from '../../../domain/sandbox-records.js';
import { FakeWechatServer, type FakeWechatAccount } from './fake-wechat-server.js';
import { FakeWeiboServer, type FakeWeiboAccount } from './fake-weibo-server.js';

export interface SandboxWechatAccount extends FakeWechatAccount {
  readonly name: string;
}

export interface SandboxWeiboAccount extends FakeWeiboAccount {
  readonly name: string;
}

/**
 * Simulated WeChat and Weibo for `qianfa serve --sandbox`: the same faithful servers the tests use, on their
 * own loopback ports in this process. They know only the accounts registered here, with sandbox secrets.
 */
export class SandboxPlatforms {
  readonly #wechat = new FakeWechatServer();
  readonly #weibo = new FakeWeiboServer();
  readonly #wechatAccounts = new Map<string, SandboxWechatAccount>();
  readonly #weiboAccounts = new Map<string, SandboxWeiboAccount>();

  async start(): Promise<this> {
    await this.#wechat.start();
    await this.#weibo.start().catch(async (error: unknown) => {
      await this.#wechat.close();
      throw error;
    });
    return this;
  }

  /** Where the simulated platforms listen: the platform clients' bases. */
  get bases(): { wechat: string; weibo: string } {
    return { wechat: this.#wechat.baseUrl, weibo: this.#weibo.baseUrl };
  }

  addWechatAccount(account: SandboxWechatAccount): void {
    this.#wechat.addAccount(account);
    this.#wechatAccounts.set(account.appid, account);
  }

  addWeiboAccount(account: SandboxWeiboAccount): void {
    this.#weibo.addAccount(account);
    this.#weiboAccounts.set(account.uid, account);
  }

  /** What each account received so far, for the sandbox page. */
  records(): SandboxRecords {
    const wechat = [...this.#wechatAccounts.values()].map((account) => ({
      name: account.name,
      appid: account.appid,
      drafts: this.#wechat.addedDrafts(account.appid).map((draft) => ({
        at: draft.addedAt,
        ...articleOf(draft.articles[0]),
      })),
      published: this.#wechat
        .publishedArticles(account.appid)
        .filter((article) => article.origin === 'api')
        .map((article) => ({
          at: new Date(article.updateTime * 1000),
          ...articleOf(article.items[0]),
          url: article.items[0]?.url ?? '',
        })),
    }));
    const weibo = [...this.#weiboAccounts.values()].map((account) => ({
      name: account.name,
      uid: account.uid,
      posts: this.#weibo
        .posts(account.uid)
        .map((post) => ({ at: post.createdAt, id: post.id.toString(), text: post.text })),
    }));
    return { wechat, weibo };
  }

  async close(): Promise<void> {
    await Promise.all([this.#wechat.close(), this.#weibo.close()]);
  }
}

function articleOf(item: { title: string; author: string; content: string } | undefined) {
  return { title: item?.title ?? '', author: item?.author ?? '', content: item?.content ?? '' };
}
