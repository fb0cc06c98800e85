/**
 * Invisible markers that carry finding boundaries through Markdown rendering and sanitising.
 *
 * They are built from Unicode noncharacters (U+FDD0–U+FDEF), which never occur in interchanged text and which
 * neither marked nor sanitize-html treat specially: `open(n)` is U+FDD0, the digits of n as U+FDE0–U+FDE9,
 * then U+FDD2; `close(n)` starts with U+FDD1, and `badge(n)` (a number alone, beside a link or image whose
 * address holds the finding) with U+FDD3. A draft cannot forge them: `neutraliseNoncharacters` replaces
 * any noncharacter in the draft by U+FFFD first, one unit for one unit, so finding offsets stay valid.
 */

const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';
const END = '\uFDD2';
const BADGE = '\uFDD3';
const DIGIT_ZERO = 0xfde0;

export type MarkerKind = 'open' | 'close' | 'badge';

/** One marker in a text: kind, finding number, where it starts and how long it is. */
export interface Marker {
  kind: MarkerKind;
  n: number;
  index: number;
  length: number;
}

/** [start, end) of the text to wrap for finding n. */
export interface MarkerSpan {
  n: number;
  start: number;
  end: number;
}

/** Where to put finding n's number when it cannot be wrapped (its text is an href or src). */
export interface BadgeAnchor {
  n: number;
  at: number;
}

const MARKER = /([\uFDD0\uFDD1\uFDD3])([\uFDE0-\uFDE9]+)\uFDD2/g;
const KINDS: Readonly<Record<string, MarkerKind>> = { [OPEN]: 'open', [CLOSE]: 'close', [BADGE]: 'badge' };
const ANY_NONCHARACTER = /[\uFDD0-\uFDEF]/g;
/** marked percent-encodes link targets (encodeURI): U+FDD0–U+FDEF become %EF%B7%90 … %EF%B7%AF. */
const ENCODED_NONCHARACTER = /%EF%B7%[9A][0-9A-F]/gi;

function marker(lead: string, n: number): string {
  const digits = [...String(n)].map((digit) => String.fromCharCode(DIGIT_ZERO + Number(digit)));
  return `${lead}${digits.join('')}${END}`;
}

/** Replaces every noncharacter of the range the markers use by U+FFFD, keeping every offset. */
export function neutraliseNoncharacters(text: string): string {
  return text.replace(ANY_NONCHARACTER, '\uFFFD');
}

/**
 * Inserts open/close markers around each span and a badge marker at each anchor. At one offset, closes come
 * first, so findings that only touch do not overlap. Spans outside the text or empty are ignored.
 */
export function insertMarkers(
  text: string,
  spans: readonly MarkerSpan[],
  badges: readonly BadgeAnchor[] = [],
): string {
  const points: { at: number; order: number; text: string }[] = [];
  for (const { n, start, end } of spans) {
    if (start < 0 || end > text.length || end <= start) continue;
    points.push({ at: start, order: 1, text: marker(OPEN, n) });
    points.push({ at: end, order: 0, text: marker(CLOSE, n) });
  }
  for (const { n, at } of badges)
    if (at >= 0 && at <= text.length) points.push({ at, order: 0, text: marker(BADGE, n) });
  points.sort((a, b) => a.at - b.at || a.order - b.order);
  let out = '';
  let last = 0;
  for (const point of points) {
    out += text.slice(last, point.at) + point.text;
    last = point.at;
  }
  return out + text.slice(last);
}

/** The markers of a text, in order. */
export function findMarkers(text: string): Marker[] {
  return [...text.matchAll(MARKER)].map((match) => ({
    kind: KINDS[match[1] ?? ''] ?? 'badge',
    n: Number([...(match[2] ?? '')].map((unit) => unit.charCodeAt(0) - DIGIT_ZERO).join('')),
    index: match.index,
    length: match[0].length,
  }));
}

/** The text without any marker. */
export function stripMarkers(text: string): string {
  return text.replace(ANY_NONCHARACTER, '');
}

/** An attribute value without markers, also percent-encoded ones (a finding inside a Markdown link target). */
export function stripMarkersFromAttribute(value: string): string {
  return stripMarkers(value).replace(ENCODED_NONCHARACTER, '');
}
