import { isInSafeDomain } from './weibo-limits.js';

/**
 * Which link a Weibo post carries. Weibo refuses links outside the app's safe domain (10017), and the only
 * link known to be inside it is the account's configured `link`. The same draft's WeChat article is linked
 * only when it lies under that link's host; otherwise the configured link is. No configured link: no post.
 */
export function chooseWeiboLink(
  accountLink: string | undefined,
  wechatArticleUrl: string | undefined,
): string | undefined {
  if (!accountLink) return undefined;
  const safeHost = hostOf(accountLink);
  if (wechatArticleUrl && safeHost && isInSafeDomain(wechatArticleUrl, safeHost)) return wechatArticleUrl;
  return accountLink;
}

function hostOf(link: string): string | undefined {
  try {
    return new URL(link).hostname;
  } catch {
    return undefined;
  }
}
