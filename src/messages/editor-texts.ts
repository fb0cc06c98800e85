import type { WeiboStatusRefusal } from '../domain/publishing/weibo-text.js';

/** Why the preview cannot show a Weibo status, in the words the publisher's failure would use. */
export const WEIBO_PREVIEW_REFUSALS: Readonly<Record<WeiboStatusRefusal, string>> = {
  no_link: '该微博账号没有设置安全域名链接，无法发布：请管理员用 qianfa account set-link 设置',
  too_long: '标题加尾注和链接已超过微博 140 字的上限，请精简标题',
};

/** `2026-12-06T00:00:00.000Z` → `2026-12-06T08:00`: a stored publish time as a Beijing-time form field. */
export function beijingLocalTime(iso: string): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return '';
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16);
}
