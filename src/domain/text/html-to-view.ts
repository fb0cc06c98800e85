import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { childStyle, hiddenReason, VISIBLE, type HiddenReason, type StyleState } from './hidden-style.js';
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

/** Text hidden by inline style (R5), in source offsets: text, or a link (`href`) in a hidden element. */
export interface HiddenSpan {
  start: number;
  end: number;
  reason: HiddenReason;
  hasLink: boolean;
}

/** Empty elements sharing one `id` (parasitic templates stamp the same id on a pile of junk tags). */
export interface EmptyTagPile {
  id: string;
  count: number;
  /** Source offsets from the first such tag to the end of the last. */
  start: number;
  end: number;
}

export interface HtmlReading {
  view: TextView;
  hidden: HiddenSpan[];
  emptyPile?: EmptyTagPile;
  regions: Map<string, { from: number; to: number }>;
}

/**
 * The text of an HTML document as a view into it: text content with entities decoded, a newline for each block
 * element, script and style dropped, hidden text kept, and every href/src value appended as its own line.
 */
export function htmlToView(html: string): TextView {
  return readHtml(html).view;
}

let lastReading: { html: string; reading: HtmlReading } | undefined;

/**
 * Reads the document once, linearly: htmlparser2's tokenizer with a stack of our own, so no nesting depth, stray
 * close tag or unclosed tag costs more than a bounded search. The last reading is kept: the checker builds the
 * view and the hidden-HTML rule reads the same body.
 */
export function readHtml(html: string): HtmlReading {
  if (lastReading?.html === html) return lastReading.reading;
  const collector = new ViewCollector(html);
  const walker = new HtmlWalker(html, collector);
  const tokenizer = new Tokenizer({ decodeEntities: true }, walker);
  tokenizer.write(html);
  tokenizer.end();
  const pile = walker.emptyPile();
  const view = collector.build();
  const reading: HtmlReading = { view, hidden: walker.hidden, regions: collector.regions };
  if (pile) reading.emptyPile = pile;
  lastReading = { html, reading };
  return reading;
}

/** The document's title: the text of its first `<title>`, else of its first `<h1>`, with its offset in `html`. */
export function htmlTitle(html: string): { title: string; offset: number } | undefined {
  const { view, regions } = readHtml(html);
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

/** Receives positioned tokens in source order and assembles the view. */
class ViewCollector {
  readonly regions = new Map<string, { from: number; to: number }>();
  private readonly body = new TextViewBuilder();
  private readonly links: Piece[][] = [];
  private readonly openRegions = new Map<string, number>();
  private length = 0;
  private lastUnit = '\n';
  private dropDepth = 0;

  /** Inside script or style, whose content is not text. */
  get dropping(): boolean {
    return this.dropDepth > 0;
  }
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

/** Elements without content or close tag. */
const VOID_TAGS = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]); // prettier-ignore

const P_ONLY = new Set(['p']);
const BLOCKS_CLOSING_P = [
  'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'ul',
]; // prettier-ignore

