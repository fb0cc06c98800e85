import type { Draft, DraftField } from '../draft.js';
import type { TextView } from '../text/text-view.js';
import { toOriginalSpan } from '../text/text-view.js';
import { unitKinds } from '../text/unit-kinds.js';
import type { CheckScope } from './check-scope.js';
import type { Finding } from './finding.js';
import type { WordEntry, Wordlist } from './wordlist-types.js';
import type { WordingReference } from '../wording/reference-tables.js';
import type { Sentence } from '../grading/sentences.js';

/** One match of a list entry, in view coordinates. Allow-list suppression has already been applied. */
export interface WordMatch {
  start: number;
  end: number;
  list: Wordlist;
  entry: WordEntry;
}

/** A draft field prepared for checking: the submitted text, its normalised view and the word matches in it. */
export interface FieldScan {
  field: DraftField;
  original: string;
  view: TextView;
  matches: WordMatch[];
  /** The view's sentences: set by sentencesOf on first use, shared by the rules that read sentences. */
  sentences?: Sentence[];
  /** The view folded unit by unit: set by foldedTextOf on first use. */
  folded?: string;
  /** The kinds of the view's units (see unit-kinds.ts): set by unitKindsOf on first use. */
  unitKinds?: number;
  /** Names of the lists with a match in the field: set by listsMatchedIn on first use. */
  listsMatched?: ReadonlySet<string>;
}

/** Lists that are consulted by name rather than matched in text. */
export interface ReferenceLists {
  /** Authorised repost sources (稿源单位). */
  sources: readonly string[];
  /** Hosts whose links pass (gov.cn, configured media); a host matches itself and its subdomains. */
  allowedDomains: readonly string[];
  /** URL shorteners (t.cn, dwz.cn, …): links through them block. */
  shortenerDomains: readonly string[];
  /** Commerce and ad sites (jd.com, taobao.com, …): links to them block. */
  commerceDomains: readonly string[];
  /** Leaders, removed officials, laws and protected names (wordlists/reference/); absent: no wording rules. */
  wording?: WordingReference;
}

export interface CheckContext {
  draft: Draft;
  /** The day and the organisation's settings the draft is checked under. */
  scope: CheckScope;
  title: FieldScan;
  body: FieldScan;
  lists: ReferenceLists;
  /** All loaded lists by name, for rules that read `terms` lists. */
  wordlists: ReadonlyMap<string, Wordlist>;
}

/** A check rule: pure, returns findings in original coordinates. */
export type CheckRule = (context: CheckContext) => Finding[];

/** Builds a finding over [start, end) of the scan's view, mapped back to the submitted text. */
export function findingAt(
  scan: FieldScan,
  start: number,
  end: number,
  props: Omit<Finding, 'field' | 'start' | 'end' | 'text'>,
): Finding {
  const span = toOriginalSpan(scan.view, start, end);
  return {
    ...props,
    field: scan.field,
    start: span.start,
    end: span.end,
    text: scan.original.slice(span.start, span.end),
  };
}

/** The kinds of the field's units (see unit-kinds.ts), read once per scan for every check that asks. */
export function unitKindsOf(scan: FieldScan): number {
  scan.unitKinds ??= unitKinds(scan.view.text);
  return scan.unitKinds;
}
