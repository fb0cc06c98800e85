import { createSeededRandom, type Fault, type ScheduledRules } from './fault-injection.js';
import { FakeHttpServer, PlatformRefusal, type FakeReply, type FakeRequest } from './fake-http-server.js';
import { wechatJson, wechatRefusalReply } from './wechat/fake-wechat-errmsgs.js';
import { WechatTokenPool } from './wechat/fake-wechat-tokens.js';
import {
  readTemplateSend,
  type FakeServiceAccount,
  type FakeTemplateMessage,
} from './wechat-template/fake-wechat-template-send.js';

export type { FakeServiceAccount, FakeTemplateMessage } from './wechat-template/fake-wechat-template-send.js';

export type WechatTemplateEndpoint = '/cgi-bin/message/template/send';
const SEND_PATH: WechatTemplateEndpoint = '/cgi-bin/message/template/send';

export interface FakeWechatTemplateServerOptions {
  readonly accounts?: readonly FakeServiceAccount[];
  /** The fake's clock (token expiry); default Date.now. */
  readonly now?: () => number;
  readonly random?: () => number;
  /** First msgid handed out; default the facts file's example, above 2^53. */
  readonly firstMsgid?: bigint;
}

/**
 * A loopback WeChat 服务号 template-message API (facts §1.7): POST cgi-bin/message/template/send with the
 * platform's refusals (48001, 40003, 43004, 43019, 40036, 40037, 47003, 40250) and msgids beyond 2^53 sent
 * as bare JSON integers. Tokens come from `issueToken` (the notifier takes its token from the caller's
 * cache, so fetching one is not what these tests exercise); they expire and are refused like WeChat's.
 * Kept apart from FakeWechatServer so publishing tests are untouched.
 */
export class FakeWechatTemplateServer {
  readonly faults: ScheduledRules<WechatTemplateEndpoint, Fault>;
  readonly #http: FakeHttpServer<WechatTemplateEndpoint>;
  readonly #accounts: Map<string, FakeServiceAccount>;
  readonly #tokens: WechatTokenPool;
  readonly #sent: FakeTemplateMessage[] = [];
  #nextMsgid: bigint;

  constructor(options: FakeWechatTemplateServerOptions = {}) {
    this.#accounts = new Map((options.accounts ?? []).map((account) => [account.appid, account]));
    this.#tokens = new WechatTokenPool({
      now: options.now ?? Date.now,
      lifetimeSeconds: 7200,
      forceRefreshIntervalMs: 30_000,
    });
    this.#nextMsgid = options.firstMsgid ?? 3_717_005_636_572_528_642n;
    this.#http = new FakeHttpServer({
      handle: (request) => this.#handle(request),
      refusalReply: wechatRefusalReply,
      random: options.random ?? createSeededRandom(1),
    });
    this.faults = this.#http.faults;
  }

  async start(): Promise<this> {
    await this.#http.start();
    return this;
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** A valid access token of the account (as its token cache would hold). */
  issueToken(appid: string): string {
    return this.#tokens.issueStable(appid, false).access_token;
  }

  /** The account's tokens expire now: the next send with one gets 42001. */
  expireTokens(appid: string): void {
    this.#tokens.expireAll(appid);
  }

  sent(): readonly FakeTemplateMessage[] {
    return [...this.#sent];
  }

  callCount(): number {
    return this.#http.callCount(SEND_PATH);
  }

  #handle(request: FakeRequest): FakeReply {
    if (request.path !== SEND_PATH) return { status: 404, body: 'Not Found', contentType: 'text/html' };
    if (request.method !== 'POST') throw new PlatformRefusal(43002);
    const appid = this.#tokens.resolve(request.query.get('access_token'));
    const account = this.#accounts.get(appid);
    if (!account) throw new PlatformRefusal(48001);
    const accepted = readTemplateSend(account, readJson(request));
    const msgid = this.#nextMsgid;
    this.#nextMsgid += 1n;
    this.#sent.push({ msgid: msgid.toString(), ...accepted });
    return wechatJson({ errcode: 0, errmsg: 'ok', msgid });
  }
}

function readJson(request: FakeRequest): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // falls through to the refusal
  }
  throw new PlatformRefusal(47001);
}
