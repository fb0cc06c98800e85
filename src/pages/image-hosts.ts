/**
 * Hosts draft images may come from: WeChat's uploadimg answers mmbiz.qpic.cn URLs, Weibo serves sinaimg.cn.
 * The sanitiser replaces any other image by its URL as text (no tracker pixel on a leader's phone), and the
 * CSP's img-src says the same. An installation adds its own hosts with QIANFA_IMAGE_HOSTS.
 */
export const PLATFORM_IMAGE_HOSTS = ['mmbiz.qpic.cn', 'mmbiz.qlogo.cn', '*.sinaimg.cn'] as const;

/** The platforms' image hosts and the configured ones (`host` or `*.domain`, lower case). */
export function imageHostsWith(configured: readonly string[] = []): readonly string[] {
  return [...PLATFORM_IMAGE_HOSTS, ...configured];
}

/** True for data: images and http(s) images on one of `hosts` (the platforms' hosts by default). */
export function isShownImage(src: string, hosts: readonly string[] = PLATFORM_IMAGE_HOSTS): boolean {
  if (src.startsWith('data:')) return true;
  let host: string;
  try {
    host = new URL(src, 'https://invalid.invalid').hostname.toLowerCase();
  } catch {
    return false;
  }
  return hosts.some((allowed) =>
    allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed,
  );
}
