import { isFailureOfKind } from '../../../domain/platform-failure.js';
import type { WecomClient } from './wecom-client.js';

export interface WecomTokenCacheOptions {
  readonly client: WecomClient;
  readonly corpid: string;
  readonly corpsecret: string;
  /** Default Date.now; tests pass a manual clock. */
  readonly now?: () => number;
}

/** Tokens are dropped this long before WeCom's expiry, so no message goes out with one about to die. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

interface CachedToken {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * One WeCom app's access token, cached in this process's memory.
 *
 * Trade-off: unlike WeChat tokens (cached in Redis, because a new one revokes the old and the daily quota
 * is small), WeCom hands every caller the same token while it is valid (facts §3.1), so each process
 * keeping its own copy costs one gettoken per process per two hours and breaks nothing. Concurrent sends
 * share one fetch, because gettoken itself is rate-limited.
 */
export class WecomTokenCache {
  readonly #options: WecomTokenCacheOptions;
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(options: WecomTokenCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async token(): Promise<string> {
    if (this.#cached && this.#cached.expiresAt > this.#now()) return this.#cached.value;
    return this.#fetch();
  }

  /** A fresh token after `stale` was refused; if another send already replaced it, that one. */
  async refresh(stale: string): Promise<string> {
    if (this.#cached?.value === stale) this.#cached = undefined;
    return this.token();
  }

  /** Runs `call` with the token; on a token error (40014, 41001, 42001) refreshes once and retries once. */
  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const stale = await this.token();
    try {
      return await call(stale);
    } catch (error) {
      if (!isFailureOfKind(error, 'token')) throw error;
      return call(await this.refresh(stale));
    }
  }

  #fetch(): Promise<string> {
    this.#pending ??= this.#load().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #load(): Promise<string> {
    const { client, corpid, corpsecret } = this.#options;
    const issued = await client.getToken(corpid, corpsecret);
    const issuedMs = issued.expiresInSeconds * 1000;
    const lifetimeMs = issuedMs - Math.min(EXPIRY_MARGIN_MS, issuedMs / 2);
    this.#cached = { value: issued.accessToken, expiresAt: this.#now() + lifetimeMs };
    return issued.accessToken;
  }
}
