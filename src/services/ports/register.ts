import type { Account, Target } from '../../domain/accounts.js';
import type { RegisterEntry } from '../../domain/monitor/register-entry.js';

/**
 * The organisations' account registers (账号台账), one entry per account, keyed by its target.
 *
 * The adapter must guarantee: `add` is atomic and refuses a target already registered in the org; `save`
 * writes the entry under its (possibly new) target and, when `replacing` names another one (a rename), removes
 * that in the same atomic step; a promise resolves only after the write is durable.
 * Deliberately not in the contract: the register's rules (the domain's), who may call.
 */
export interface RegisterStore {
  add(entry: RegisterEntry): Promise<'added' | 'exists'>;
  save(entry: RegisterEntry, replacing?: Target): Promise<void>;
  get(org: string, target: Target): Promise<RegisterEntry | null>;
  /** Ordered by platform, then name. */
  list(org: string): Promise<RegisterEntry[]>;
}

/**
 * An account's follower count as its platform reports it now: WeChat user/get's `total`, Weibo users/show's
 * `followers_count`. A failure is a PlatformFailure (the platform's code, and whether trying later can help).
 */
export interface FollowerSource {
  count(account: Account, secret: string): Promise<number>;
}
