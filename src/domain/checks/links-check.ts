import { LinkifyIt } from 'linkify-it';
import type { CheckContext, CheckRule, FieldScan, ReferenceLists } from './check-context.js';
import { findingAt, unitKindsOf } from './check-context.js';
import type { Finding } from './finding.js';
import { mapUnits, unitTable } from '../text/map-units.js';
import { LATIN_LETTER } from '../text/unit-kinds.js';
import { listedPerRule } from './summarise-findings.js';

/*
 * Rule ids (R8, R9):
 * - link:script     javascript:/vbscript:/data: (non-image) addresses → block
 * - link:shortener  host in `shortenerDomains` → block (the final address cannot be confirmed offline)
 * - link:commerce   host in `commerceDomains` → block
 * - link:external   host in none of the lists → escalate `important`
 * - link:illegal    an unlisted link in a draft that blocks for gambling or porn → block (refineIllegalLinks)
 * Hosts in `allowedDomains` give no finding (gov.cn, mainstream media, WeChat's own image and article hosts).
 * A bare `domain.tld` without scheme, `www.` or path counts only under a TLD that sites really use (BARE_TLDS),
 * so file names (readme.md, setup.py) and abbreviations stay text. A host matches a list entry when it equals it or ends with
 * `.` + entry (`item.jd.com` matches `jd.com`, `notjd.com` does not).
 */

/** Common gTLDs beyond linkify-it's defaults, so schemeless links to them are recognised (not a policy list). */
const EXTRA_TLDS = [
  'top',
  'xyz',
  'vip',
  'club',
  'site',
  'online',
  'bet',
  'app',
  'ltd',
  'wang',
  'tech',
  'fun',
];
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false }).tlds(EXTRA_TLDS, true);

/** TLDs a bare `name.tld` must end with to count as a link; linkify-it also knows .md, .py, .sh, .ai … */
const BARE_TLDS = new Set([
  'com',
  'cn',
  'net',
  'org',
  'info',
  'cc',
  'co',
  'io',
  'me',
  'tv',
  'hk',
  ...EXTRA_TLDS,
]);

/** A bare name counts under a common TLD written in lower case: ASP.NET and VB.NET are product names. */
const isBareLink = (raw: string, host: string) =>
  BARE_TLDS.has(host.slice(host.lastIndexOf('.') + 1)) && !/\.[A-Z]+$/.test(raw.replace(/[:/].*$/, ''));

const SCRIPT_URL = /(?<![a-z])(?:javascript|vbscript):[^\s]*/gi;
/** data: URLs except images, which editors embed legitimately as `src`. */
const DATA_URL = /(?<![a-z0-9+.-])data:(?!image\/)(?:[a-z]+\/[a-z0-9.+-]+)?[;,][^\s]*/gi;

export interface FoundLink {
  start: number;
  end: number;
  /** Lower-case host name without port or trailing dot. */
  host: string;
  /** Written without scheme, `www.` or path (`jd.com`, `abc.top`). */
  bare: boolean;
}

/**
 * Same length as `text`: full-width ASCII folded to ASCII, every other non-ASCII unit replaced by a space.
 * Chinese text rarely puts spaces around a URL; this gives linkify-it the boundaries it needs. IDN hosts
 * written in Chinese are therefore not recognised (punycode ones are).
 */
function asciiMask(text: string): string {
  return mapUnits(text, ASCII_MASK);
}

const ASCII_MASK = unitTable((code) =>
  code < 0x80 ? code : code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : 0x20,
);

