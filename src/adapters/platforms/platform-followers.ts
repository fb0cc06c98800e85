import type { Account } from '../../domain/accounts.js';
import type { FollowerSource } from '../../services/ports/register.js';
import type { WechatClient } from './wechat/wechat-client.js';
import type { WechatTokenCache } from './wechat/wechat-token-cache.js';
import type { WeiboClient } from './weibo/weibo-client.js';

/**
 * Follower counts for the register: WeChat cgi-bin/user/get's `total` (one call: the first page carries it),
 * with the shared token cache; Weibo's users/show for the token's own uid.
 */
export class PlatformFollowers implements FollowerSource {
  constructor(
    private readonly wechat: { client: WechatClient; tokens: WechatTokenCache },
    private readonly weibo: Pick<WeiboClient, 'followersCount'>,
  ) {}

  count(account: Account, secret: string): Promise<number> {
    if (account.platform === 'weibo') return this.weibo.followersCount(secret);
    return this.wechat.tokens.withToken(account.appid ?? '', secret, (token) =>
      this.wechat.client.followerTotal(token),
    );
  }
}
