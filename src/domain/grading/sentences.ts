import type { FieldScan, WordMatch } from '../checks/check-context.js';
import { foldTable, SKIP } from '../matching/fold-table.js';
import { mapUnits, unitTable } from '../text/map-units.js';

/**
 * A sentence of a field's view, the unit the grading and tone rules judge: an event word only counts when its
 * facts (casualties, time, place) stand in the same sentence.
 */
export interface Sentence {
  /** [start, end) in view coordinates, the closing punctuation included. */
  start: number;
  end: number;
  /** The sentence folded unit by unit (simplified, half-width, lower case); same length, so offsets carry over. */
  folded: string;
  /** Word matches that start inside the sentence, in text order. */
  matches: readonly WordMatch[];
}

/** The matches of a sentence that has none, and of a list it has none of: one shared empty list. */
const NO_MATCHES: readonly WordMatch[] = Object.freeze([]);

/** Full stops, question and exclamation marks, semicolons (both widths) and line breaks end a sentence. */
const SENTENCE_ENDS = '。！？!?；;\n\r';
/** 1 for the units in SENTENCE_ENDS: read per unit, a table costs less than a regex's match objects. */
const SENTENCE_END = unitTable((unit) => (SENTENCE_ENDS.includes(String.fromCharCode(unit)) ? 1 : 0));
const HAS_CONTENT = /[\p{L}\p{N}]/u;
/** Per unit: 1 a letter or digit, 0 not, ASK_REGEX a surrogate (its code point needs both units). */
const ASK_REGEX = 2;
let contentUnits: Uint16Array | undefined;

/**
 * Whether `text` holds a letter or digit in [start, end): HAS_CONTENT read per unit through a table (a sentence
 * nearly always starts with one), the regex asked only at a surrogate.
 */
function hasContent(text: string, start: number, end: number): boolean {
  contentUnits ??= unitTable((unit) =>
    unit >= 0xd800 && unit <= 0xdfff ? ASK_REGEX : HAS_CONTENT.test(String.fromCharCode(unit)) ? 1 : 0,
  );
  for (let i = start; i < end; i++) {
    const kind = contentUnits[text.charCodeAt(i)];
    if (kind === 1) return true;
    if (kind === ASK_REGEX) return HAS_CONTENT.test(text.slice(start, end));
  }
  return false;
}

/**
 * The field's sentences, computed once per scan and kept on it; sentences without letters or digits are left
 * out. (A WeakMap cache keyed by the scan cost more than the split: every check adds two entries, and V8's
 * collector revisits weak entries on every minor GC.)
 */
export function sentencesOf(scan: FieldScan): Sentence[] {
  scan.sentences ??= splitSentences(scan);
  return scan.sentences;
}

/** The field's view folded unit by unit (see foldUnits), computed once per scan. */
export function foldedTextOf(scan: FieldScan): string {
  scan.folded ??= foldUnits(scan.view.text);
  return scan.folded;
}

function splitSentences(scan: FieldScan): Sentence[] {
  const text = scan.view.text;
  const folded = foldedTextOf(scan);
  const sentences: Sentence[] = [];
  const push = (start: number, end: number) => {
    if (hasContent(folded, start, end))
      sentences.push({ start, end, folded: folded.slice(start, end), matches: NO_MATCHES });
  };
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (SENTENCE_END[text.charCodeAt(i)] === 0) continue;
    pushBounded(text, start, i + 1, push);
    start = i + 1;
  }
  if (start < text.length) pushBounded(text, start, text.length, push);
  giveMatches(
    sentences,
    [...scan.matches].sort((a, b) => a.start - b.start),
  );
  return sentences;
}

/**
 * Hands each sentence the matches that start inside it: a run of `byStart`, cut out once. Most sentences have
 * none and keep the shared empty list (an array per sentence was a tenth of a check's allocation).
 */
