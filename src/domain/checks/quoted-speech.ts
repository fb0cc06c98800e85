/*
 * Quoted speech (引语): words in quotation marks attributed to someone (王大爷说：“……”; “……”，他感慨道) are that
 * person's, not the account's. The opinion rule leaves cues inside them alone; the account's own words outside
 * the quotes are judged as before.
 */

export interface QuoteSpan {
  /** Offsets of the opening and closing marks; the quoted words lie strictly between them. */
  start: number;
  end: number;
}

/** Opening mark → closing mark. Straight double quotes are paired in order of appearance. */
const PAIRS: Readonly<Record<string, string>> = {
  '\u201c': '\u201d', // “ ”
  '\u300c': '\u300d', // 「 」
  '\u300e': '\u300f', // 『 』
  '\u2018': '\u2019', // ‘ ’
  '"': '"',
  '\uff02': '\uff02', // ＂
};
/** PAIRS by char code: the scan reads codes, as indexing a CJK character would allocate a string per unit. */
const PAIR_CODES: ReadonlyMap<number, number> = new Map(
  Object.entries(PAIRS).map(([opening, closing]) => [opening.charCodeAt(0), closing.charCodeAt(0)]),
);
const LINE_FEED = 0x0a;
/** A quotation longer than this is more likely an unclosed mark than one person's words. */
const MAX_QUOTE = 400;
/** How far before the opening or after the closing mark the speech verb may stand. */
const WINDOW = 16;

/** A verb of saying right before a quotation: 表示、说、称、指出、坦言、感慨…… followed by an optional colon. */
const SAYS_BEFORE =
  /(?:表示|说道?|讲|称|指出|坦言|感慨|感叹|直言|回忆|介绍|谈到|提到|告诉记者|认为|留言|写道|问道|答道|笑道|叹道|呼吁)[着了]?(?:道)?\s*[:：,，]?\s*$|[:：]\s*$/;
/** A verb of saying right after a quotation: “……”，他说。 “……”王大爷感慨道。 */
const SAYS_AFTER =
  /^\s*[,，]?\s*[\u4e00-\u9fff]{0,8}?(?:表示|说|讲|称|指出|坦言|感慨|感叹|直言|回忆|介绍|告诉记者|写道|问道|答道|笑道|叹道)/;

/** Every balanced quotation in `text`, in order; one pass, nested marks of other kinds are inside the outer one. */
export function quotations(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let open = -1;
  let close = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (open === -1) {
      const closing = PAIR_CODES.get(code);
      if (closing !== undefined) [open, close] = [i, closing];
    } else if (code === close) {
      spans.push({ start: open, end: i + 1 });
      open = -1;
    } else if (i - open > MAX_QUOTE || code === LINE_FEED) {
      open = -1;
    }
  }
  return spans;
}

/** Quotations that a verb of saying or a colon attributes to a speaker. */
export function quotedSpeech(text: string): QuoteSpan[] {
  return quotations(text).filter(
    ({ start, end }) =>
      SAYS_BEFORE.test(text.slice(Math.max(0, start - WINDOW), start)) ||
      SAYS_AFTER.test(text.slice(end, end + WINDOW)),
  );
}

/** Keeps the items that do not lie inside one of the (sorted, disjoint) spans; linear in both. */
export function outsideSpans<T extends { start: number; end: number }>(
  items: readonly T[],
  spans: readonly QuoteSpan[],
): T[] {
  const sorted = [...items].sort((a, b) => a.start - b.start);
  let next = 0;
  return sorted.filter((item) => {
    while (next < spans.length && spans[next]!.end <= item.start) next++;
    const span = spans[next];
    return span === undefined || !(span.start < item.start && item.end <= span.end);
  });
}
