import type { Action } from '../domain/checks/finding.js';
import type { Marker } from './highlight-markers.js';
import { findMarkers, stripMarkers } from './highlight-markers.js';
import { mostSevere } from './numbered-findings.js';

/** Splits markup into text chunks (even indexes) and tags (odd indexes). */
const TAG = /(<[^>]*>)/;

interface MarkState {
  readonly valid: ReadonlySet<number>;
  readonly actions: ReadonlyMap<number, Action>;
  readonly active: Set<number>;
  /** Findings opened whose number badge waits for their first visible text. */
  readonly pendingBadges: Set<number>;
  readonly placed: Map<number, Placement>;
}

/** How a finding shows in the article: its text wrapped in marks, or only its number beside a link/image. */
export type Placement = 'text' | 'badge';

/**
 * Turns markers into `<mark>` elements, in text only. The markup must be escaped or sanitised HTML: there `<`
 * only starts a tag (sanitize-html and escapeHtml escape it in text and attribute values), so splitting at tags
 * is exact. A finding stays open across tags and is closed and reopened around them, so marks never cross an
 * element boundary; overlapping findings become consecutive marks listing every finding they belong to
 * (`data-finding="1 2"`), coloured by the most severe. The number badge goes before the finding's first mark;
 * a badge marker (a finding in an href or src) becomes the number alone. Markers of a finding whose opens and closes do not alternate (some were lost) are dropped, as are all others.
 */
export function materialiseMarks(
  markup: string,
  actions: ReadonlyMap<number, Action>,
): { markup: string; placed: Map<number, Placement> } {
  const chunks = markup.split(TAG);
  const textChunks = chunks.filter((_chunk, index) => index % 2 === 0);
  const state: MarkState = {
    valid: balancedFindings(textChunks),
    actions,
    active: new Set(),
    pendingBadges: new Set(),
    placed: new Map(),
  };
  const out = chunks.map((chunk, index) => (index % 2 === 1 ? chunk : markText(chunk, state)));
  return { markup: out.join(''), placed: state.placed };
}

/** Findings whose markers, read across all text, go open, close, open, close … and end closed. */
export function balancedFindings(textChunks: readonly string[]): Set<number> {
  const open = new Map<number, boolean>();
  const broken = new Set<number>();
  for (const marker of textChunks.flatMap(findMarkers).filter((m) => m.kind !== 'badge')) {
    const isOpen = open.get(marker.n) ?? false;
    if (isOpen === (marker.kind === 'open')) broken.add(marker.n);
    open.set(marker.n, marker.kind === 'open');
  }
  return new Set([...open].filter(([n, isOpen]) => !isOpen && !broken.has(n)).map(([n]) => n));
}

function markText(chunk: string, state: MarkState): string {
  // Whitespace between block tags (`</p>\n<p>`, inside <ul>) is never wrapped: a mark there would be misplaced.
  const structural = stripMarkers(chunk).trim() === '';
  let out = '';
  let last = 0;
  for (const marker of findMarkers(chunk)) {
    out += wrapRun(chunk.slice(last, marker.index), structural, state);
    last = marker.index + marker.length;
    if (marker.kind === 'badge') out += lonelyBadge(marker.n, state);
    else toggle(marker, state);
  }
  return out + wrapRun(chunk.slice(last), structural, state);
}

function toggle(marker: Marker, state: MarkState): void {
  if (!state.valid.has(marker.n)) return;
  if (marker.kind === 'close') {
    state.active.delete(marker.n);
    return;
  }
  state.active.add(marker.n);
  if (!state.placed.has(marker.n)) state.pendingBadges.add(marker.n);
}

function wrapRun(run: string, structural: boolean, state: MarkState): string {
  if (run === '' || state.active.size === 0 || structural) return run;
  const numbers = [...state.active].sort((a, b) => a - b);
  const badges = numbers.filter((n) => state.pendingBadges.has(n)).map((n) => badge(n, state));
  const action = mostSevere(numbers.map((n) => state.actions.get(n) ?? 'info'));
  return `${badges.join('')}<mark class="f f-${action}" data-finding="${numbers.join(' ')}">${run}</mark>`;
}

function lonelyBadge(n: number, state: MarkState): string {
  if (state.placed.has(n)) return '';
  return badge(n, state, 'badge');
}

function badge(n: number, state: MarkState, placement: Placement = 'text'): string {
  state.pendingBadges.delete(n);
  state.placed.set(n, placement);
  const action = state.actions.get(n) ?? 'info';
  // U+2060 WORD JOINER: the number never ends a line while its text starts the next.
  const join = placement === 'text' ? '\u2060' : '';
  return `<sup class="fn fn-${action}" id="at-${n}"><span class="sr">机审提示</span>${n}</sup>${join}`;
}