/** An opening tag closes these when they are the current element (htmlparser2's table, the parts that matter). */
const OPEN_CLOSES = new Map<string, ReadonlySet<string>>([
  ...BLOCKS_CLOSING_P.map((name): [string, ReadonlySet<string>] => [name, P_ONLY]),
  ['li', new Set(['li'])],
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dt', 'dd'])],
  ['dt', new Set(['dt', 'dd'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
]);

/** How far down the stack a close tag looks for its element; a stray close tag further down is ignored. */
const CLOSE_SEARCH = 64;

interface OpenElement {
  name: string;
  from: number;
  to: number;
  style: StyleState;
  /** Non-blank text units seen before the element opened: unchanged at its close means it was empty. */
  textMark: number;
  id?: string;
}

interface PendingTag {
  name: string;
  from: number;
  style?: string;
  hidden: boolean;
  id?: string;
  hasHref: boolean;
}

/** Tokenizer callbacks: keeps the element stack, tells the collector about tags, notes hidden and empty ones. */
class HtmlWalker implements TokenizerCallbacks {
  readonly hidden: HiddenSpan[] = [];
  private readonly stack: OpenElement[] = [];
  private readonly emptyById = new Map<string, EmptyTagPile>();
  private pending: PendingTag | undefined;
  private attributeName = '';
  private attributeValue = '';
  private textUnits = 0;
  /** The visible text count when the last hidden span was extended: unchanged means the spans touch. */
  private visibleAtLastHidden = -1;
  private visibleUnits = 0;

  constructor(
    private readonly html: string,
    private readonly collector: ViewCollector,
  ) {}

  ontext(start: number, endIndex: number): void {
    this.collector.text(start, endIndex);
    if (/\S/.test(this.html.slice(start, endIndex))) this.sawText(start, endIndex);
  }

  ontextentity(codePoint: number, endIndex: number): void {
    this.collector.entity(codePoint, endIndex);
    if (!/\s/.test(String.fromCodePoint(codePoint))) {
      this.sawText(Math.max(0, this.html.lastIndexOf('&', endIndex - 1)), endIndex);
    }
  }

  onopentagname(start: number, endIndex: number): void {
    this.pending = {
      name: this.html.slice(start, endIndex).toLowerCase(),
      from: start - 1,
      hidden: false,
      hasHref: false,
    };
  }

  onattribname(start: number, endIndex: number): void {
    this.collector.attributeName(start, endIndex);
    this.attributeName = this.html.slice(start, endIndex).toLowerCase();
    this.attributeValue = '';
  }

  onattribdata(start: number, endIndex: number): void {
    this.collector.attributeData(start, endIndex);
    if (this.attributeName === 'style' || this.attributeName === 'id') {
      this.attributeValue += this.html.slice(start, endIndex);
    }
  }

  onattribentity(codePoint: number): void {
    this.collector.attributeEntity(codePoint);
    this.attributeValue += String.fromCodePoint(codePoint);
  }

  onattribend(quote: QuoteType, endIndex: number): void {
    this.collector.attributeEnd(quote, endIndex);
    const tag = this.pending;
    if (!tag) return;
    if (this.attributeName === 'style') tag.style = this.attributeValue;
    else if (this.attributeName === 'id' && this.attributeValue !== '') tag.id = this.attributeValue;
    else if (this.attributeName === 'hidden') tag.hidden = true;
    else if (this.attributeName === 'href' && quote !== QuoteType.NoValue) tag.hasHref = true;
  }

  onopentagend(endIndex: number): void {
    const tag = this.pending;
    this.pending = undefined;
    if (tag) this.open(tag, endIndex + 1);
  }

  onselfclosingtag(endIndex: number): void {
    this.onopentagend(endIndex);
  }

  onclosetag(start: number, endIndex: number): void {
    const name = this.html.slice(start, endIndex).toLowerCase();
    const from = start - 2;
    const to = endIndex + 1;
    if (VOID_TAGS.has(name)) {
      if (name === 'br') this.collector.openTag('br', from, to);
      return;
    }
    const depth = this.depthOf(name);
    if (depth >= 0) {
      for (let i = 0; i < depth; i++) this.pop(from, from, true);
      this.pop(from, to, false);
    } else if (name === 'p') {
      this.collector.openTag('p', from, to);
      this.collector.closeTag('p', from, to, false);
    }
  }

  onend(): void {
    while (this.stack.length > 0) this.pop(this.html.length, this.html.length, true);
  }

  oncdata(): void {}
  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}

  /** The largest set of empty elements sharing an id, when there are at least two. */
  emptyPile(): EmptyTagPile | undefined {
    let largest: EmptyTagPile | undefined;
    for (const pile of this.emptyById.values())
      if (pile.count >= 2 && pile.count > (largest?.count ?? 0)) largest = pile;
    return largest;
  }

  private open(tag: PendingTag, to: number): void {
    const closes = OPEN_CLOSES.get(tag.name);
    while (closes && this.stack.length > 0 && closes.has(this.stack.at(-1)!.name))
      this.pop(tag.from, tag.from, true);
    const parent = this.stack.at(-1)?.style ?? VISIBLE;
    const style = childStyle(parent, tag.style, tag.hidden);
    this.collector.openTag(tag.name, tag.from, to);
    const reason = hiddenReason(style);
    if (tag.hasHref && reason !== undefined) this.markHidden(tag.from, to, reason, true);
    if (VOID_TAGS.has(tag.name)) {
      this.collector.closeTag(tag.name, tag.from, to, true);
      if (tag.id !== undefined) this.noteEmpty(tag.id, tag.from, to);
      return;
    }
    const element: OpenElement = { name: tag.name, from: tag.from, to, style, textMark: this.textUnits };
    if (tag.id !== undefined) element.id = tag.id;
    this.stack.push(element);
  }

  private pop(from: number, to: number, implied: boolean): void {
    const element = this.stack.pop()!;
    this.collector.closeTag(element.name, from, to, implied);
    if (element.id !== undefined && element.textMark === this.textUnits)
      this.noteEmpty(element.id, element.from, to);
  }

  private depthOf(name: string): number {
    const last = this.stack.length - 1;
    for (let depth = 0; depth <= last && depth < CLOSE_SEARCH; depth++) {
      if (this.stack[last - depth]!.name === name) return depth;
    }
    return -1;
  }

  private sawText(from: number, to: number): void {
    this.textUnits += to - from;
    const style = this.stack.at(-1)?.style;
    const reason = style && !this.collector.dropping ? hiddenReason(style) : undefined;
    if (reason === undefined) this.visibleUnits += to - from;
    else this.markHidden(from, to, reason, false);
  }

  /** Extends the last hidden span when no visible text came between, else starts a new one. */
  private markHidden(from: number, to: number, reason: HiddenReason, hasLink: boolean): void {
    const last = this.hidden.at(-1);
    if (last && this.visibleAtLastHidden === this.visibleUnits) {
      last.end = Math.max(last.end, to);
      last.hasLink ||= hasLink;
    } else {
      this.hidden.push({ start: from, end: to, reason, hasLink });
    }
    this.visibleAtLastHidden = this.visibleUnits;
  }

  private noteEmpty(id: string, from: number, to: number): void {
    const pile = this.emptyById.get(id);
    if (pile === undefined) this.emptyById.set(id, { id, count: 1, start: from, end: to });
    else {
      pile.count++;
      pile.end = Math.max(pile.end, to);
    }
  }
}
