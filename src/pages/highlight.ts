import type { DraftField, DraftFormat } from '../domain/draft.js';
import { articleHtml } from '../domain/publishing/article-html.js';
import type { MarkerSpan } from './highlight-markers.js';
import { findMarkers, insertMarkers, neutraliseNoncharacters, stripMarkers } from './highlight-markers.js';
import type { SafeHtml } from './html.js';
import { escapeHtml, raw } from './html.js';
import { placeInHtml } from './html-positions.js';
import type { Placement } from './materialise-marks.js';
import { balancedFindings, materialiseMarks } from './materialise-marks.js';
import type { NumberedFinding } from './numbered-findings.js';
import { actionsByNumber } from './numbered-findings.js';
import { sanitizeArticle } from './sanitize-article.js';

/** A field rendered for the page with its findings marked; `placed` says how each shown finding appears. */
export interface Highlighted {
  markup: SafeHtml;
  placed: ReadonlyMap<number, Placement>;
}

/** The title, escaped, with `<mark>` around each title finding. */
export function highlightTitle(title: string, findings: readonly NumberedFinding[]): Highlighted {
  const source = neutraliseNoncharacters(title);
  const marked = escapeHtml(insertMarkers(source, spansOf(findings, 'title', source.length)));
  const { markup, placed } = materialiseMarks(marked, actionsByNumber(findings));
  return { markup: raw(markup), placed };
}

/**
 * The body as the article will show it (text → paragraphs, Markdown → marked, HTML as written), sanitised, with
 * `<mark>` around each body finding.
 *
 * How the marks stay correct: finding offsets index the body as submitted, so markers (invisible Unicode
 * noncharacters, see highlight-markers.ts) are inserted into the source at exactly those offsets; for HTML
 * only inside text nodes, found with htmlparser2, so they never touch a tag, attribute or entity. The marked
 * source is then rendered and sanitised like the plain one (a finding that is a link's href or an image's src
 * gets its number right after that link or image instead), and the markers become `<mark>` elements in the
 * resulting text only. A set of markers is used only if removing them from that output gives exactly the
 * plain output: a marker can never change the article's structure (e.g. next to Markdown emphasis), at worst a
 * finding is not marked in place and is still listed. Findings are tried all at once first, and in halves only
 * when that fails (acceptSpans).
 */
export function highlightBody(
  body: string,
  format: DraftFormat,
  findings: readonly NumberedFinding[],
  imageHosts?: readonly string[],
): Highlighted {
  const source = neutraliseNoncharacters(body);
  const hosts = imageHosts ? { imageHosts } : {};
  const plain = sanitizeArticle(articleHtml(source, format), hosts);
  const spans = spansOf(findings, 'body', source.length);
  // Where each span goes depends only on the source: place them all once, then render chosen subsets.
  const placement = format === 'html' ? placeInHtml(source, spans) : { pieces: spans, badges: [] };
  let budget = RENDER_BUDGET;
  const render = (chosen: readonly MarkerSpan[]): string | undefined => {
    if (budget-- <= 0) return undefined;
    const numbers = new Set(chosen.map((span) => span.n));
    const pieces = placement.pieces.filter((piece) => numbers.has(piece.n));
    const badges = placement.badges.filter((badge) => numbers.has(badge.n));
    return sanitizeArticle(articleHtml(insertMarkers(source, pieces, badges), format), {
      stripMarkers: true,
      ...hosts,
    });
  };
  const { rendered } = acceptSpans({ spans: [], rendered: plain }, spans, render, plain);
  const { markup, placed } = materialiseMarks(rendered, actionsByNumber(findings));
  return { markup: raw(markup), placed };
}

/** The finding spans of one field that lie within it. */
function spansOf(findings: readonly NumberedFinding[], field: DraftField, length: number): MarkerSpan[] {
  return findings
    .filter(({ finding }) => finding.field === field)
    .map(({ n, finding }) => ({ n, start: Math.max(0, finding.start), end: Math.min(length, finding.end) }))
    .filter((span) => span.end > span.start);
}

/** Renders tried per body at most (a 20 KB Markdown article renders in about 4 ms). */
const RENDER_BUDGET = 64;

/** An accepted set of spans and its render, which `faithful` has approved. */
interface Accepted {
  spans: readonly MarkerSpan[];
  rendered: string;
}

/**
 * Adds as many of `candidates` to `accepted` as keep the render faithful: all at once if possible, else each half
 * in turn, down to single spans. Every accepted set is verified as a whole, so the result is faithful; a few bad
 * spans among many cost O(bad · log n) renders, not n; `render` stops after RENDER_BUDGET renders, leaving the
 * rest unmarked (still listed), so a pathological draft cannot make the page slow.
 */
function acceptSpans(
  accepted: Accepted,
  candidates: readonly MarkerSpan[],
  render: (chosen: readonly MarkerSpan[]) => string | undefined,
  plain: string,
): Accepted {
  if (candidates.length === 0) return accepted;
  const spans = [...accepted.spans, ...candidates];
  const rendered = render(spans);
  if (rendered === undefined) return accepted;
  if (faithful(rendered, plain, spans)) return { spans, rendered };
  if (candidates.length === 1) return accepted;
  const half = Math.ceil(candidates.length / 2);
  const left = acceptSpans(accepted, candidates.slice(0, half), render, plain);
  return acceptSpans(left, candidates.slice(half), render, plain);
}

/** Identical to plain once markers are removed, and no span lost only one of its markers. */
function faithful(rendered: string, plain: string, spans: readonly MarkerSpan[]): boolean {
  if (stripMarkers(rendered) !== plain) return false;
  const texts = rendered.split(/<[^>]*>/);
  const wrapped = texts.flatMap(findMarkers).filter((marker) => marker.kind !== 'badge');
  const present = new Set(wrapped.map((marker) => marker.n));
  const balanced = balancedFindings(texts);
  return spans.every((span) => !present.has(span.n) || balanced.has(span.n));
}
