import type { Account } from '../../domain/accounts.js';
import type { IsWorkingDay } from '../../domain/monitor/calendar-days.js';
import type { MonitorProfile } from '../../domain/monitor/monitor-profile.js';
import type { MonitoredPost } from '../../domain/monitor/monitored-post.js';

/**
 * The working-day calendar: public holidays and make-up working days (调休) as the State Council announces
 * them. `coveredThrough` is the last year whose official notice the data holds; later days fall back to
 * weekdays and are reported as not covered.
 */
export interface WorkingDayCalendar {
  isWorkingDay: IsWorkingDay;
  coveredThrough: number;
}

/** Each organisation's monitor thresholds (its own profile, else the default). */
export type MonitorProfiles = (org: string) => MonitorProfile;

/**
 * What an account's platform lists as published, newest first, back to `since` (ISO) at least, through qianfa
 * or not. Failures are PublisherErrors (the platform's code), reported per account by the service.
 */
export interface PlatformPostList {
  list(account: Account, secret: string, since: string): Promise<MonitoredPost[]>;
}
