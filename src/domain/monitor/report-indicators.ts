import type { MonitorProfile } from './monitor-profile.js';
import type { RatioVerdict } from './original-ratio.js';
import type { PeriodCadence } from './period-cadence.js';

/**
 * The indicators an account is judged on, one per threshold of the organisation's profile, each with the
 * seed article it comes from (as profiles/default.yaml names them), plus dead links (R51).
 */
export type IndicatorId =
  'update_interval' | 'zombie' | 'weekly_posts' | 'original_posts' | 'original_ratio' | 'dead_links';

export type IndicatorVerdict = 'pass' | 'fail' | 'undetermined';

export interface IndicatorResult {
  id: IndicatorId;
  /** The profile's threshold, and what the account showed (same unit). */
  threshold: number;
  actual: number | null;
  verdict: IndicatorVerdict;
  /** The seed article behind the threshold. */
  seed: string;
}

export const INDICATOR_SEEDS: Readonly<Record<IndicatorId, string>> = {
  update_interval: 'seed 001 art. 17 (2); 国办秘函〔2019〕19号',
  zombie: 'seed 000 art. 14',
  weekly_posts: 'seed 000 art. 19; seed 004 art. 18',
  original_posts: 'seed 000 art. 19',
  original_ratio: 'seed 000 art. 19',
  dead_links: 'seed 000 art. 28; seed 001 art. 17 (3)',
};

export interface IndicatorFacts {
  cadence: PeriodCadence;
  ratio: { ratio: number | null; verdict: RatioVerdict };
  /** Windows of the original rule: lacking originals for certain, and open (unknown posts could decide). */
  windows: { failing: number; open: number };
  deadLinks: number;
}

export function indicatorsOf(profile: MonitorProfile, facts: IndicatorFacts): IndicatorResult[] {
  const { cadence, ratio, windows } = facts;
  const fullWeeks = cadence.weeks.filter((week) => !week.partial);
  const weeksBelow = fullWeeks.filter((week) => week.posts < profile.cadence.minPostsPerWeek).length;
  const result = (id: IndicatorId, threshold: number, actual: number | null, verdict: IndicatorVerdict) => ({
    id,
    threshold,
    actual,
    verdict,
    seed: INDICATOR_SEEDS[id],
  });
  const silence = cadence.longestSilence.days;
  return [
    result(
      'update_interval',
      profile.cadence.failAfterDays,
      silence,
      passIf(silence < profile.cadence.failAfterDays),
    ),
    result('zombie', profile.cadence.zombieAfterMonths, silence, passIf(!cadence.zombieSilence)),
    result('weekly_posts', profile.cadence.minPostsPerWeek, weeksBelow, passIf(weeksBelow === 0)),
    result('original_posts', profile.original.minOriginalPosts, windows.failing, windowVerdict(windows)),
    result('original_ratio', profile.original.minRatio, ratio.ratio, ratioVerdict(ratio.verdict)),
    result('dead_links', 0, facts.deadLinks, passIf(facts.deadLinks === 0)),
  ];
}

function passIf(condition: boolean): IndicatorVerdict {
  return condition ? 'pass' : 'fail';
}

function windowVerdict(windows: { failing: number; open: number }): IndicatorVerdict {
  if (windows.failing > 0) return 'fail';
  return windows.open > 0 ? 'undetermined' : 'pass';
}

/** No post at all fails the ratio too: nothing original was published. */
function ratioVerdict(verdict: RatioVerdict): IndicatorVerdict {
  return verdict === 'no_posts' ? 'fail' : verdict;
}
