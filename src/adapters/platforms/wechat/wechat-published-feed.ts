import type { PublishedEntry, PublishedFeed } from '../../../services/ports/bypass.js';
import type { WechatClient } from './wechat-client.js';
import type { WechatTokenCache } from './wechat-token-cache.js';

/** PublishedFeed over freepublish/batchget without content, with the shared token cache (one refresh on 40001…). */
export class WechatPublishedFeed implements PublishedFeed {
  constructor(
    private readonly client: WechatClient,
    private readonly tokens: WechatTokenCache,
  ) {}

  async page(
    account: { appid: string; secret: string },
    offset: number,
    count: number,
  ): Promise<readonly PublishedEntry[]> {
    const listed = await this.tokens.withToken(account.appid, account.secret, (token) =>
      this.client.batchGetPublished(token, { offset, count, noContent: true }),
    );
    return listed.items;
  }
}
