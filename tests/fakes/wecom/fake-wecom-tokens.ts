import { randomBytes } from 'node:crypto';
import { PlatformRefusal } from '../fake-http-server.js';

/** One self-built app (自建应用) of an enterprise, with the members in its visible range. */
export interface FakeWecomApp {
  readonly corpid: string;
  readonly corpsecret: string;
  readonly agentid: number;
  /** Userids in the app's visible range; sending to anyone else lists them as invalid. */
  readonly members: readonly string[];
}

interface IssuedToken {
  readonly value: string;
  readonly app: FakeWecomApp;
  expiresAt: number;
}

export interface WecomTokenPoolOptions {
  readonly now: () => number;
  readonly lifetimeSeconds: number;
}

/**
 * gettoken, keyed by (corpid, corpsecret): the same token while it is valid, a new one afterwards
 * (facts §3.1). Resolving a token yields its app or the refusal WeCom would give.
 */
export class WecomTokenPool {
  readonly #options: WecomTokenPoolOptions;
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #current = new Map<string, IssuedToken>();

  constructor(options: WecomTokenPoolOptions) {
    this.#options = options;
  }

  issue(apps: readonly FakeWecomApp[], corpid: string | null, corpsecret: string | null): unknown {
    if (!corpid) throw new PlatformRefusal(41002);
    if (!apps.some((app) => app.corpid === corpid)) throw new PlatformRefusal(40013);
    if (!corpsecret) throw new PlatformRefusal(41004);
    const app = apps.find((candidate) => candidate.corpid === corpid && candidate.corpsecret === corpsecret);
    if (!app) throw new PlatformRefusal(40001);
    const key = `${corpid}:${corpsecret}`;
    let issued = this.#current.get(key);
    if (!issued || issued.expiresAt <= this.#options.now()) {
      issued = this.#mint(app);
      this.#current.set(key, issued);
    }
    const remainingSeconds = Math.floor((issued.expiresAt - this.#options.now()) / 1000);
    return { errcode: 0, errmsg: 'ok', access_token: issued.value, expires_in: remainingSeconds };
  }

  /** The token's app, or 41001 (missing), 40014 (unknown), 42001 (expired). */
  resolve(token: string | null): FakeWecomApp {
    if (token === null || token === '') throw new PlatformRefusal(41001);
    const issued = this.#tokens.get(token);
    if (!issued) throw new PlatformRefusal(40014);
    if (issued.expiresAt <= this.#options.now()) throw new PlatformRefusal(42001);
    return issued.app;
  }

  /** Every token (of one enterprise, or all) expires now: the next call with one gets 42001. */
  expireAll(corpid?: string): void {
    for (const issued of this.#tokens.values()) {
      if (corpid === undefined || issued.app.corpid === corpid) {
        issued.expiresAt = Math.min(issued.expiresAt, this.#options.now());
      }
    }
  }

  #mint(app: FakeWecomApp): IssuedToken {
    const value = randomBytes(64).toString('base64url');
    const issued = { value, app, expiresAt: this.#options.now() + this.#options.lifetimeSeconds * 1000 };
    this.#tokens.set(value, issued);
    return issued;
  }
}
