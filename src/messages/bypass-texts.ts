/** Chinese text of the bypass scan (公众号 articles published around qianfa). */

/** The admins' alert when a WeChat account published an article that was not signed off in qianfa. */
export function bypassAlertText(article: {
  account: string;
  title: string;
  url: string;
  coverOf?: { draft: string; version: number } | undefined;
}): string {
  const { account, title, url, coverOf } = article;
  const reused = coverOf ? `（使用了稿件 ${coverOf.draft} 第 ${coverOf.version} 版的封面）` : '';
  return `公众号“${account}”发布了未经签发的文章“${title}”：${url}${reused}`;
}

/** A scanned account that was removed while the scan ran. */
export const accountGoneText = (org: string, name: string): string => `公众号 ${org}/${name} 已不存在`;
