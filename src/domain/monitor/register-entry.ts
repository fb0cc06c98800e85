import type { Platform, Target } from '../accounts.js';

/**
 * Running states (运行状态) of a registered account: planning 筹建 (opening requested or approved, not yet
 * running), running 运行, suspended 暂停 (a temporary offline period), closing 注销公示 (closure approved, its
 * announcement online), closed 已注销.
 */
export const RUNNING_STATES = ['planning', 'running', 'suspended', 'closing', 'closed'] as const;
export type RunningState = (typeof RUNNING_STATES)[number];

/** A person named on the filing form: the organiser's leader in charge (分管领导及职务) or a member of staff. */
export interface RegisterPerson {
  name: string;
  title?: string | undefined;
  phone?: string | undefined;
}

/** The outsourced operator (代运维机构) and the day its contract ends (inclusive, Beijing time). */
export interface RegisterOperator {
  name: string;
  contractEnd: string;
}

/** What the filing form (seed 004's 审批表) records of an account, as the organisation states it. */
export interface RegisterDetails {
  /** 主办单位, and the short name the account's name shows (崇川 for 南通市崇川区人民政府办公室). */
  organiser: string;
  organiserShortName?: string | undefined;
  /** 承办单位, when another unit runs it for the organiser. */
  undertaker?: string | undefined;
  /** The platform's own id of the account (账号ID: WeChat's original id, Weibo's uid). */
  accountId?: string | undefined;
  /** 访问链接. */
  link?: string | undefined;
  /** 创建/注册日期, YYYY-MM-DD. */
  registeredOn?: string | undefined;
  /** 是否通过认证, and the subject the verification names (must be the organiser). */
  verified: boolean;
  verificationSubject?: string | undefined;
  /** 是否取得互联网新闻信息服务资质. */
  newsLicence: boolean;
  leader: RegisterPerson;
  staff: readonly RegisterPerson[];
  operator?: RegisterOperator | undefined;
  /** The superior's explicit mandate to open this account (seed 002 art. 5), when the profile asks for one. */
  mandate?: string | undefined;
}

export type LifecycleKind = 'open' | 'change' | 'closure';

/** A lifecycle request waiting for its sign-off: the draft it rides on, and what applies once approved. */
export interface LifecycleRequest {
  kind: LifecycleKind;
  draft: string;
  reason: string;
  at: string;
  /** Person id of who asked. */
  by: string;
  /** A change: the new name (更名) and details. */
  name?: string;
  details?: RegisterDetails;
}

/** One step of an account's life, for the register's history. */
export interface RegisterEvent {
  type: 'requested' | 'approved' | 'dropped' | 'running' | 'offline' | 'closed' | 'followers';
  kind?: LifecycleKind;
  at: string;
  draft?: string;
  by?: string;
}

/** An account's entry in the register (账号台账). */
export interface RegisterEntry {
  org: string;
  platform: Platform;
  name: string;
  details: RegisterDetails;
  /** The state as stored; `suspended` is derived from `offline` (see `runningStateAt`). */
  state: Exclude<RunningState, 'suspended'>;
  /** When the principal approved the opening: the six months to run start here. */
  openingApprovedAt?: string;
  /** 正式运营时间. */
  runningSince?: string;
  /** Temporary offline periods, oldest first. */
  offline: readonly { from: string; until: string }[];
  /** When the principal approved the closure: its announcement is online from then. */
  closureApprovedAt?: string;
  closedAt?: string;
  pending?: LifecycleRequest;
  /** 关注量/粉丝量 as last read from the platform; absent: never read (unknown). */
  followers?: FollowerReading;
  history: readonly RegisterEvent[];
}

/**
 * 关注量/粉丝量 as the monitor's scheduled job last read it (WeChat user/get's total, Weibo users/show's
 * followers_count), or the platform's refusal (e.g. 48001: an unverified 订阅号 may not read it), with when.
 */
export type FollowerReading = { count: number; at: string } | { refused: string; at: string };

/** The follower count, when the last reading gave one. */
export function followerCountOf(entry: Pick<RegisterEntry, 'followers'>): number | undefined {
  return entry.followers && 'count' in entry.followers ? entry.followers.count : undefined;
}

export function targetOfEntry(entry: Pick<RegisterEntry, 'platform' | 'name'>): Target {
  return `${entry.platform}:${entry.name}`;
}

/** The state at `now`: running, unless inside a temporary offline period (暂停). */
export function runningStateAt(entry: RegisterEntry, now: Date): RunningState {
  if (entry.state !== 'running') return entry.state;
  const at = now.toISOString();
  return entry.offline.some((period) => period.from <= at && at < period.until) ? 'suspended' : 'running';
}
