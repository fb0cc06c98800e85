import type { z } from 'zod';
import { parseJsonWithStringIds } from '../../platforms/parse-json-with-string-ids.js';
import type { NotificationError } from '../notification.js';
import { fetchWithDeadline, jsonPost, type FetchedText, type HttpCall } from '../notification-http.js';
import { createWecomError } from './wecom-error-codes.js';
import type {
  WecomAccessToken,
  WecomButtonCard,
  WecomCardUpdate,
  WecomSendResult,
  WecomTextCard,
  WecomUpdateResult,
} from './wecom-types.js';
import {
  InvalidWecomRequest,
  sendResponse,
  toButtonCardBody,
  toCardUpdateBody,
  toSendResult,
  toTextCardBody,
  tokenResponse,
  updateResponse,
  userInfoResponse,
  wecomEnvelope,
} from './wecom-wire.js';

export interface WecomClientOptions {
  /** Default https://qyapi.weixin.qq.com; tests and proxies point it elsewhere. */
  readonly baseUrl?: string;
  /** Deadline per call including the response body; default 10 s. */
  readonly timeoutMs?: number;
}

const GET: HttpCall = { method: 'GET' };

interface Call {
  readonly path: string;
  readonly token?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly init: HttpCall;
}

/**
 * The WeCom (企业微信) app-message calls qianfa notifies leaders with (facts §3.1–3.2). Tokens are passed in;
 * caching them is WecomTokenCache's job. Every failure is a NotificationError classified by
 * wecom-error-codes.ts; a dead token surfaces as kind `token` so the caller refreshes it once and retries.
 */
export class WecomClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;

  constructor(options: WecomClientOptions = {}) {
    this.#baseUrl = (options.baseUrl ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** cgi-bin/gettoken: one token per app (corpsecret); the same one while it is valid. */
  async getToken(corpid: string, corpsecret: string): Promise<WecomAccessToken> {
    const call = { path: '/cgi-bin/gettoken', query: { corpid, corpsecret }, init: GET };
    const wire = await this.#call(call, tokenResponse);
    return { accessToken: wire.access_token, expiresInSeconds: wire.expires_in };
  }

  /**
   * auth/getuserinfo: who signed in with a WeCom authorisation `code` (网页授权 or 扫码登录; single-use, 5 minutes).
   * The member's userid, or undefined for someone outside the corp.
   */
  async getUserInfo(token: string, code: string): Promise<string | undefined> {
    const call = { path: '/cgi-bin/auth/getuserinfo', token, query: { code }, init: GET };
    return (await this.#call(call, userInfoResponse)).userid;
  }

  /** message/send with a textcard. Invalid recipients are listed in the result; only all-invalid throws. */
  async sendTextCard(token: string, card: WecomTextCard): Promise<WecomSendResult> {
    return this.#send(token, () => toTextCardBody(card));
  }

  /** message/send with a button_interaction template_card; a tap calls the app's receive URL back. */
  async sendTemplateCardButtons(token: string, card: WecomButtonCard): Promise<WecomSendResult> {
    return this.#send(token, () => toButtonCardBody(card));
  }

  /** message/update_template_card: replaces the buttons with `replaceText` (已同意 / 已退回) for these members. */
  async updateTemplateCard(token: string, update: WecomCardUpdate): Promise<WecomUpdateResult> {
    const body = checked(() => toCardUpdateBody(update));
    const call = { path: '/cgi-bin/message/update_template_card', token, init: jsonPost(body) };
    return { invalidUsers: (await this.#call(call, updateResponse)).invaliduser };
  }

  async #send(token: string, build: () => Record<string, unknown>): Promise<WecomSendResult> {
    const call = { path: '/cgi-bin/message/send', token, init: jsonPost(checked(build)) };
    return toSendResult(await this.#call(call, sendResponse));
  }

  async #call<Schema extends z.ZodType>(call: Call, schema: Schema): Promise<z.output<Schema>> {
    const fetched = await fetchWithDeadline(this.#url(call), call.init, this.#timeoutMs, createWecomError);
    const json = acceptedBody(fetched);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw createWecomError('invalid_response', { cause: parsed.error });
    return parsed.data;
  }

  #url(call: Call): URL {
    // Appended rather than resolved, so a base with a path prefix (a proxy) keeps it.
    const url = new URL(this.#baseUrl + call.path);
    if (call.token !== undefined) url.searchParams.set('access_token', call.token);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
    return url;
  }
}

/** Our pre-send checks become the same classified errors as the platform's refusals. */
function checked<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof InvalidWecomRequest) throw createWecomError(error.code);
    throw error;
  }
}

/** The parsed body of a 200 answer with errcode 0; anything else becomes a NotificationError. */
function acceptedBody(fetched: FetchedText): unknown {
  const snippet = { platformMessage: fetched.text.slice(0, 200) };
  if (fetched.status !== 200) throw createWecomError(`http_${fetched.status}`, snippet);
  const json = parseOrUndefined(fetched.text);
  const envelope = wecomEnvelope.safeParse(json);
  if (!envelope.success) throw createWecomError('invalid_response', snippet);
  const { errcode, errmsg } = envelope.data;
  if (errcode !== 0) throw refusal(String(errcode), errmsg);
  return json;
}

function refusal(code: string, errmsg: string | undefined): NotificationError {
  return createWecomError(code, errmsg === undefined ? {} : { platformMessage: errmsg });
}

function parseOrUndefined(text: string): unknown {
  try {
    // msgid is documented as a string; should it ever come as a number, keep every digit.
    return parseJsonWithStringIds(text, ['msgid']);
  } catch {
    return undefined;
  }
}
