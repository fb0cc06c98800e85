/**
 * A derived text (HTML stripped to text, pinyin annotations removed, …) that remembers, for every UTF-16 unit,
 * the span of the submitted text it came from. Findings are computed on views and reported on the original.
 */
export interface TextView {
  readonly text: string;
  /** starts[i], ends[i]: the original [start, end) that unit i of `text` came from. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * Unit i maps to [i, i + 1): both arrays are windows on one shared 0, 1, 2, … sequence (views are never written
 * to), so an ordinary field costs no allocation of its length; longer texts than SHARED_IDENTITY get their own.
 */
export function identityView(text: string): TextView {
  const counting =
    text.length < SHARED_IDENTITY ? sharedCounting(text.length + 1) : counting0To(text.length + 1);
  return { text, starts: counting.subarray(0, text.length), ends: counting.subarray(1, text.length + 1) };
}

/** Longest text whose identity view uses the shared sequence (512 KB of Int32 at most stay allocated). */
const SHARED_IDENTITY = 1 << 17;
let counting = counting0To(8192);

function sharedCounting(length: number): Int32Array {
  if (counting.length < length) counting = counting0To(Math.max(length, counting.length * 2));
  return counting;
}

function counting0To(length: number): Int32Array {
  const sequence = new Int32Array(length);
  for (let i = 0; i < length; i++) sequence[i] = i;
  return sequence;
}

/** Maps [start, end) of view text to [start, end) of the original. An empty span maps to an empty span. */
export function toOriginalSpan(view: TextView, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = start < view.text.length ? view.starts[start]! : (view.ends[view.text.length - 1] ?? 0);
    return { start: at, end: at };
  }
  // Appended pieces (HTML link values) map back before the text around them; keep the span well-formed.
  const first = view.starts[start]!;
  const last = view.ends[end - 1]!;
  return first <= last
    ? { start: first, end: last }
    : { start: view.starts[end - 1]!, end: view.ends[start]! };
}

/**
 * Builds a view from pieces: each piece is text plus the original span it stands for. Text copied verbatim from
 * the original uses `verbatim`, so every unit maps to itself; replaced text maps every unit to the whole span.
 */
export class TextViewBuilder {
  private readonly parts: string[] = [];
  private starts: Int32Array = new Int32Array(256);
  private ends: Int32Array = new Int32Array(256);
  private length = 0;

  verbatim(original: string, from: number, to: number): this {
    this.ensure(to - from);
    for (let i = from; i < to; i++) {
      this.starts[this.length] = i;
      this.ends[this.length] = i + 1;
      this.length++;
    }
    this.parts.push(original.slice(from, to));
    return this;
  }

  replaced(text: string, from: number, to: number): this {
    this.ensure(text.length);
    for (let i = 0; i < text.length; i++) {
      this.starts[this.length] = from;
      this.ends[this.length] = to;
      this.length++;
    }
    this.parts.push(text);
    return this;
  }

  build(): TextView {
    return {
      text: this.parts.join(''),
      starts: this.starts.slice(0, this.length),
      ends: this.ends.slice(0, this.length),
    };
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.starts.length) return;
    const size = Math.max(this.starts.length * 2, this.length + extra);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    starts.set(this.starts.subarray(0, this.length));
    ends.set(this.ends.subarray(0, this.length));
    this.starts = starts;
    this.ends = ends;
  }
}

/** A view of a view: `outer` was derived from `inner.text`; the result maps straight to inner's original. */
export function composeViews(outer: TextView, inner: TextView): TextView {
  const starts = new Int32Array(outer.text.length);
  const ends = new Int32Array(outer.text.length);
  for (let i = 0; i < outer.text.length; i++) {
    const span = toOriginalSpan(inner, outer.starts[i]!, outer.ends[i]!);
    starts[i] = span.start;
    ends[i] = span.end;
  }
  return { text: outer.text, starts, ends };
}
