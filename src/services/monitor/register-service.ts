import type { Target } from '../../domain/accounts.js';
import type { AdminAlert } from '../../domain/admin-alert.js';
import type { Person } from '../../domain/people.js';
import { ok, type Result } from '../../domain/result.js';
import {
  runningStateAt,
  targetOfEntry,
  type RegisterEntry,
  type RunningState,
} from '../../domain/monitor/register-entry.js';
import {
  closableFrom,
  closeFinally,
  openingOverdue,
  startRunning,
  takeOffline,
  type RegisterError,
} from '../../domain/monitor/register-lifecycle.js';
import type { RegisterRules } from '../../domain/monitor/register-rules.js';
import { registerNotRunningText } from '../../messages/register-texts.js';
import type { AccountService } from '../account-service.js';
import type { AdminAlerts } from '../ports/alerts.js';
import type { OneTimeMarks } from '../ports/one-time-marks.js';
import type { PeopleStore } from '../ports/people.js';
import type { FollowerSource } from '../ports/register.js';
import { readFollowerCounts } from './register-followers.js';
import {
  createRegisterRequests,
  type RegisterAnswer,
  type RegisterRequestDeps,
  type RegisterRequests,
} from './register-requests.js';

export type { RegisterServiceError } from './register-requests.js';

/** An entry as shown: its state now, and the days its rules set. */
export interface RegisterView extends RegisterEntry {
  target: Target;
  runningState: RunningState;
  /** 注销公示: the first instant 注销 is allowed. */
  closableFrom?: string;
  /** 筹建 past its months: the day it had to be running by. */
  runningOverdueSince?: string;
}

/**
 * The account register (账号台账; issue 13 point 1, R54): each account's filing-form details and its life.
 * Opening, change and closure are requests signed off through the review workflow at the major grade, whose
 * chain ends with the principal; a request applies once its draft is approved (settled whenever it is read).
 */
export interface RegisterService extends RegisterRequests {
  list(org: string): RegisterAnswer<RegisterView[]>;
  show(org: string, target: string): RegisterAnswer<RegisterView>;
  /** 正式运行: an approved opening starts running. */
  markRunning(by: Person, org: string, target: string): RegisterAnswer<RegisterView>;
  /** 临时下线 for `days` from now. */
  takeOffline(by: Person, org: string, target: string, days: number): RegisterAnswer<RegisterView>;
  /** 注销, once the closure announcement has been online long enough. */
  close(by: Person, org: string, target: string): RegisterAnswer<RegisterView>;
  /** For every organisation: an approved opening not running within its months raises an alert, once. */
  checkAll(): Promise<AdminAlert[]>;
  /** For every organisation: each account's follower count read from its platform (the scheduled job). */
  readFollowers(): Promise<number>;
}

export interface RegisterServiceDeps extends RegisterRequestDeps {
  alerts: AdminAlerts;
  marks: OneTimeMarks;
  orgs: Pick<PeopleStore, 'listOrgs'>;
  accounts: RegisterRequestDeps['accounts'] & Pick<AccountService, 'credentials'>;
  followers: FollowerSource;
}

type Transition = (entry: RegisterEntry, rules: RegisterRules) => Result<RegisterEntry, RegisterError>;

export function createRegisterService(deps: RegisterServiceDeps): RegisterService {
  const requests = createRegisterRequests(deps);
  const { now } = deps;
  const view = (entry: RegisterEntry) => viewOf(entry, deps.rulesFor(entry.org), now());

  async function transition(by: Person, org: string, target: string, change: Transition) {
    const found = await requests.settled(org, target);
    if (!found.ok) return found;
    const changed = change(found.value, deps.rulesFor(org));
    if (!changed.ok) return changed;
    await deps.store.save(changed.value);
    await requests.record(by.id, changed.value, changed.value.history.at(-1)?.type ?? 'changed');
    return ok(view(changed.value));
  }

  return {
    ...requests,
    async list(org) {
      const entries = await requests.settledAll(org);
      return entries.ok ? ok(entries.value.map(view)) : entries;
    },
    async show(org, target) {
      const found = await requests.settled(org, target);
      return found.ok ? ok(view(found.value)) : found;
    },
    markRunning: (by, org, target) =>
      transition(by, org, target, (entry) => startRunning(entry, now(), by.id)),
    takeOffline: (by, org, target, days) =>
      transition(by, org, target, (entry, rules) =>
        takeOffline(entry, { now: now(), days, by: by.id }, rules),
      ),
    close: (by, org, target) =>
      transition(by, org, target, (entry, rules) => closeFinally(entry, now(), rules, by.id)),
    checkAll: () => alertOverdueOpenings(deps, requests),
    readFollowers: () => readFollowerCounts(deps),
  };
}

function viewOf(entry: RegisterEntry, rules: RegisterRules, now: Date): RegisterView {
  const closable = entry.state === 'closing' ? closableFrom(entry, rules) : undefined;
  const overdue = openingOverdue(entry, now, rules);
  return {
    ...entry,
    target: targetOfEntry(entry),
    runningState: runningStateAt(entry, now),
    ...(closable !== undefined ? { closableFrom: closable } : {}),
    ...(overdue !== undefined ? { runningOverdueSince: overdue } : {}),
  };
}

/** Long enough that an overdue opening is alerted once; a later approval is a new mark. */
const MARK_TTL_MS = 400 * 86_400_000;

async function alertOverdueOpenings(
  deps: RegisterServiceDeps,
  requests: RegisterRequests,
): Promise<AdminAlert[]> {
  const raised: AdminAlert[] = [];
  for (const org of await deps.orgs.listOrgs()) {
    const entries = await requests.settledAll(org);
    if (!entries.ok) continue;
    const at = deps.now();
    for (const entry of entries.value) {
      const deadline = openingOverdue(entry, at, deps.rulesFor(org));
      if (deadline === undefined) continue;
      const target = targetOfEntry(entry);
      const approvedAt = entry.openingApprovedAt ?? '';
      if (!(await deps.marks.claim(`register-not-running:${org}:${target}:${approvedAt}`, MARK_TTL_MS)))
        continue;
      const alert: AdminAlert = {
        org,
        kind: 'register_not_running',
        message: registerNotRunningText(target, approvedAt, deadline),
        target,
        at: at.toISOString(),
        details: { deadline, approvedAt },
      };
      await deps.alerts.raise(alert);
      raised.push(alert);
    }
  }
  return raised;
}
