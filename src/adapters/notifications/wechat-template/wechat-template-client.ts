import { z } from 'zod';
import { parseJsonWithStringIds } from '../../platforms/parse-json-with-string-ids.js';
import { fetchWithDeadline, jsonPost, type FetchedText } from '../notification-http.js';
import { createWechatTemplateError } from './wechat-template-error-codes.js';

export interface WechatTemplateClientOptions {
  /** Default https://api.weixin.qq.com; tests and proxies point it elsewhere. */
  readonly baseUrl?: string;
  /** Deadline per call including the response body; default 10 s. */
  readonly timeoutMs?: number;
}

/** One template message (facts §1.7). Only verified 服务号 may send, only to their followers. */
export interface WechatTemplateMessage {
  /** The recipient's openid for this 服务号. */
  readonly touser: string;
  readonly templateId: string;
  /** Opened when the message is tapped (the review link). */
  readonly url?: string;
  /** Keyword → value; keys must match the template (`thing1`, `time2`, …); `first`/`remark` are gone. */
  readonly data: Readonly<Record<string, string>>;
  /** Anti-replay id; WeChat de-duplicates on it per openid for a while (M). */
  readonly clientMsgId?: string;
}

const envelope = z.object({ errcode: z.coerce.number().optional(), errmsg: z.string().optional() });
/** msgid arrives as a bare integer that may exceed 2^53; parseJsonWithStringIds turns it into a string. */
const sendResponse = z.object({ msgid: z.string().regex(/^\d+$/) });

/**
 * cgi-bin/message/template/send of a WeChat 服务号. The token is the caller's (the account's token cache);
 * failures are NotificationErrors classified by wechat-template-error-codes.ts.
 */
export class WechatTemplateClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;

  constructor(options: WechatTemplateClientOptions = {}) {
    this.#baseUrl = (options.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Sends one message; returns its msgid as an exact decimal string. */
  async sendTemplate(token: string, message: WechatTemplateMessage): Promise<string> {
    const url = new URL(`${this.#baseUrl}/cgi-bin/message/template/send`);
    url.searchParams.set('access_token', token);
    const init = jsonPost(toWireMessage(message));
    const fetched = await fetchWithDeadline(url, init, this.#timeoutMs, createWechatTemplateError);
    const parsed = sendResponse.safeParse(acceptedBody(fetched));
    if (!parsed.success) throw createWechatTemplateError('invalid_response', { cause: parsed.error });
    return parsed.data.msgid;
  }
}

function toWireMessage(message: WechatTemplateMessage): Record<string, unknown> {
  const data = Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }]));
  return {
    touser: message.touser,
    template_id: message.templateId,
    ...(message.url === undefined ? {} : { url: message.url }),
    ...(message.clientMsgId === undefined ? {} : { client_msg_id: message.clientMsgId }),
    data,
  };
}

/** The parsed body of a 200 answer with errcode absent or 0; anything else becomes a NotificationError. */
function acceptedBody(fetched: FetchedText): unknown {
  const snippet = { platformMessage: fetched.text.slice(0, 200) };
  if (fetched.status !== 200) throw createWechatTemplateError(`http_${fetched.status}`, snippet);
  const json = parseOrUndefined(fetched.text);
  const parsed = envelope.safeParse(json);
  if (!parsed.success) throw createWechatTemplateError('invalid_response', snippet);
  const { errcode, errmsg } = parsed.data;
  if (errcode !== undefined && errcode !== 0) {
    throw createWechatTemplateError(String(errcode), errmsg === undefined ? {} : { platformMessage: errmsg });
  }
  return json;
}

function parseOrUndefined(text: string): unknown {
  try {
    return parseJsonWithStringIds(text, ['msgid']);
  } catch {
    return undefined;
  }
}
