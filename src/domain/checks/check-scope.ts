/**
 * What a check needs to know besides the draft itself: the day it speaks of (dated reference rows apply as of
 * that day) and the organisation's own settings (allow entries taught by reviewers, extra authorised sources).
 * Everything is optional, so the library's `check(draft)` keeps working without it.
 */
export interface CheckScope {
  /** `YYYY-MM-DD`: the day the draft speaks of; reference rows (leaders, names, laws) apply as of this day. */
  date?: string;
  /** Organisation allow entries: a finding whose text lies inside an occurrence of one of them is dropped. */
  allow?: readonly string[];
  /** Organisation-specific authorised repost sources, added to the shipped list. */
  sources?: readonly string[];
}
