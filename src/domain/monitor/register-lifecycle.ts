import type { Target } from '../accounts.js';
import { err, ok, type Result } from '../result.js';
import type { RegisterProblem } from './register-checks.js';
import {
  runningStateAt,
  targetOfEntry,
  type LifecycleRequest,
  type RegisterEntry,
  type RegisterOperator,
  type RunningState,
} from './register-entry.js';
import type { RegisterRules } from './register-rules.js';

/** Refusals of the register's rules and lifecycle: facts only, worded at the edge. */
export type RegisterError =
  | { code: 'register_rules_broken'; problems: readonly RegisterProblem[] }
  | { code: 'register_entry_exists'; target: Target }
  /** A lifecycle request is a draft of the organisation: only its own people can file one. */
  | { code: 'register_request_outside'; org: string; actual: string }
  /** The request's draft is the filer's: they must be able to draft (拟稿人) as well as administer. */
  | { code: 'register_request_needs_drafter'; name: string }
  | { code: 'register_entry_not_found'; target: string }
  | { code: 'register_request_pending'; target: Target; draft: string }
  | { code: 'register_wrong_state'; target: Target; state: RunningState; allowed: readonly RunningState[] }
  | { code: 'closure_notice_too_early'; target: Target; closableFrom: string }
  | { code: 'offline_limit_reached'; target: Target; year: number; allowed: number }
  | { code: 'offline_too_long'; days: number; max: number };

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** Which states each lifecycle request may start from. */
const REQUESTABLE_FROM: Record<LifecycleRequest['kind'], readonly RunningState[]> = {
  open: [],
  change: ['planning', 'running', 'suspended'],
  closure: ['planning', 'running', 'suspended'],
};

/** Whether `kind` may be requested now: nothing pending, and a state it starts from. */
export function mayRequest(
  entry: RegisterEntry,
  kind: LifecycleRequest['kind'],
  now: Date,
): Result<void, RegisterError> {
  const target = targetOfEntry(entry);
  if (entry.pending) return err({ code: 'register_request_pending', target, draft: entry.pending.draft });
  return inState(entry, now, REQUESTABLE_FROM[kind]);
}

/** Applies a request its sign-off approved (the principal signed at `at`): the change takes effect. */
export function applyApproved(entry: RegisterEntry, request: LifecycleRequest, at: string): RegisterEntry {
  const event = { type: 'approved', kind: request.kind, at, draft: request.draft } as const;
  const { pending: _done, ...rest } = entry;
  const base = { ...rest, history: [...entry.history, event] };
  if (request.kind === 'open') return { ...base, openingApprovedAt: at };
  if (request.kind === 'closure') return { ...base, state: 'closing', closureApprovedAt: at };
  return { ...base, name: request.name ?? entry.name, details: request.details ?? entry.details };
}

/** Forgets a request whose draft was withdrawn: nothing changes but the history. */
export function dropRequest(entry: RegisterEntry, at: string): RegisterEntry {
  const { pending } = entry;
  if (!pending) return entry;
  const event = { type: 'dropped', kind: pending.kind, at, draft: pending.draft } as const;
  const { pending: _dropped, ...rest } = entry;
  return { ...rest, history: [...entry.history, event] };
}

/** 正式运行: an opening the principal approved starts running. */
export function startRunning(
  entry: RegisterEntry,
  now: Date,
  by: string,
): Result<RegisterEntry, RegisterError> {
  const allowed = inState(entry, now, ['planning']);
  if (!allowed.ok) return allowed;
  if (entry.openingApprovedAt === undefined)
    return err({
      code: 'register_request_pending',
      target: targetOfEntry(entry),
      draft: entry.pending?.draft ?? '',
    });
  const at = now.toISOString();
  const event = { type: 'running', at, by } as const;
  return ok({ ...entry, state: 'running', runningSince: at, history: [...entry.history, event] });
}

/** The day the closure announcement has been online long enough (seed 001 art. 8 (4)). */
export function closableFrom(entry: RegisterEntry, rules: RegisterRules): string | undefined {
  if (entry.closureApprovedAt === undefined) return undefined;
  return new Date(Date.parse(entry.closureApprovedAt) + rules.closureNoticeDays * DAY_MS).toISOString();
}

/** 注销: refused while the announcement has been online fewer than `closureNoticeDays` days. */
export function closeFinally(
  entry: RegisterEntry,
  now: Date,
  rules: RegisterRules,
  by: string,
): Result<RegisterEntry, RegisterError> {
  const allowed = inState(entry, now, ['closing']);
  if (!allowed.ok) return allowed;
  const from = closableFrom(entry, rules) ?? '';
  const target = targetOfEntry(entry);
  if (now.toISOString() < from) return err({ code: 'closure_notice_too_early', target, closableFrom: from });
  const at = now.toISOString();
  const event = { type: 'closed', at, by } as const;
  return ok({ ...entry, state: 'closed', closedAt: at, history: [...entry.history, event] });
}

/** 临时下线 from `now` for `days`: at most `offlinePerYear` times a calendar year, each `offlineMaxDays` at most. */
export function takeOffline(
  entry: RegisterEntry,
  input: { now: Date; days: number; by: string },
  rules: RegisterRules,
): Result<RegisterEntry, RegisterError> {
  const { now, days, by } = input;
  const allowed = inState(entry, now, ['running']);
  if (!allowed.ok) return allowed;
  if (days > rules.offlineMaxDays) return err({ code: 'offline_too_long', days, max: rules.offlineMaxDays });
  const year = beijingYear(now.toISOString());
  const thatYear = entry.offline.filter((period) => beijingYear(period.from) === year).length;
  if (thatYear >= rules.offlinePerYear)
    return err({
      code: 'offline_limit_reached',
      target: targetOfEntry(entry),
      year,
      allowed: rules.offlinePerYear,
    });
  const from = now.toISOString();
  const until = new Date(now.getTime() + days * DAY_MS).toISOString();
  const event = { type: 'offline', at: from, by } as const;
  return ok({ ...entry, offline: [...entry.offline, { from, until }], history: [...entry.history, event] });
}

/** The day an approved opening had to be running by, when it is past and the account is still not running. */
export function openingOverdue(entry: RegisterEntry, now: Date, rules: RegisterRules): string | undefined {
  if (entry.state !== 'planning' || entry.openingApprovedAt === undefined) return undefined;
  const deadline = new Date(entry.openingApprovedAt);
  deadline.setUTCMonth(deadline.getUTCMonth() + rules.runningWithinMonths);
  return now.getTime() >= deadline.getTime() ? deadline.toISOString() : undefined;
}

/** Whether the operator's contract has ended at `now`: its end day (Beijing time) is over. */
export function contractEnded(operator: Pick<RegisterOperator, 'contractEnd'>, now: Date): boolean {
  const endOfDay = Date.parse(`${operator.contractEnd}T00:00:00+08:00`) + DAY_MS;
  return now.getTime() >= endOfDay;
}

function inState(
  entry: RegisterEntry,
  now: Date,
  allowed: readonly RunningState[],
): Result<void, RegisterError> {
  const state = runningStateAt(entry, now);
  if (allowed.includes(state)) return ok(undefined);
  return err({ code: 'register_wrong_state', target: targetOfEntry(entry), state, allowed });
}

function beijingYear(iso: string): number {
  return new Date(Date.parse(iso) + BEIJING_MS).getUTCFullYear();
}