function hostOf(url: string): string | undefined {
  try {
    const host = new URL(url.startsWith('//') ? `http:${url}` : url).hostname.toLowerCase();
    return host.replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whitespace-free ASCII stretches ("islands"); one that could hold a link has a letter plus a dot or colon.
 * (Matching the letter in the pattern itself backtracks over the whole stretch at every start: quadratic on
 * 1 MB of digits.) Islands are found from their dots and colons, so the many without one cost nothing.
 */
const LINK_MARK = /[.:]/g;
const mayHoldLink = (island: string) => /[a-z]/i.test(island);
/** ASCII whitespace: the masked text has no other. */
const isSpaceCode = (code: number) => code === 0x20 || (code >= 0x09 && code <= 0x0d);

/**
 * Links with scheme, `//`, `www.` or a bare `domain.tld[/path]`, in view coordinates. linkify-it runs on each
 * candidate island rather than on the whole text: CJK is masked to spaces, so no link crosses an island edge,
 * and this keeps a 5,000-character article well under a millisecond.
 */
export function findLinks(text: string): FoundLink[] {
  return linksIn(asciiMask(text));
}

function linksIn(masked: string): FoundLink[] {
  const links: FoundLink[] = [];
  // A repeated island (the same link pasted thousands of times) is parsed once.
  const parsed = new Map<string, FoundLink[]>();
  const marks = new RegExp(LINK_MARK);
  for (let mark = marks.exec(masked); mark !== null; mark = marks.exec(masked)) {
    let start = mark.index;
    while (start > 0 && !isSpaceCode(masked.charCodeAt(start - 1))) start--;
    let end = mark.index + 1;
    while (end < masked.length && !isSpaceCode(masked.charCodeAt(end))) end++;
    marks.lastIndex = end;
    const island = masked.slice(start, end);
    let found = parsed.get(island);
    if (found === undefined) parsed.set(island, (found = islandLinks(island)));
    for (const link of found) links.push({ ...link, start: start + link.start, end: start + link.end });
  }
  return links;
}

/** Links in one island, in island coordinates. */
function islandLinks(island: string): FoundLink[] {
  const links: FoundLink[] = [];
  if (!mayHoldLink(island)) return links;
  for (const match of linkify.match(island) ?? []) {
    if (match.schema.toLowerCase() === 'mailto:') continue;
    const host = hostOf(match.url);
    if (host === undefined) continue;
    const bare = match.schema === '' && !/^www\./i.test(match.raw) && !match.raw.includes('/');
    if (bare && !isBareLink(match.raw, host)) continue;
    links.push({ start: match.index, end: match.lastIndex, host, bare });
  }
  return links;
}

/** Executable addresses (javascript:, vbscript:, non-image data:), in view coordinates. */
export function findScriptUrls(text: string): { start: number; end: number }[] {
  return scriptUrlsIn(asciiMask(text));
}

function scriptUrlsIn(masked: string): { start: number; end: number }[] {
  if (!/(?:script|data):/i.test(masked)) return [];
  return [...masked.matchAll(SCRIPT_URL), ...masked.matchAll(DATA_URL)]
    .map((match) => ({ start: match.index, end: match.index + match[0].length }))
    .sort((a, b) => a.start - b.start);
}

const normaliseDomain = (domain: string) =>
  domain
    .trim()
    .toLowerCase()
    .replace(/^\*?\./, '')
    .replace(/\.$/, '');

/** Each list normalised once, not once per link: a draft of 50,000 links would redo it 50,000 times. */
const normalisedLists = new WeakMap<readonly string[], string[]>();
function normalised(domains: readonly string[]): string[] {
  let list = normalisedLists.get(domains);
  if (list === undefined) normalisedLists.set(domains, (list = domains.map(normaliseDomain)));
  return list;
}

/** The list entry the host belongs to (itself or a parent domain), if any. */
export function matchDomain(host: string, domains: readonly string[]): string | undefined {
  return normalised(domains).find(
    (domain) => domain !== '' && (host === domain || host.endsWith(`.${domain}`)),
  );
}

function linkFinding(scan: FieldScan, link: FoundLink, lists: ReferenceLists): Finding | undefined {
  const at = (props: Omit<Finding, 'field' | 'start' | 'end' | 'text'>) =>
    findingAt(scan, link.start, link.end, props);
  if (matchDomain(link.host, lists.shortenerDomains) !== undefined) {
    const message = `短链接「${link.host}」无法确认最终地址，请替换为完整网址。`;
    return at({ rule: 'link:shortener', category: 'link', action: 'block', message });
  }
  const commerce = matchDomain(link.host, lists.commerceDomains);
  if (commerce !== undefined) {
    const message = `链接指向商业或广告网站「${commerce}」，政务账号不得发布商业广告链接，请删除该链接。`;
    return at({ rule: 'link:commerce', category: 'link', action: 'block', message });
  }
  if (matchDomain(link.host, lists.allowedDomains) !== undefined) return undefined;
  const message = `链接指向非白名单网站「${link.host}」，须分管负责人审签；如非必要，请删除或改用党政机关网站、主流媒体的链接。`;
  return at({ rule: 'link:external', category: 'link', action: 'escalate', grade: 'important', message });
}

function scanFindings(scan: FieldScan, lists: ReferenceLists): Finding[] {
  // Most Chinese posts have no latin letter at all: the unit kinds, read once for several checks, spare the
  // mask and the island scan.
  if ((unitKindsOf(scan) & LATIN_LETTER) === 0) return [];
  const masked = asciiMask(scan.view.text);
  const scripts = scriptUrlsIn(masked).map(({ start, end }) =>
    findingAt(scan, start, end, {
      rule: 'link:script',
      category: 'link',
      action: 'block',
      message: '链接使用 javascript:、data: 等可执行地址，存在安全风险，请删除该链接。',
    }),
  );
  // A link's finding depends on its text alone: a repeated link is classified once, listed up to the cap.
  const links = listedPerRule(
    linksIn(masked),
    (link) => `${link.bare}|${masked.slice(link.start, link.end)}`,
    (link) => linkFinding(scan, link, lists),
  );
  return [...scripts, ...links];
}

/** R8, R9: links in the title and body (HTML views carry each href/src value as its own line). */
export const checkLinks: CheckRule = (context: CheckContext) => [
  ...scanFindings(context.title, context.lists),
  ...scanFindings(context.body, context.lists),
];

/** Categories whose blocking findings make a draft's unlisted links links to illegal sites (R9). */
const ILLEGAL_CONTENT: ReadonlySet<Finding['category']> = new Set(['gambling', 'porn']);

/**
 * R9 (已知赌博、色情网站 → BLOCK): in a draft that blocks for gambling or pornography, an unlisted link leads to
 * such a site (a casino's address in injected spam), so it blocks as `link:illegal` instead of escalating the
 * grade: the reviewer deletes it rather than signs it off. Runs after anti-gambling publicity is recognised,
 * so a quoted lure that became `info` does not turn a publicity post's links into illegal ones.
 */
export function refineIllegalLinks(findings: Finding[]): Finding[] {
  const illegal = findings.find(
    (finding) => finding.action === 'block' && ILLEGAL_CONTENT.has(finding.category),
  );
  if (illegal === undefined) return findings;
  const what = illegal.category === 'porn' ? '色情' : '赌博';
  return findings.map((finding) => {
    if (finding.rule !== 'link:external') return finding;
    const { grade: _grade, ...rest } = finding;
    return {
      ...rest,
      rule: 'link:illegal',
      action: 'block',
      message: `稿件含${what}内容，链接「${finding.text}」按${what}网站链接处理，请删除该链接。`,
    };
  });
}
