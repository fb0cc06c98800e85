import type { TextView } from './text-view.js';
import { composeViews, TextViewBuilder } from './text-view.js';

/**
 * A pinyin annotation: `(fā)`, `（mén）`, lowercase latin with tone marks (Latin-1 à–ü minus ÷, Latin Extended
 * ā–ǜ). It counts only right after a Han character, checked by code so the regex can jump from parenthesis to
 * parenthesis (a lookbehind would be tried at every position). A fixed pattern: never built from list entries.
 */
const ANNOTATION = /[(（]([a-z\u00e0-\u00f6\u00f8-\u00fc\u0101-\u01dc]{1,7})[)）]/g;

function isHan(code: number): boolean {
  return (
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

/** Without a tone mark or ü it is an ordinary aside (縣(市), list markers), not an annotation. */
const TONE_MARK_OR_U_UMLAUT = /[^a-z]/;

/** Spans [start, end) of the pinyin annotations in `text`, parentheses included. */
export function pinyinAnnotations(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  // Most texts have no parenthesis at all: two indexOf calls cost far less than the pattern's pass.
  if (!text.includes('(') && !text.includes('（')) return spans;
  for (const match of text.matchAll(ANNOTATION)) {
    if (isHan(text.charCodeAt(match.index - 1)) && TONE_MARK_OR_U_UMLAUT.test(match[1]!))
      spans.push([match.index, match.index + match[0].length]);
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
