import { Parser, QuoteType } from 'htmlparser2';
import type { TextView } from './text-view.js';
import { TextViewBuilder } from './text-view.js';

/** Elements that end a line when rendered, so words never glue across them. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'legend', 'li', 'main', 'nav', 'ol', 'option', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'title', 'tr', 'ul',
]); // prettier-ignore

/** Never rendered as text and not prose: their content is dropped. */
const DROPPED_TAGS = new Set(['script', 'style']);

/** Attributes whose values are links the checks must see. */
const LINK_ATTRIBUTES = new Set(['href', 'src']);

/** One piece of a view under construction: verbatim source [from, to), or `text` standing for [from, to). */
interface Piece {
  text?: string;
  from: number;
  to: number;
}

interface OpenAttribute {
  nameEnd: number;
  pieces: Piece[];
  entities: string;
}

/**
 * The text of an HTML document as a view into it: text content with entities decoded, a newline for each block
 * element, script and style dropped, hidden text kept, and every href/src value appended as its own line.
 */
export function htmlToView(html: string): TextView {
  return collectHtml(html).view;
}

/** The document's title: the text of its first `<title>`, else of its first `<h1>`, with its offset in `html`. */
export function htmlTitle(html: string): { title: string; offset: number } | undefined {
  const { view, regions } = collectHtml(html);
  for (const name of ['title', 'h1']) {
    const region = regions.get(name);
    const raw = region ? view.text.slice(region.from, region.to) : '';
    const title = raw.replace(/\s+/g, ' ').trim();
    if (title === '') continue;
    const lead = raw.length - raw.trimStart().length;
    return { title, offset: view.starts[region!.from + lead]! };
  }
  return undefined;
}

function collectHtml(html: string): { view: TextView; regions: Map<string, { from: number; to: number }> } {
  const collector = new ViewCollector(html);
  const parser = new CollectingParser(collector);
  parser.end(html);
  return { view: collector.build(), regions: collector.regions };
}

/** Receives positioned tokens in source order and assembles the view. */
class ViewCollector {
  readonly regions = new Map<string, { from: number; to: number }>();
  private readonly body = new TextViewBuilder();
  private readonly links: Piece[][] = [];
  private readonly openRegions = new Map<string, number>();
  private length = 0;
  private lastUnit = '\n';
  private dropDepth = 0;
  private attribute: OpenAttribute | undefined;

  constructor(private readonly html: string) {}

  text(from: number, to: number): void {
    if (this.dropDepth > 0 || to <= from) return;
    this.body.verbatim(this.html, from, to);
    this.advance(this.html.slice(to - 1, to), to - from);
  }

  entity(codePoint: number, end: number): void {
    if (this.dropDepth > 0) return;
    const text = String.fromCodePoint(codePoint);
    // An entity starts with its only '&'.
    this.body.replaced(text, Math.max(0, this.html.lastIndexOf('&', end - 1)), end);
    this.advance(text.slice(-1), text.length);
  }

  openTag(name: string, from: number, to: number): void {
    if (DROPPED_TAGS.has(name)) this.dropDepth++;
    if (BLOCK_TAGS.has(name)) this.newline(from, to);
    if ((name === 'title' || name === 'h1') && !this.regions.has(name) && !this.openRegions.has(name)) {
      this.openRegions.set(name, this.length);
    }
  }

  closeTag(name: string, from: number, to: number, implied: boolean): void {
    const regionStart = this.openRegions.get(name);
    if (regionStart !== undefined && !this.regions.has(name)) {
      this.regions.set(name, { from: regionStart, to: this.length });
    }
    if (DROPPED_TAGS.has(name)) this.dropDepth = Math.max(0, this.dropDepth - 1);
    else if (BLOCK_TAGS.has(name) && !implied) this.newline(from, to);
  }

  attributeName(nameStart: number, nameEnd: number): void {
    const name = this.html.slice(nameStart, nameEnd).toLowerCase();
    this.attribute = LINK_ATTRIBUTES.has(name) ? { nameEnd, pieces: [], entities: '' } : undefined;
  }

