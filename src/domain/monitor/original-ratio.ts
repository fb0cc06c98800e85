import type { MonitorProfile } from './monitor-profile.js';
import type { MonitoredPost } from './monitored-post.js';
import { addDays, beijingDay } from './calendar-days.js';

/** `undetermined` when the posts of unknown kind could decide either way. */
export type RatioVerdict = 'pass' | 'fail' | 'undetermined' | 'no_posts';

export interface OriginalRatioReport {
  /** Calendar days, both included. */
  from: string;
  to: string;
  total: number;
  original: number;
  repost: number;
  /** Posts made around qianfa whose kind the platform does not say: shown, never counted as either. */
  unknown: number;
  /** original / (original + repost): the share among posts of known kind; null when none is known. */
  ratio: number | null;
  verdict: RatioVerdict;
}

/**
 * The share of original posts in the rolling window ending `now` (seed 000 art. 19): at least
 * `minOriginalPosts` originals and a ratio of at least `minRatio`. Unknown posts are reported apart; the verdict
 * is `pass` or `fail` only when it holds whatever they turn out to be.
 */
export function assessOriginalRatio(
  posts: readonly MonitoredPost[],
  now: Date,
  rule: MonitorProfile['original'],
): OriginalRatioReport {
  const to = beijingDay(now);
  const from = addDays(to, -(rule.windowDays - 1));
  const inWindow = posts.filter((post) => {
    const day = beijingDay(new Date(post.at));
    return day >= from && day <= to;
  });
  const count = (kind: MonitoredPost['kind']): number => inWindow.filter((post) => post.kind === kind).length;
  const [original, repost, unknown] = [count('original'), count('repost'), count('unknown')];
  const known = original + repost;
  return {
    from,
    to,
    total: inWindow.length,
    original,
    repost,
    unknown,
    ratio: known === 0 ? null : original / known,
    verdict: verdictOf({ original, repost, unknown }, rule),
  };
}

/** The ratio rule on counts of one window: `undetermined` when the unknown posts could decide either way. */
export function verdictOf(
  counts: { original: number; repost: number; unknown: number },
  rule: MonitorProfile['original'],
): RatioVerdict {
  const total = counts.original + counts.repost + counts.unknown;
  if (total === 0) return 'no_posts';
  const meets = (original: number): boolean =>
    original >= rule.minOriginalPosts && original / total >= rule.minRatio;
  const atWorst = meets(counts.original);
  const atBest = meets(counts.original + counts.unknown);
  if (atWorst) return 'pass';
  return atBest ? 'undetermined' : 'fail';
}
