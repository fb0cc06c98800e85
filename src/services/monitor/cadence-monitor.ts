import type { Account } from '../../domain/accounts.js';
import type { AdminAlert } from '../../domain/admin-alert.js';
import type { Clock } from '../../domain/clock.js';
import type { Target } from '../../domain/draft-content.js';
import { beijingDay } from '../../domain/monitor/calendar-days.js';
import { assessCadence, type CadenceReport } from '../../domain/monitor/cadence.js';
import { mergePosts, type MonitoredPost } from '../../domain/monitor/monitored-post.js';
import { assessOriginalRatio, type OriginalRatioReport } from '../../domain/monitor/original-ratio.js';
import { cadenceAlertText } from '../../messages/monitor-texts.js';
import type { AccountError, AccountService } from '../account-service.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { AdminAlerts } from '../ports/alerts.js';
import type { MonitorProfiles, PlatformPostList, WorkingDayCalendar } from '../ports/monitor.js';
import type { OneTimeMarks } from '../ports/one-time-marks.js';
import type { PeopleStore } from '../ports/people.js';
import { ownPublications, targetOf, type OwnPublicationsDeps } from './own-publications.js';

/** An alert mark outlives any silence it can describe (the zombie months and more). */
const MARK_TTL_MS = 400 * 24 * 60 * 60_000;

export interface CadenceMonitorDeps extends OwnPublicationsDeps {
  orgs: Pick<PeopleStore, 'listOrgs'>;
  accounts: Pick<AccountService, 'list' | 'credentials'>;
  platformPosts: PlatformPostList;
  calendar: WorkingDayCalendar;
  profiles: MonitorProfiles;
  alerts: Pick<AdminAlerts, 'raise'>;
  marks: Pick<OneTimeMarks, 'claim'>;
  now: Clock;
}

export interface AccountCadence {
  target: Target;
  cadence: CadenceReport;
  original: OriginalRatioReport;
  /** Posts counted: through qianfa, and found only on the platform's list (made around qianfa). */
  posts: { qianfa: number; platform: number };
  /** The platform's list could not be read: only qianfa's own posts were counted. */
  listFailure?: string;
}

export interface AccountHistory {
  account: Account;
  posts: MonitoredPost[];
  listFailure?: string;
}

export interface OrgCadence {
  org: string;
  at: string;
  /** False when today lies past the last year the holiday calendar holds: working days are then weekdays. */
  calendarCovered: boolean;
  accounts: AccountCadence[];
}

/** Cadence and original ratio of every account (issue 13, points 2 and 3). */
export interface CadenceMonitor {
  /** `org_not_found` for an organisation that does not exist. */
  report(org: string): Promise<Result<OrgCadence, AccountError>>;
  /** Every account with all it published (qianfa's and the platform's list), for the period reports. */
  histories(org: string): Promise<Result<AccountHistory[], AccountError>>;
  /** Reports every organisation and raises each crossed threshold's alert once per silence; returns alerts raised. */
  check(): Promise<AdminAlert[]>;
}

export function createCadenceMonitor(deps: CadenceMonitorDeps): CadenceMonitor {
  /** The platform's list; an account that cannot be read (secret, token, platform down) is reported, not fatal. */
  async function platformList(
    account: Account,
    since: string,
  ): Promise<{ posts: MonitoredPost[]; failure?: string }> {
    try {
      const opened = await deps.accounts.credentials(account.org, account.platform, account.name);
      if (!opened.ok) return { posts: [], failure: opened.error.code };
      return { posts: await deps.platformPosts.list(account, opened.value.secret, since) };
    } catch (error) {
      return { posts: [], failure: error instanceof Error ? error.message : String(error) };
    }
  }

  async function historyOf(
    account: Account,
    own: readonly MonitoredPost[],
    now: Date,
  ): Promise<AccountHistory> {
    const since = new Date(now.getTime() - 400 * 24 * 60 * 60_000).toISOString();
    const listed = await platformList(account, since);
    return {
      account,
      posts: mergePosts(own, listed.posts),
      ...(listed.failure === undefined ? {} : { listFailure: listed.failure }),
    };
  }

  async function histories(org: string, now: Date): Promise<Result<AccountHistory[], AccountError>> {
    const listed = await deps.accounts.list(org);
    if (!listed.ok) return err(listed.error);
    const own = await ownPublications(deps, org);
    const found: AccountHistory[] = [];
    for (const account of listed.value)
      found.push(await historyOf(account, own.get(targetOf(account)) ?? [], now));
    return ok(found);
  }

  function assessAccount({ account, posts, listFailure }: AccountHistory, now: Date): AccountCadence {
    const profile = deps.profiles(account.org);
    const aroundQianfa = posts.filter((post) => post.via === 'platform').length;
    return {
      target: targetOf(account),
      cadence: assessCadence(posts, account.createdAt, now, profile.cadence, deps.calendar.isWorkingDay),
      original: assessOriginalRatio(posts, now, profile.original),
      posts: { qianfa: posts.length - aroundQianfa, platform: aroundQianfa },
      ...(listFailure === undefined ? {} : { listFailure }),
    };
  }

  async function report(org: string): Promise<Result<OrgCadence, AccountError>> {
    const now = deps.now();
    const found = await histories(org, now);
    if (!found.ok) return err(found.error);
    const accounts = found.value.map((history) => assessAccount(history, now));
    const calendarCovered = Number(beijingDay(now).slice(0, 4)) <= deps.calendar.coveredThrough;
    return ok({ org, at: now.toISOString(), calendarCovered, accounts });
  }

  /** The alert for the account's state, once per state and silence (a new post starts a new silence). */
  async function alertOnce(
    org: string,
    account: AccountCadence,
    at: string,
  ): Promise<AdminAlert | undefined> {
    const { state, since } = account.cadence;
    if (state === 'ok') return undefined;
    if (!(await deps.marks.claim(`monitor:${org}:${account.target}:${since}:${state}`, MARK_TTL_MS)))
      return undefined;
    const alert: AdminAlert = {
      org,
      kind: state === 'zombie' ? 'zombie_account' : state === 'failed' ? 'cadence_failed' : 'cadence_warning',
      message: cadenceAlertText(account.target, account.cadence),
      target: account.target,
      at,
      details: {
        since,
        failure_day: account.cadence.failureDay,
        working_days_since: String(account.cadence.workingDaysSinceLastPost),
      },
    };
    await deps.alerts.raise(alert);
    return alert;
  }

  return {
    report,
    histories: (org) => histories(org, deps.now()),
    async check() {
      const raised: AdminAlert[] = [];
      for (const org of await deps.orgs.listOrgs()) {
        const result = await report(org);
        if (!result.ok) continue;
        for (const account of result.value.accounts) {
          const alert = await alertOnce(org, account, result.value.at);
          if (alert) raised.push(alert);
        }
      }
      return raised;
    },
  };
}