  attributeData(from: number, to: number): void {
    if (!this.attribute || to <= from) return;
    this.flushEntities(this.attribute, from);
    this.attribute.pieces.push({ from, to });
  }

  attributeEntity(codePoint: number): void {
    if (this.attribute) this.attribute.entities += String.fromCodePoint(codePoint);
  }

  attributeEnd(quote: QuoteType, end: number): void {
    const attribute = this.attribute;
    this.attribute = undefined;
    if (!attribute || quote === QuoteType.NoValue) return;
    this.flushEntities(attribute, quote === QuoteType.Unquoted ? end : end - 1);
    if (attribute.pieces.length > 0) this.links.push(attribute.pieces);
  }

  build(): TextView {
    for (const pieces of this.links) {
      const first = pieces[0]!;
      const last = pieces[pieces.length - 1]!;
      this.body.replaced('\n', first.from, last.to);
      for (const piece of pieces) {
        if (piece.text === undefined) this.body.verbatim(this.html, piece.from, piece.to);
        else this.body.replaced(piece.text, piece.from, piece.to);
      }
    }
    return this.body.build();
  }

  /** Decoded entities waiting in the attribute stand for the source between the last data and `until`. */
  private flushEntities(attribute: OpenAttribute, until: number): void {
    if (attribute.entities === '') return;
    const last = attribute.pieces[attribute.pieces.length - 1];
    const from = last ? last.to : valueStart(this.html, attribute.nameEnd);
    attribute.pieces.push({ text: attribute.entities, from, to: Math.max(from, until) });
    attribute.entities = '';
  }

  private newline(from: number, to: number): void {
    if (this.dropDepth > 0 || this.lastUnit === '\n') return;
    const start = Math.max(0, Math.min(from, to));
    this.body.replaced('\n', start, Math.max(start, to));
    this.advance('\n', 1);
  }

  private advance(lastUnit: string, units: number): void {
    this.lastUnit = lastUnit;
    this.length += units;
  }
}

/** Where an attribute value starts: after the name, optional spaces, '=', optional spaces and the quote. */
function valueStart(html: string, nameEnd: number): number {
  let at = nameEnd;
  while (at < html.length && /[\s=]/.test(html[at]!)) at++;
  return html[at] === '"' || html[at] === "'" ? at + 1 : at;
}

/** htmlparser2's parser, also reporting the source positions of text, entities and attribute values. */
class CollectingParser extends Parser {
  private readonly collector: ViewCollector;

  constructor(collector: ViewCollector) {
    const tags = { parser: undefined as Parser | undefined };
    super(
      {
        onopentag: (name) => collector.openTag(name, tags.parser!.startIndex, tags.parser!.endIndex + 1),
        onclosetag: (name, implied) =>
          collector.closeTag(name, tags.parser!.startIndex, tags.parser!.endIndex + 1, implied),
      },
      { decodeEntities: true },
    );
    tags.parser = this;
    this.collector = collector;
  }

  override ontext(start: number, endIndex: number): void {
    this.collector.text(start, endIndex);
    super.ontext(start, endIndex);
  }

  override ontextentity(codePoint: number, endIndex: number): void {
    this.collector.entity(codePoint, endIndex);
    super.ontextentity(codePoint, endIndex);
  }

  override onattribname(start: number, endIndex: number): void {
    this.collector.attributeName(start, endIndex);
    super.onattribname(start, endIndex);
  }

  override onattribdata(start: number, endIndex: number): void {
    this.collector.attributeData(start, endIndex);
    super.onattribdata(start, endIndex);
  }

  override onattribentity(codePoint: number): void {
    this.collector.attributeEntity(codePoint);
    super.onattribentity(codePoint);
  }

  override onattribend(quote: QuoteType, endIndex: number): void {
    this.collector.attributeEnd(quote, endIndex);
    super.onattribend(quote, endIndex);
  }
}
