import {
  addDays,
  addMonths,
  beijingDay,
  daysBetween,
  weekStart,
  workingDaysBetween,
  type IsWorkingDay,
} from './calendar-days.js';
import type { MonitoredPost } from './monitored-post.js';

/** Posts in one natural week (Monday to Sunday); `partial` when the week runs past the period's counted days. */
export interface WeekCount {
  monday: string;
  posts: number;
  partial: boolean;
}

/** Update cadence over the counted days of a period (its first day to its last, or to today if earlier). */
export interface PeriodCadence {
  /** ISO instant of the newest post up to the period's end. */
  lastUpdate?: string;
  posts: number;
  postsPerWeek: number;
  /** The longest silence ending in the period, counted from the post (or the day the account was added) before it. */
  longestSilence: { from: string; to: string; days: number; workingDays: number };
  /** True when some silence ending in the period lasted past the 僵尸号 months. */
  zombieSilence: boolean;
  weeks: WeekCount[];
}

export interface CountedDays {
  from: string;
  to: string;
}

/** Cadence of one account over `days`; `accountSince` is the day counting starts when it never posted before. */
export function periodCadence(
  posts: readonly MonitoredPost[],
  accountSince: string,
  days: CountedDays,
  zombieAfterMonths: number,
  isWorkingDay: IsWorkingDay,
): PeriodCadence {
  const postDays = posts.map((post) => beijingDay(new Date(post.at))).sort();
  const inPeriod = postDays.filter((day) => day >= days.from && day <= days.to);
  const before = postDays.filter((day) => day < days.from).at(-1);
  const anchor = before ?? (accountSince > days.from ? accountSince : days.from);
  const gaps = gapsOf([anchor, ...inPeriod], days.to);
  const longest = gaps.reduce((a, b) => (daysBetween(b.from, b.to) > daysBetween(a.from, a.to) ? b : a));
  const counted = daysBetween(days.from, days.to) + 1;
  const lastUpdate = newestUpTo(posts, days.to);
  return {
    ...(lastUpdate === undefined ? {} : { lastUpdate }),
    posts: inPeriod.length,
    postsPerWeek: Math.round((inPeriod.length / counted) * 7 * 100) / 100,
    longestSilence: {
      ...longest,
      days: daysBetween(longest.from, longest.to),
      workingDays: workingDaysBetween(longest.from, longest.to, isWorkingDay),
    },
    zombieSilence: gaps.some((gap) => gap.to > addMonths(gap.from, zombieAfterMonths)),
    weeks: weeksOf(inPeriod, days),
  };
}

/** Silences between consecutive post days, and from the last one to the end of the counted days. */
function gapsOf(sortedDays: readonly string[], end: string): CountedDays[] {
  const gaps: CountedDays[] = [];
  for (let index = 1; index < sortedDays.length; index += 1)
    gaps.push({ from: sortedDays[index - 1] ?? '', to: sortedDays[index] ?? '' });
  gaps.push({ from: sortedDays.at(-1) ?? end, to: end });
  return gaps;
}

function weeksOf(postDays: readonly string[], days: CountedDays): WeekCount[] {
  const weeks: WeekCount[] = [];
  for (let monday = weekStart(days.from); monday <= days.to; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    const posts = postDays.filter((day) => day >= monday && day <= sunday).length;
    weeks.push({ monday, posts, partial: monday < days.from || sunday > days.to });
  }
  return weeks;
}

function newestUpTo(posts: readonly MonitoredPost[], lastDay: string): string | undefined {
  const eligible = posts.filter((post) => beijingDay(new Date(post.at)) <= lastDay).map((post) => post.at);
  return eligible.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}
