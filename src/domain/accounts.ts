/** A platform account (公众号 or 微博号) an organisation publishes to. */
export type Platform = 'wechat' | 'weibo';
export const PLATFORMS: readonly Platform[] = ['wechat', 'weibo'];

/** Account names appear in targets (`wechat:崇川发布`): letters (Chinese too), digits, `_` and `-`. */
export const ACCOUNT_NAME_PATTERN = /^[\p{L}\p{N}_-]{1,40}$/u;

export interface Account {
  org: string;
  platform: Platform;
  name: string;
  /** WeChat: the AppID (public; the AppSecret is sealed apart). */
  appid?: string;
  /** Weibo: the link in the account's safe domain a post carries when there is no WeChat article to link. */
  link?: string;
  createdAt: string;
}

export function isPlatform(value: unknown): value is Platform {
  return value === 'wechat' || value === 'weibo';
}

/** `wechat:崇川发布` → the platform and account name, or undefined when malformed. */
export function parseTarget(target: string): { platform: Platform; name: string } | undefined {
  const colon = target.indexOf(':');
  const platform = target.slice(0, colon);
  const name = target.slice(colon + 1);
  return colon > 0 && isPlatform(platform) && ACCOUNT_NAME_PATTERN.test(name)
    ? { platform, name }
    : undefined;
}
