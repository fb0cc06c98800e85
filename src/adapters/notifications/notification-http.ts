import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { egressRefusalIn } from '../egress/guarded-dispatcher.js';
import type { NotificationErrorFactory } from './notification-error-table.js';

export interface FetchedText {
  readonly status: number;
  /** The body, cut at MAX_BODY_BYTES: enough for any platform envelope and an error snippet. */
  readonly text: string;
}

/** Webhook receivers are arbitrary servers; a huge answer must not fill our memory. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * One HTTP exchange with a deadline that covers the body too (the same contract as the publishing
 * clients' fetchText, with NotificationErrors). Transport failures become `timeout` and `network`,
 * a 5xx becomes `http_5xx`; every other status is the caller's to judge. Redirects are not followed.
 * With a `dispatcher` (the egress guard) connections go through it; an address it refuses is
 * `egress_refused`, a failed notification with its reason rather than a retry.
 */
export async function fetchWithDeadline(
  url: URL,
  init: RequestInit,
  timeoutMs: number,
  toError: NotificationErrorFactory,
  dispatcher?: Dispatcher,
): Promise<FetchedText> {
  let fetched: FetchedText;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await send(url, { ...init, redirect: 'manual', signal }, dispatcher);
    fetched = { status: response.status, text: await readCapped(response) };
  } catch (error) {
    throw toError(transportCode(error), { cause: error });
  }
  if (fetched.status >= 500) {
    throw toError(`http_${fetched.status}`, { platformMessage: fetched.text.slice(0, 200) });
  }
  return fetched;
}

export function jsonPost(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

async function send(url: URL, init: RequestInit, dispatcher?: Dispatcher): Promise<Response> {
  if (!dispatcher) return fetch(url, init);
  // undici's own fetch: the dispatcher option belongs to the undici that made it.
  return await undiciFetch(url, { ...init, dispatcher });
}

function transportCode(error: unknown): string {
  if (isTimeout(error)) return 'timeout';
  return egressRefusalIn(error) ? 'egress_refused' : 'network';
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader(); // fetch bodies are bytes
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
    size += read.value.byteLength;
    if (size >= MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
