/**
 * Hosts draft images may come from: WeChat's uploadimg answers mmbiz.qpic.cn URLs, Weibo serves sinaimg.cn.
 * The sanitiser replaces any other image by its URL as text (no tracker pixel on a leader's phone), and the
 * CSP's img-src says the same.
 */
export const PLATFORM_IMAGE_HOSTS = ['mmbiz.qpic.cn', 'mmbiz.qlogo.cn', '*.sinaimg.cn'] as const;

/** True for data: images and http(s) images on a platform image host. */
export function isShownImage(src: string): boolean {
  if (src.startsWith('data:')) return true;
  let host: string;
  try {
    host = new URL(src, 'https://invalid.invalid').hostname.toLowerCase();
  } catch {
    return false;
  }
  return PLATFORM_IMAGE_HOSTS.some((allowed) =>
    allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed,
  );
}
