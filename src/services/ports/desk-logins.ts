import type { FailureLimiter } from './rate-limits.js';

/**
 * A memory-hard one-way hash of passwords. `hash` returns a self-describing string (algorithm, parameters,
 * salt, hash), so parameters can change later without making stored passwords unreadable.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` hashes to `stored`; false for a stored value it cannot read. */
  verify(password: string, stored: string): Promise<boolean>;
}

/** Each person's password hash (never the password). */
export interface PasswordStore {
  get(personId: string): Promise<string | null>;
  set(personId: string, hash: string): Promise<void>;
}

/** One desk session as stored: its cookie carries `<handle>.<secret>`, the store only the secret's SHA-256. */
export interface StoredSession {
  /** Random and public: how the session is listed and revoked. */
  handle: string;
  secretHash: string;
  person: string;
  /** The person's credential generation when it was opened (see Person.credentials). */
  credentials: number;
  /** ISO 8601 times. */
  created: string;
  lastSeen: string;
  expires: string;
  userAgent: string;
  address: string;
  /** How it was opened. */
  method: 'password' | 'link' | 'wecom';
}

/**
 * Desk sessions. The adapter must make `open` and `end` atomic, forget a session once it expires (by `expires`),
 * and list a person's sessions without those that expired.
 */
export interface SessionStore {
  open(session: StoredSession): Promise<void>;
  find(handle: string): Promise<StoredSession | null>;
  /** Records activity; a session that is gone stays gone. */
  touch(handle: string, lastSeen: string): Promise<void>;
  list(personId: string): Promise<StoredSession[]>;
  /** False when there was no such session of that person. */
  end(personId: string, handle: string): Promise<boolean>;
}

/** Failed logins per account: refuses an account that failed too often, and forgets it after a success. */
export interface LoginLimiter extends FailureLimiter {
  reset(key: string): Promise<void>;
}

/** WeCom single sign-on (企业微信网页授权 / 扫码登录) as the login service needs it. */
export interface WecomSignIn {
  /** WeCom's page that asks who is there: inside the WeCom app (网页授权) or elsewhere (扫码登录). */
  authorizeUrl(input: { redirectUri: string; state: string; insideWecom: boolean }): string;
  /** The member's userid for an authorisation code; undefined for someone outside the corp. Rejects on refusal. */
  userIdOf(code: string): Promise<string | undefined>;
}