function giveMatches(sentences: Sentence[], byStart: readonly WordMatch[]): void {
  let next = 0;
  let from = 0;
  while (from < byStart.length) {
    const start = byStart[from]!.start;
    while (next < sentences.length && sentences[next]!.end <= start) next++;
    const sentence = sentences[next];
    if (sentence === undefined) return;
    let to = from + 1;
    if (start >= sentence.start) {
      while (to < byStart.length && byStart[to]!.start < sentence.end) to++;
      sentence.matches = byStart.slice(from, to);
    }
    from = to;
  }
}

/**
 * Longest sentence the rules read. Their patterns are linear on sentences of any real length, but some
 * backtrack over runs (digits, CJK) inside one sentence; a megabyte without a full stop is cut into pieces so
 * the whole split stays linear. No real sentence is this long.
 */
export const MAX_SENTENCE = 1000;
/** Where a long sentence is preferably cut: after a comma, enumeration comma, colon or space. */
const SOFT_BREAK = /[，,、：:\s]/y;
/** Whether the unit at `index` is a soft break; sticky, so no one-character string is cut out of the text. */
function softBreakAt(text: string, index: number): boolean {
  SOFT_BREAK.lastIndex = index;
  return SOFT_BREAK.test(text);
}

function pushBounded(
  text: string,
  start: number,
  end: number,
  push: (start: number, end: number) => void,
): void {
  while (end - start > MAX_SENTENCE) {
    let cut = start + MAX_SENTENCE;
    const soft = cut - MAX_SENTENCE / 2;
    while (cut > soft && !softBreakAt(text, cut - 1)) cut--;
    if (cut === soft) cut = start + MAX_SENTENCE;
    push(start, cut);
    start = cut;
  }
  push(start, end);
}

let keepNoise: Uint16Array | undefined;

/** Folds every unit through the matcher's table; noise keeps its own unit, so the length does not change. */
export function foldUnits(text: string): string {
  keepNoise ??= foldKeepingNoise();
  return mapUnits(text, keepNoise);
}

function foldKeepingNoise(): Uint16Array {
  const fold = foldTable();
  return unitTable((unit) => (fold[unit] === SKIP ? unit : fold[unit]!));
}

/**
 * The sentence's first match of the named list, in text order, that `keep` accepts when given. A loop, not a
 * filtered copy: the rules ask several lists of every sentence, and most sentences hold none of them. (`keep`
 * takes the sentence so that callers can pass a module-level function, not a closure per sentence.)
 */
export function firstTerm(
  sentence: Sentence,
  listName: string,
  keep?: (sentence: Sentence, match: WordMatch) => boolean,
): WordMatch | undefined {
  const { matches } = sentence;
  // Indexed: a for…of here allocated an iterator result per match (the loop is too widely called to be inlined).
  for (let i = 0; i < matches.length; i++) {
    const match = matches[i]!;
    if (match.list.name === listName && (keep === undefined || keep(sentence, match))) return match;
  }
  return undefined;
}

export function hasTerm(sentence: Sentence, listName: string): boolean {
  return firstTerm(sentence, listName) !== undefined;
}

/**
 * A regular-expression hit inside the sentence, in view coordinates. `marks`: words one of which every match of
 * the pattern holds; a sentence holding none is not searched (most sentences, and includes costs far less).
 */
export function patternIn(
  sentence: Sentence,
  pattern: RegExp,
  marks?: readonly string[],
): { start: number; end: number } | undefined {
  if (marks !== undefined && !holdsSome(sentence.folded, marks)) return undefined;
  const found = pattern.exec(sentence.folded);
  if (found === null) return undefined;
  const start = sentence.start + found.index;
  return { start, end: start + found[0].length };
}

/** Whether the text holds one of the marks; a loop, as patternIn runs for every sentence and most hold none. */
function holdsSome(text: string, marks: readonly string[]): boolean {
  for (const mark of marks) if (text.includes(mark)) return true;
  return false;
}
