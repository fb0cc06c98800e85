/**
 * Weibo's rules for statuses/share text (facts §2.2) as pure checks.
 *
 * How Weibo counts to 140 is undocumented (facts: L). This uses the widely observed rule, erring long:
 * a half-width (ASCII) character counts ½, any other character 1, and a link at least what its t.cn short
 * form costs (20 half-width characters) or its own length if longer. The platform's 20012 stays authoritative.
 */

export const WEIBO_STATUS_MAX_LENGTH = 140;
const SHORT_LINK_HALF_WIDTHS = 20;
const LINK = /https?:\/\/[\w\-.~:/?#[\]@!$&'()*+,;=%]+/g;
const TOPIC = /#[^#\s][^#\n]*#/;

/** Length in Weibo's units (汉字), rounded up. */
export function weiboTextLength(text: string): number {
  let halfWidths = 0;
  const withoutLinks = text.replace(LINK, (link) => {
    halfWidths += Math.max(link.length, SHORT_LINK_HALF_WIDTHS);
    return '';
  });
  for (const char of withoutLinks) halfWidths += (char.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
  return Math.ceil(halfWidths / 2);
}

/** The http(s) links in the text, in order. */
export function findLinks(text: string): string[] {
  return text.match(LINK) ?? [];
}

/** True when a link's host is the safe domain or one of its subdomains. */
export function isInSafeDomain(link: string, safeDomain: string): boolean {
  let host: string;
  try {
    host = new URL(link).hostname.toLowerCase();
  } catch {
    return false;
  }
  const domain = safeDomain.toLowerCase().replace(/^\.+/, '');
  return host === domain || host.endsWith(`.${domain}`);
}

export type WeiboStatusViolation =
  | { readonly code: 'empty' }
  | { readonly code: 'too_long'; readonly length: number; readonly limit: number }
  | { readonly code: 'missing_safe_domain_link'; readonly safeDomain: string }
  | { readonly code: 'contains_topic'; readonly topic: string };

/** Every rule the text breaks; empty when Weibo should accept it. */
export function checkWeiboStatus(text: string, safeDomain: string): WeiboStatusViolation[] {
  if (text.trim() === '') return [{ code: 'empty' }];
  const violations: WeiboStatusViolation[] = [];
  const length = weiboTextLength(text);
  if (length > WEIBO_STATUS_MAX_LENGTH) {
    violations.push({ code: 'too_long', length, limit: WEIBO_STATUS_MAX_LENGTH });
  }
  if (!findLinks(text).some((link) => isInSafeDomain(link, safeDomain))) {
    violations.push({ code: 'missing_safe_domain_link', safeDomain });
  }
  const topic = TOPIC.exec(text.replace(LINK, ' '));
  if (topic) violations.push({ code: 'contains_topic', topic: topic[0] });
  return violations;
}
