import type { Target } from '../../domain/accounts.js';
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

/** An account's follower count where its platform reports it (WeChat user/get's total); undefined: unknown. */
export type FollowerCounts = (org: string, target: Target) => Promise<number | undefined>;
