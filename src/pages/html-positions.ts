import { Parser } from 'htmlparser2';
import type { BadgeAnchor, MarkerSpan } from './highlight-markers.js';

/** A run of an HTML source that is rendered text; an entity (`&amp;`) is atomic: never split. */
interface TextRegion {
  from: number;
  to: number;
  atomic: boolean;
}

/** An element's start tag [from, to) and where the whole element ends. */
interface ElementSpan {
  name: string;
  from: number;
  to: number;
  after: number;
}

/** Elements whose text the sanitiser drops or that never show as article text: no marks there. */
const HIDDEN_TEXT = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template']);

/** Elements whose address (href, src) the checker reads and whose number can stand right after them. */
const BADGED = new Set(['a', 'img']);

interface ParseState {
  parser?: Parser;
  hidden: number;
  readonly elements: ElementSpan[];
  readonly open: ElementSpan[];
}

/** Collects the source positions of text nodes and elements with htmlparser2 (as sanitize-html parses). */
class PositionParser extends Parser {
  readonly regions: TextRegion[] = [];
  private readonly state: ParseState;

  constructor(private readonly source: string) {
    // The handlers run only while parsing, after construction, and reach the parser through `state`.
    const state: ParseState = { hidden: 0, elements: [], open: [] };
    super(
      {
        onopentag: (name) => openElement(state, name),
        onclosetag: (name, implied) => closeElement(state, name, implied),
      },
      { decodeEntities: true },
    );
    state.parser = this;
    this.state = state;
  }

  get elements(): readonly ElementSpan[] {
    return this.state.elements;
  }

  override ontext(start: number, endIndex: number): void {
    if (this.state.hidden === 0 && endIndex > start)
      this.regions.push({ from: start, to: endIndex, atomic: false });
    super.ontext(start, endIndex);
  }

  override ontextentity(codePoint: number, endIndex: number): void {
    // An entity starts with its only '&' (the same reading as domain/text/html-to-view.ts).
    const from = Math.max(0, this.source.lastIndexOf('&', endIndex - 1));
    if (this.state.hidden === 0) this.regions.push({ from, to: endIndex, atomic: true });
    super.ontextentity(codePoint, endIndex);
  }
}

function openElement(state: ParseState, name: string): void {
  const parser = state.parser!;
  const element = { name, from: parser.startIndex, to: parser.endIndex + 1, after: parser.endIndex + 1 };
  state.elements.push(element);
  state.open.push(element);
  if (HIDDEN_TEXT.has(name)) state.hidden++;
}

/** An implied end (a void element, or `<p>` closed by the next block) ends where the next token starts. */
function closeElement(state: ParseState, name: string, implied: boolean): void {
  const parser = state.parser!;
  const index = state.open.map((element) => element.name).lastIndexOf(name);
  const element = index === -1 ? undefined : state.open.splice(index, 1)[0];
  if (element) element.after = Math.max(element.to, implied ? parser.startIndex : parser.endIndex + 1);
  if (HIDDEN_TEXT.has(name)) state.hidden = Math.max(0, state.hidden - 1);
}

/** Finding spans placed in an HTML source: text pieces to wrap, and badges for spans inside an href/src. */
export interface HtmlPlacement {
  pieces: MarkerSpan[];
  badges: BadgeAnchor[];
}

/**
 * Splits each span into pieces that lie inside text nodes only, so a marker never lands inside a tag, an
 * attribute or an entity: a range crossing `<b>` becomes one piece before the tag and one after it. A span that
 * covers only the start tag of a link or an image (its href or src) gets a badge right after that element.
 */
export function placeInHtml(html: string, spans: readonly MarkerSpan[]): HtmlPlacement {
  if (spans.length === 0) return { pieces: [], badges: [] };
  const parser = new PositionParser(html);
  parser.end(html);
  const placement: HtmlPlacement = { pieces: [], badges: [] };
  for (const span of spans) {
    const pieces = mergeAdjacent(piecesOf(span, parser.regions));
    placement.pieces.push(...pieces);
    const tag = pieces.length === 0 ? enclosingTag(span, parser.elements) : undefined;
    if (tag) placement.badges.push({ n: span.n, at: tag.after });
  }
  return placement;
}

function enclosingTag(span: MarkerSpan, elements: readonly ElementSpan[]): ElementSpan | undefined {
  return elements.find((e) => BADGED.has(e.name) && e.from < span.start && span.end <= e.to);
}

function piecesOf(span: MarkerSpan, regions: readonly TextRegion[]): MarkerSpan[] {
  const pieces: MarkerSpan[] = [];
  for (const region of regions) {
    if (region.to <= span.start || region.from >= span.end) continue;
    const start = region.atomic ? region.from : Math.max(region.from, span.start);
    const end = region.atomic ? region.to : Math.min(region.to, span.end);
    pieces.push({ n: span.n, start, end });
  }
  return pieces;
}

/** htmlparser2 reports text in chunks around entities; adjacent pieces become one. */
function mergeAdjacent(pieces: readonly MarkerSpan[]): MarkerSpan[] {
  const merged: MarkerSpan[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.end === piece.start) last.end = piece.end;
    else merged.push({ ...piece });
  }
  return merged;
}
