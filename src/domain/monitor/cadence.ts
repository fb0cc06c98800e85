import type { MonitorProfile } from './monitor-profile.js';
import type { MonitoredPost } from './monitored-post.js';
import {
  addDays,
  addMonths,
  beijingDay,
  daysBetween,
  weekStart,
  workingDaysBefore,
  workingDaysBetween,
  type IsWorkingDay,
} from './calendar-days.js';

/** `ok`, then `warning` from the early-warning day, `failed` from the failure day, `zombie` past the months. */
export type CadenceState = 'ok' | 'warning' | 'failed' | 'zombie';

export interface CadenceReport {
  state: CadenceState;
  /** ISO instant of the newest post; absent when the account never posted (counted from `since`). */
  lastPostAt?: string;
  /** The day the silence is counted from: the last post's day, or the day the account was added. */
  since: string;
  daysSinceLastPost: number;
  workingDaysSinceLastPost: number;
  warningDay: string;
  failureDay: string;
  zombieAfterDay: string;
  /** Posts in the last complete natural week (Monday to Sunday) and whether they meet the profile's minimum. */
  lastWeek: { from: string; to: string; posts: number; meetsMinimum: boolean };
}

/**
 * Where an account stands on update cadence on `today`: silence counted in calendar days for the failure and
 * the 僵尸号 months (the seeds count days and months), the early warning a number of working days before the
 * failure day, so it reaches an office that is at work (a warning due during a holiday comes before it).
 */
export function assessCadence(
  posts: readonly MonitoredPost[],
  accountSince: string,
  now: Date,
  profile: MonitorProfile['cadence'],
  isWorkingDay: IsWorkingDay,
): CadenceReport {
  const today = beijingDay(now);
  const lastPostAt = newest(posts);
  const since =
    lastPostAt === undefined ? beijingDay(new Date(accountSince)) : beijingDay(new Date(lastPostAt));
  const failureDay = addDays(since, profile.failAfterDays);
  const warningDay =
    profile.warnWorkingDaysBefore === 0
      ? failureDay
      : workingDaysBefore(failureDay, profile.warnWorkingDaysBefore, isWorkingDay);
  const zombieAfterDay = addMonths(since, profile.zombieAfterMonths);
  return {
    state: stateOn(today, { warningDay, failureDay, zombieAfterDay }),
    ...(lastPostAt === undefined ? {} : { lastPostAt }),
    since,
    daysSinceLastPost: Math.max(0, daysBetween(since, today)),
    workingDaysSinceLastPost: workingDaysBetween(since, today, isWorkingDay),
    warningDay,
    failureDay,
    zombieAfterDay,
    lastWeek: lastWeekOf(posts, today, profile.minPostsPerWeek),
  };
}

function stateOn(
  today: string,
  days: { warningDay: string; failureDay: string; zombieAfterDay: string },
): CadenceState {
  if (today > days.zombieAfterDay) return 'zombie';
  if (today >= days.failureDay) return 'failed';
  if (today >= days.warningDay) return 'warning';
  return 'ok';
}

function newest(posts: readonly MonitoredPost[]): string | undefined {
  let latest: string | undefined;
  for (const post of posts)
    if (latest === undefined || Date.parse(post.at) > Date.parse(latest)) latest = post.at;
  return latest;
}

function lastWeekOf(
  posts: readonly MonitoredPost[],
  today: string,
  minimum: number,
): CadenceReport['lastWeek'] {
  const from = addDays(weekStart(today), -7);
  const to = addDays(from, 6);
  const count = posts.filter((post) => {
    const day = beijingDay(new Date(post.at));
    return day >= from && day <= to;
  }).length;
  return { from, to, posts: count, meetsMinimum: count >= minimum };
}
