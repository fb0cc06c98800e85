import type { TextView } from './text-view.js';
import { composeViews, TextViewBuilder } from './text-view.js';

/**
 * A pinyin annotation right after a Han character: `發(fā)`, `門（mén）`. The letters are lowercase latin with
 * tone marks (Latin-1 à–ü minus ÷, Latin Extended ā–ǜ). The Han character is checked separately (lookbehind) so
 * consecutive annotated characters all match. A fixed pattern: never built from list entries.
 */
const ANNOTATION =
  /(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[(（]([a-z\u00e0-\u00f6\u00f8-\u00fc\u0101-\u01dc]{1,7})[)）]/g;

/** Without a tone mark or ü it is an ordinary aside (縣(市), list markers), not an annotation. */
const TONE_MARK_OR_U_UMLAUT = /[^a-z]/;

/** Spans [start, end) of the pinyin annotations in `text`, parentheses included. */
export function pinyinAnnotations(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(ANNOTATION)) {
    if (TONE_MARK_OR_U_UMLAUT.test(match[1]!)) spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

/** The view without its pinyin annotations; offsets still point into the view's original. */
export function stripPinyin(view: TextView): TextView {
  const spans = pinyinAnnotations(view.text);
  if (spans.length === 0) return view;
  const builder = new TextViewBuilder();
  let kept = 0;
  for (const [start, end] of spans) {
    builder.verbatim(view.text, kept, start);
    kept = end;
  }
  builder.verbatim(view.text, kept, view.text.length);
  return composeViews(builder.build(), view);
}
