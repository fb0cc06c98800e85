import { randomBytes } from 'node:crypto';
import { PlatformRefusal } from '../fake-http-server.js';

type TokenPoolName = 'token' | 'stable_token';

interface IssuedToken {
  readonly value: string;
  readonly appid: string;
  readonly pool: TokenPoolName;
  expiresAt: number;
  revoked: boolean;
}

export interface TokenGrant {
  readonly access_token: string;
  readonly expires_in: number;
}

export interface TokenPoolOptions {
  readonly now: () => number;
  readonly lifetimeSeconds: number;
  /** stable_token: forced refreshes at least this far apart (30 s on the platform). */
  readonly forceRefreshIntervalMs: number;
}

/** The platform rotates a stable token this long before expiry; old and new both work meanwhile. */
const ROTATE_BEFORE_EXPIRY_MS = 5 * 60_000;
/** A new cgi-bin/token replaces the previous one "with a short overlap" (facts §1.1: length unstated). */
const LEGACY_OVERLAP_MS = 60_000;
const FORCED_REFRESHES_PER_DAY = 20;
const DAY_MS = 24 * 60 * 60_000;
const WELL_FORMED = /^[\w-]{32,512}$/;

/**
 * Access tokens of every account, in the two isolated pools the platform keeps (cgi-bin/token and
 * cgi-bin/stable_token). Resolving a token yields its appid or the refusal WeChat would give.
 */
export class WechatTokenPool {
  readonly #options: TokenPoolOptions;
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #current = new Map<string, IssuedToken>();
  readonly #forcedAt = new Map<string, number[]>();

  constructor(options: TokenPoolOptions) {
    this.#options = options;
  }

  /** cgi-bin/token: always a new token; the previous one keeps working only briefly. */
  issueLegacy(appid: string): TokenGrant {
    const previous = this.#current.get(key(appid, 'token'));
    if (previous) previous.expiresAt = Math.min(previous.expiresAt, this.#options.now() + LEGACY_OVERLAP_MS);
    return this.#grant(this.#issue(appid, 'token'));
  }

  /** cgi-bin/stable_token: the current token while it has over 5 minutes left; forcing revokes it. */
  issueStable(appid: string, forceRefresh: boolean): TokenGrant {
    const current = this.#current.get(key(appid, 'stable_token'));
    if (forceRefresh) {
      this.#recordForcedRefresh(appid);
      if (current) current.revoked = true;
      return this.#grant(this.#issue(appid, 'stable_token'));
    }
    if (
      current &&
      this.#isUsable(current) &&
      current.expiresAt - this.#options.now() > ROTATE_BEFORE_EXPIRY_MS
    ) {
      return this.#grant(current);
    }
    return this.#grant(this.#issue(appid, 'stable_token'));
  }

  /** The appid the token belongs to, or the refusal for a missing, malformed, unknown or expired token. */
  resolve(token: string | null): string {
    if (token === null || token === '') throw new PlatformRefusal(41001);
    if (!WELL_FORMED.test(token)) throw new PlatformRefusal(40014);
    const issued = this.#tokens.get(token);
    if (!issued || issued.revoked) throw new PlatformRefusal(40001);
    if (issued.expiresAt <= this.#options.now()) throw new PlatformRefusal(42001);
    return issued.appid;
  }

  /** Every token of the account expires now: the next call with one gets 42001. */
  expireAll(appid: string): void {
    for (const issued of this.#ofAccount(appid))
      issued.expiresAt = Math.min(issued.expiresAt, this.#options.now());
  }

  /** Every token of the account is revoked (as after a secret reset): the next call with one gets 40001. */
  revokeAll(appid: string): void {
    for (const issued of this.#ofAccount(appid)) issued.revoked = true;
  }

  #issue(appid: string, pool: TokenPoolName): IssuedToken {
    const value = randomBytes(96).toString('base64url');
    const expiresAt = this.#options.now() + this.#options.lifetimeSeconds * 1000;
    const issued: IssuedToken = { value, appid, pool, expiresAt, revoked: false };
    this.#tokens.set(value, issued);
    this.#current.set(key(appid, pool), issued);
    return issued;
  }

  #grant(issued: IssuedToken): TokenGrant {
    const remainingMs = issued.expiresAt - this.#options.now();
    return { access_token: issued.value, expires_in: Math.max(0, Math.floor(remainingMs / 1000)) };
  }

  #isUsable(issued: IssuedToken): boolean {
    return !issued.revoked && issued.expiresAt > this.#options.now();
  }

  /** The refusal codes for too frequent or too many forced refreshes are not documented (a guess). */
  #recordForcedRefresh(appid: string): void {
    const now = this.#options.now();
    const recent = (this.#forcedAt.get(appid) ?? []).filter((at) => now - at < DAY_MS);
    const last = recent.at(-1);
    if (last !== undefined && now - last < this.#options.forceRefreshIntervalMs)
      throw new PlatformRefusal(45011);
    if (recent.length >= FORCED_REFRESHES_PER_DAY) throw new PlatformRefusal(45009);
    this.#forcedAt.set(appid, [...recent, now]);
  }

  #ofAccount(appid: string): IssuedToken[] {
    return [...this.#tokens.values()].filter((issued) => issued.appid === appid);
  }
}

function key(appid: string, pool: TokenPoolName): string {
  return `${pool}:${appid}`;
}
