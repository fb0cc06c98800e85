import { isFailureOfKind } from '../../../domain/platform-failure.js';
import type { RedisClient } from '../../redis/redis-client.js';
import type { SecretSealer } from '../../../services/ports/accounts.js';
import type { RedisKeys } from '../../redis/redis-keys.js';
import type { WechatClient } from './wechat-client.js';

/** Tokens are dropped this long before WeChat's expiry, so no call goes out with one about to die. */
const EXPIRY_MARGIN_SECONDS = 300;
const MIN_CACHE_SECONDS = 30;

/**
 * WeChat access tokens (stable_token), cached in Redis and shared by every worker of every process, so the
 * daily token quota is spent once per account, not once per worker. A token is a working credential: it is
 * sealed in Redis with the installation's key, like the account's secret.
 */
export class WechatTokenCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly client: WechatClient,
    private readonly sealer: SecretSealer,
  ) {}

  /** Fetches of this process in flight, per account: concurrent jobs that find no token share one fetch. */
  private readonly fetching = new Map<string, Promise<string>>();

  async token(appid: string, secret: string): Promise<string> {
    const cached = this.opened(appid, await this.redis.get(this.keys.wechatToken(appid)));
    if (cached) return cached;
    const pending = this.fetching.get(appid) ?? this.fetch(appid, secret, false);
    this.fetching.set(appid, pending);
    const forget = () => {
      if (this.fetching.get(appid) === pending) this.fetching.delete(appid);
    };
    pending.then(forget, forget);
    return pending;
  }

  /**
   * Runs `call` with the account's token. On a token error (40001, 42001, 40014) it refreshes once and retries
   * once: first asking stable_token normally (which hands out the current token, e.g. after another party
   * forced a new one), forcing a new token only if that gives back the same dead one.
   */
  withToken<T>(appid: string, secret: string, call: (token: string) => Promise<T>): Promise<T> {
    return this.session(appid, secret)(call);
  }

  /**
   * `withToken` for a run of calls (one publication's): the token is read from Redis and opened once, and kept
   * for the next call, a refreshed one too. A token that dies meanwhile costs one refusal, as for `withToken`.
   */
  session(appid: string, secret: string): TokenCall {
    let kept: Promise<string> | undefined;
    return async (call) => {
      const token = kept ?? (kept = this.token(appid, secret));
      const stale = await token.catch((error: unknown) => {
        kept = undefined; // not kept: the next call asks again
        throw error;
      });
      try {
        return await call(stale);
      } catch (error) {
        if (!isFailureOfKind(error, 'token')) throw error;
        if (kept === token) kept = this.refresh(appid, secret, stale);
        return call(await kept);
      }
    };
  }

  /** A token other than `stale`, which WeChat refused: the current one, or a forced new one. */
  async refresh(appid: string, secret: string, stale: string): Promise<string> {
    const fresh = await this.fetch(appid, secret, false);
    return fresh === stale ? this.fetch(appid, secret, true) : fresh;
  }

  private async fetch(appid: string, secret: string, forceRefresh: boolean): Promise<string> {
    const issued = await this.client.getStableToken(appid, secret, forceRefresh);
    const seconds = Math.max(MIN_CACHE_SECONDS, issued.expiresInSeconds - EXPIRY_MARGIN_SECONDS);
    const sealed = this.sealer.seal(issued.accessToken, wechatTokenContext(appid));
    await this.redis.set(this.keys.wechatToken(appid), sealed, 'EX', seconds);
    return issued.accessToken;
  }

  /** The cached token, or undefined: none, one cached in plaintext by an older version, or sealed under another key. */
  private opened(appid: string, sealed: string | null): string | undefined {
    if (sealed === null) return undefined;
    try {
      return this.sealer.open(sealed, wechatTokenContext(appid));
    } catch {
      return undefined; // fetched again (stable_token hands out the same live token)
    }
  }
}

/** Runs a call with an account's token (see `session`). */
export type TokenCall = <T>(work: (token: string) => Promise<T>) => Promise<T>;

/** What a cached token is sealed to: one account's token does not open as another's. */
export const wechatTokenContext = (appid: string) => `wechat-token/${appid}`;
