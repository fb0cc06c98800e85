import type { Account, Platform } from '../../domain/accounts.js';

/** An account with its credential sealed (SecretBox): the AppSecret (WeChat) or the access token (Weibo). */
export interface StoredAccount extends Account {
  sealedSecret: string;
}

/**
 * Platform accounts of organisations.
 *
 * The adapter must guarantee: `add` is atomic and refuses a name already used for that platform in the org,
 * `replace` is atomic and writes only an account that exists;
 * a promise resolves only after the write is durable; secrets are stored exactly as given (already sealed).
 * Deliberately not in the contract: sealing and opening secrets (the account service does that), who may call.
 */
export interface AccountStore {
  add(account: StoredAccount): Promise<'added' | 'exists'>;
  /** Replaces an existing account as a whole (never adds one). */
  replace(account: StoredAccount): Promise<'replaced' | 'missing'>;
  get(org: string, platform: Platform, name: string): Promise<StoredAccount | null>;
  /** Ordered by platform, then name. */
  list(org: string): Promise<StoredAccount[]>;
}

/**
 * Seals secrets for storage and opens them for use. `context` names what the secret belongs to and is bound to
 * it: a sealed value opens only with the same context. `open` throws when the value or the key is wrong.
 */
export interface SecretSealer {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}
