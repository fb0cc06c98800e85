import ipaddr from 'ipaddr.js';

/** Why an outbound address or URL is refused; each has its Chinese reason in messages. */
export type EgressRefusal = 'not_https' | 'private_address' | 'not_an_address';

/**
 * ipaddr.js ranges we never connect to unless the host is allowed: loopback, RFC 1918 and unique-local,
 * link-local (cloud metadata 169.254.169.254 included), CGNAT, multicast, unspecified, reserved.
 */
const PUBLIC_RANGES = new Set(['unicast']);

/** The address as ipaddr.js classifies it, IPv4-mapped IPv6 (::ffff:127.0.0.1) judged as the IPv4 it is. */
export function refusalForAddress(address: string): EgressRefusal | undefined {
  if (!ipaddr.isValid(address)) return 'not_an_address';
  const parsed = ipaddr.process(address);
  return PUBLIC_RANGES.has(parsed.range()) ? undefined : 'private_address';
}

export function isAllowedHost(hostname: string, allowHosts: readonly string[]): boolean {
  return allowHosts.includes(bareHost(hostname).toLowerCase());
}

/**
 * What can be said of a webhook URL before resolving it: https only unless the host is allowed, and a
 * literal address must be public. A name is checked again, resolved, at send time.
 */
export function refusalForUrl(url: URL, allowHosts: readonly string[]): EgressRefusal | undefined {
  if (isAllowedHost(url.hostname, allowHosts)) return undefined;
  if (url.protocol !== 'https:') return 'not_https';
  const host = bareHost(url.hostname);
  return ipaddr.isValid(host) ? refusalForAddress(host) : undefined;
}

/**
 * What can be said before connecting of a URL fetched for its content (a patrolled link, an article image):
 * another scheme than http(s), or a literal non-public address whose host is not allowed. A name is checked,
 * resolved, as it is connected to (the guarded dispatcher); a literal address is connected to unresolved.
 */
export function refusalForFetch(
  url: URL,
  allowHosts: readonly string[],
): 'not_http' | 'private_address' | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not_http';
  if (isAllowedHost(url.hostname, allowHosts)) return undefined;
  const host = bareHost(url.hostname);
  return ipaddr.isValid(host) && refusalForAddress(host) ? 'private_address' : undefined;
}

/** URL.hostname keeps IPv6 brackets. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}
