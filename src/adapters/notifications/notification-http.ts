import type { Dispatcher } from 'undici';
import {
  exchangeWithDeadline,
  type FetchedText,
  type HttpCall as ExchangeCall,
} from '../egress/http-exchange.js';
import type { NotificationErrorFactory } from './notification-error-table.js';

export type { FetchedText };

/** What a notification call sends: a method, its headers and a text body. */
export type HttpCall = ExchangeCall & { readonly body?: string };

/** How a sender exchanges one call: fetchWithDeadline, or another transport with its contract. */
export type HttpTransport = typeof fetchWithDeadline;

/** Webhook receivers are arbitrary servers; a huge answer must not fill our memory. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * One notification call (exchangeWithDeadline, with NotificationErrors): the deadline covers the body, which is
 * cut at 1 MiB; through `dispatcher` (the egress guard) when given, an address it refuses is `egress_refused`.
 */
export function fetchWithDeadline(
  url: URL,
  call: HttpCall,
  timeoutMs: number,
  toError: NotificationErrorFactory,
  dispatcher?: Dispatcher,
): Promise<FetchedText> {
  return exchangeWithDeadline(url, call, timeoutMs, toError, {
    maxBodyBytes: MAX_BODY_BYTES,
    ...(dispatcher ? { dispatcher } : {}),
  });
}

export function jsonPost(body: unknown): HttpCall {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
