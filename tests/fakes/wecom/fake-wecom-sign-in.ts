import { randomBytes } from 'node:crypto';
import { PlatformRefusal, type FakeReply, type FakeRequest } from '../fake-http-server.js';
import type { FakeWecomApp, WecomTokenPool } from './fake-wecom-tokens.js';

/** Who is at the browser: a member of the corp (userid), or a WeChat user outside it (openid). */
export type FakeWecomVisitor = { readonly userId: string } | { readonly openId: string };

interface IssuedCode {
  readonly corpid: string;
  readonly visitor: FakeWecomVisitor;
  readonly expiresAt: number;
}

/** A sign-in code lives 5 minutes and works once (WeCom's 网页授权 and 扫码登录 alike). */
const CODE_LIFETIME_MS = 5 * 60_000;

/**
 * WeCom's sign-in: `connect/oauth2/authorize` (inside WeCom, silent snsapi_base) and `wwlogin/sso/login`
 * (扫码登录, login_type CorpApp) send the browser back to `redirect_uri` with a fresh `code` and the `state` as
 * given; `cgi-bin/auth/getuserinfo` turns the code into the member's `userid` (or a non-member's `openid`) once,
 * else 40029. `visitor` is the test's hook: whoever scans or opens the page next.
 */
export class WecomSignInDesk {
  visitor: FakeWecomVisitor | undefined;
  readonly #codes = new Map<string, IssuedCode>();

  constructor(
    private readonly apps: readonly FakeWecomApp[],
    private readonly now: () => number,
  ) {}

  /** The authorize page: redirects with a code, or shows WeCom's error page (no redirect) for a bad request. */
  authorize(request: FakeRequest, kind: 'oauth' | 'qr'): FakeReply {
    const { query } = request;
    const app = this.apps.find((candidate) => candidate.corpid === query.get('appid'));
    const agentid = Number(query.get('agentid'));
    const redirect = query.get('redirect_uri') ?? '';
    const wellFormed =
      app !== undefined &&
      URL.canParse(redirect) &&
      (kind === 'oauth'
        ? query.get('response_type') === 'code' && query.get('scope') === 'snsapi_base'
        : query.get('login_type') === 'CorpApp' && agentid === app.agentid);
    if (!wellFormed || this.visitor === undefined) return errorPage();
    const code = randomBytes(24).toString('base64url');
    this.#codes.set(code, {
      corpid: app.corpid,
      visitor: this.visitor,
      expiresAt: this.now() + CODE_LIFETIME_MS,
    });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', query.get('state') ?? '');
    return { status: 302, body: '', contentType: 'text/html', location: back.toString() };
  }

  /** `GET cgi-bin/auth/getuserinfo?access_token=&code=`. */
  userInfo(tokens: WecomTokenPool, request: FakeRequest): Record<string, unknown> {
    const app = tokens.resolve(request.query.get('access_token'));
    const code = request.query.get('code') ?? '';
    const issued = this.#codes.get(code);
    this.#codes.delete(code);
    if (!issued || issued.corpid !== app.corpid || issued.expiresAt <= this.now()) {
      throw new PlatformRefusal(40029, 'invalid code');
    }
    const who =
      'userId' in issued.visitor ? { userid: issued.visitor.userId } : { openid: issued.visitor.openId };
    return { errcode: 0, errmsg: 'ok', ...who };
  }
}

function errorPage(): FakeReply {
  return { status: 200, body: '<html><body>参数错误</body></html>', contentType: 'text/html' };
}
