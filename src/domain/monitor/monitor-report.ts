import type { AdminAlert } from '../admin-alert.js';
import type { AuditEntry } from '../audit/audit-event.js';
import { addDays, beijingDay, type IsWorkingDay } from './calendar-days.js';
import type { MonitorProfile } from './monitor-profile.js';
import type { MonitoredPost } from './monitored-post.js';
import { verdictOf, type RatioVerdict } from './original-ratio.js';
import { periodCadence, type CountedDays, type PeriodCadence } from './period-cadence.js';
import type { ReportPeriod } from './report-period.js';
import { indicatorsOf, type IndicatorResult } from './report-indicators.js';
import {
  reviewTimesByAccount,
  reviewTimesOf,
  type AccountReviewTimes,
  type ReviewTimes,
} from './review-times.js';

/** One account as the report gathers it: every post known (qianfa's and the platform's list). */
export interface ReportAccountInput {
  platform: 'wechat' | 'weibo';
  name: string;
  /** ISO instant the account was added to qianfa. */
  createdAt: string;
  posts: readonly MonitoredPost[];
}

export interface MonitorReportInput {
  org: string;
  orgName: string;
  period: ReportPeriod;
  now: Date;
  profile: MonitorProfile;
  isWorkingDay: IsWorkingDay;
  accounts: readonly ReportAccountInput[];
  /** The organisation's admin alerts (patrol's `online_finding` and `dead_link` are counted). */
  alerts: readonly AdminAlert[];
  audit: readonly AuditEntry[];
  /** The targets (accounts) of the drafts the audit trail names, for review times per account. */
  draftTargets: ReadonlyMap<string, readonly string[]>;
}

export interface AccountPeriodReport {
  target: string;
  platform: 'wechat' | 'weibo';
  name: string;
  cadence: PeriodCadence;
  original: {
    original: number;
    repost: number;
    unknown: number;
    ratio: number | null;
    verdict: RatioVerdict;
  };
  onlineFindings: number;
  deadLinks: number;
  indicators: IndicatorResult[];
}

export interface MonitorReport {
  org: string;
  orgName: string;
  period: ReportPeriod;
  /** The days counted: the whole period, or up to today while it runs. */
  counted: CountedDays;
  generatedAt: string;
  accounts: AccountPeriodReport[];
  reviewTimes: ReviewTimes[];
  /** Per account of `accounts`, in their order. */
  reviewTimesByAccount: AccountReviewTimes[];
}

/** The inspection report of an organisation for a month or a quarter (issue 13 point 5, R53). */
export function buildMonitorReport(input: MonitorReportInput): MonitorReport {
  const today = beijingDay(input.now);
  const counted = { from: input.period.from, to: today < input.period.to ? today : input.period.to };
  const accounts = input.accounts
    .filter((account) => beijingDay(new Date(account.createdAt)) <= counted.to)
    .map((account) => accountReport(input, account, counted));
  const reviewed = { ...input.period, to: counted.to };
  return {
    org: input.org,
    orgName: input.orgName,
    period: input.period,
    counted,
    generatedAt: input.now.toISOString(),
    accounts,
    reviewTimes: reviewTimesOf(input.audit, reviewed),
    reviewTimesByAccount: reviewTimesByAccount(
      input.audit,
      reviewed,
      input.draftTargets,
      accounts.map((account) => account.target),
    ),
  };
}

function accountReport(
  input: MonitorReportInput,
  account: ReportAccountInput,
  counted: CountedDays,
): AccountPeriodReport {
  const { profile } = input;
  const since = beijingDay(new Date(account.createdAt));
  const cadence = periodCadence(
    account.posts,
    since,
    counted,
    profile.cadence.zombieAfterMonths,
    input.isWorkingDay,
  );
  const inPeriod = account.posts.filter((post) => within(post.at, counted));
  const original = ratioOf(inPeriod, profile.original);
  const alerts = alertsOf(input.alerts, account, counted);
  const deadLinks = alerts.filter((alert) => alert.kind === 'dead_link').length;
  const windows = originalWindows(inPeriod, counted, profile.original);
  return {
    target: `${account.platform}:${account.name}`,
    platform: account.platform,
    name: account.name,
    cadence,
    original,
    onlineFindings: alerts.filter((alert) => alert.kind === 'online_finding').length,
    deadLinks,
    indicators: indicatorsOf(profile, { cadence, ratio: original, windows, deadLinks }),
  };
}

function ratioOf(posts: readonly MonitoredPost[], rule: MonitorProfile['original']) {
  const count = (kind: MonitoredPost['kind']): number => posts.filter((post) => post.kind === kind).length;
  const [original, repost, unknown] = [count('original'), count('repost'), count('unknown')];
  const known = original + repost;
  const ratio = known === 0 ? null : Math.round((original / known) * 1000) / 1000;
  return { original, repost, unknown, ratio, verdict: verdictOf({ original, repost, unknown }, rule) };
}

/** Consecutive whole windows of `windowDays` from the period's first day: how many lack the originals asked. */
function originalWindows(
  posts: readonly MonitoredPost[],
  counted: CountedDays,
  rule: MonitorProfile['original'],
): { failing: number; open: number; total: number } {
  const result = { failing: 0, open: 0, total: 0 };
  for (let from = counted.from; addDays(from, rule.windowDays - 1) <= counted.to;) {
    const window = { from, to: addDays(from, rule.windowDays - 1) };
    const inWindow = posts.filter((post) => within(post.at, window));
    const originals = inWindow.filter((post) => post.kind === 'original').length;
    const unknown = inWindow.filter((post) => post.kind === 'unknown').length;
    result.total += 1;
    if (originals + unknown < rule.minOriginalPosts) result.failing += 1;
    else if (originals < rule.minOriginalPosts) result.open += 1;
    from = addDays(window.to, 1);
  }
  return result;
}

/** The account's alerts raised on a counted day: by target, or by the patrol's `platform` and `account`. */
function alertsOf(
  alerts: readonly AdminAlert[],
  account: ReportAccountInput,
  counted: CountedDays,
): AdminAlert[] {
  const target = `${account.platform}:${account.name}`;
  return alerts.filter(
    (alert) =>
      within(alert.at, counted) &&
      (alert.target === target ||
        (alert.details?.['platform'] === account.platform && alert.details['account'] === account.name)),
  );
}

function within(at: string, days: CountedDays): boolean {
  const day = beijingDay(new Date(at));
  return day >= days.from && day <= days.to;
}
