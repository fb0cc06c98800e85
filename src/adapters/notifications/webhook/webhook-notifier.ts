import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Grade } from '../../../domain/checks/finding.js';
import {
  addressFor,
  type ChannelAddress,
  type ChannelSender,
  type DeliveryReceipt,
  type Notification,
  type NotificationEvent,
} from '../notification.js';
import type { Dispatcher } from 'undici';
import { refusalForUrl } from '../../../domain/egress-policy.js';
import { guardedDispatcher, type Resolver } from '../../egress/guarded-dispatcher.js';
import { fetchWithDeadline, type HttpCall, type HttpTransport } from '../notification-http.js';
import { createWebhookError } from './webhook-error-codes.js';

/** The JSON body POSTed to a person's webhook. */
export interface WebhookPayload {
  readonly event: NotificationEvent;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  /** What the message is about (absent in messages about no draft). */
  readonly draft?: string;
  readonly version?: number;
  /** The stage waiting, or the one that returned the draft: its id and Chinese name. */
  readonly stage?: string;
  readonly stage_name?: string;
  readonly grade?: Grade;
  readonly grade_name?: string;
  /** The organisation's slug and name. */
  readonly org?: string;
  readonly org_name?: string;
  /** A digest's drafts (您有 N 份稿件待审核), each with the person's own review link; `url` is the first's. */
  readonly items?: readonly { draft: string; title: string; grade: Grade; url: string }[];
  /** ISO 8601; signed with the body, so receivers check freshness on this rather than on the header. */
  readonly at: string;
}

export const SIGNATURE_HEADER = 'X-Qianfa-Signature';
export const TIMESTAMP_HEADER = 'X-Qianfa-Timestamp';

export interface WebhookNotifierOptions {
  /** Deadline per delivery including the answer; default 10 s. */
  readonly timeoutMs?: number;
  /** Default Date.now; stamps `at` and the timestamp header. */
  readonly now?: () => number;
  /** Hosts an installation admin allows despite the egress policy (http:// and private addresses). */
  readonly allowHosts?: readonly string[];
  /** How names resolve before the policy checks them; default the system resolver. */
  readonly resolve?: Resolver;
  /** Default fetchWithDeadline; bench/notify-bench.ts compares it with the fetch-based one it replaced. */
  readonly transport?: HttpTransport;
}

/**
 * POSTs the notification as JSON to the person's URL, signed with their secret:
 * `X-Qianfa-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. 2xx is delivered; 5xx, 408, 429 and
 * network failures are transient; other statuses (redirects included: they are not followed) permanent.
 */
export class WebhookNotifier implements ChannelSender {
  readonly channel = 'webhook';
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #allowHosts: readonly string[];
  readonly #dispatcher: Dispatcher;
  readonly #transport: HttpTransport;

  constructor(options: WebhookNotifierOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#allowHosts = options.allowHosts ?? [];
    this.#dispatcher = guardedDispatcher(this.#allowHosts, options.resolve);
    this.#transport = options.transport ?? fetchWithDeadline;
  }

  async send(recipient: ChannelAddress, message: Notification): Promise<DeliveryReceipt> {
    const { url, secret } = addressFor('webhook', recipient);
    const target = parseHttpUrl(url);
    if (secret === '') throw createWebhookError('missing_secret');
    const refusal = refusalForUrl(target, this.#allowHosts);
    if (refusal) throw createWebhookError(`egress_${refusal}`);
    const now = this.#now();
    const body = JSON.stringify(toPayload(message, new Date(now)));
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'qianfa-webhook/1',
      [SIGNATURE_HEADER]: signWebhookBody(body, secret),
      [TIMESTAMP_HEADER]: String(Math.floor(now / 1000)),
    };
    const call: HttpCall = { method: 'POST', headers, body };
    const { status, text } = await this.#transport(
      target,
      call,
      this.#timeoutMs,
      createWebhookError,
      this.#dispatcher,
    );
    if (status >= 200 && status <= 299) return { delivered: true };
    const snippet = { platformMessage: text.slice(0, 200) };
    throw createWebhookError(status >= 300 && status <= 399 ? 'redirected' : `http_${status}`, snippet);
  }
}

export function toPayload(message: Notification, at: Date): WebhookPayload {
  return {
    event: message.event ?? 'review_awaiting',
    title: message.title,
    description: message.description,
    url: message.url,
    ...definedOnly({
      draft: message.draft,
      version: message.version,
      stage: message.stage,
      stage_name: message.stageName,
      grade: message.grade,
      grade_name: message.gradeName,
      org: message.org,
      org_name: message.orgName,
      items: message.items,
    }),
    at: at.toISOString(),
  };
}

/** The fields that have a value: the payload leaves out what a message does not say. A loop: per send. */
function definedOnly<Fields extends Record<string, unknown>>(fields: Fields): Partial<Fields> {
  const defined: Partial<Fields> = {};
  for (const name in fields) if (fields[name] !== undefined) defined[name] = fields[name];
  return defined;
}

/** `sha256=<hex>` of the exact bytes sent. */
export function signWebhookBody(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * For receivers (and tests): true when `header` is the signature of the raw `body` with `secret`. Compare
 * the bytes as received, before any JSON parsing, since re-serialising can change them.
 */
export function verifyWebhookSignature(
  body: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const given = Buffer.from(header.trim().slice('sha256='.length).toLowerCase(), 'hex');
  const expected = Buffer.from(signWebhookBody(body, secret).slice('sha256='.length), 'hex');
  return timingSafeEqual(given, expected); // both 32 bytes: the format check above guarantees it
}

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw createWebhookError('invalid_url', { cause: error });
  }
  const isHttp = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  // fetch refuses URLs with credentials, which would otherwise look like a (transient) network error.
  if (!isHttp || parsed.username !== '' || parsed.password !== '') throw createWebhookError('invalid_url');
  return parsed;
}
