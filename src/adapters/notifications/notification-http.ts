import { EventEmitter } from 'node:events';
import { getGlobalDispatcher, type Dispatcher } from 'undici';
import { egressRefusalIn } from '../egress/guarded-dispatcher.js';
import type { NotificationErrorFactory } from './notification-error-table.js';

export interface FetchedText {
  readonly status: number;
  /** The body, cut at MAX_BODY_BYTES: enough for any platform envelope and an error snippet. */
  readonly text: string;
}

/** What a notification call sends: a method, its headers and a text body. */
export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** How a sender exchanges one call: fetchWithDeadline, or another transport with its contract. */
export type HttpTransport = typeof fetchWithDeadline;

/** Webhook receivers are arbitrary servers; a huge answer must not fill our memory. */
const MAX_BODY_BYTES = 1 << 20;

/** The reason an exchange is aborted at its deadline, told apart from every other failure by its class. */
class DeadlinePassed extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * The abort signal undici also takes in the form of an EventEmitter: about 0.2 µs against 10 µs for an
 * AbortController with its listener (EventTarget), paid on every send.
 */
class Deadline extends EventEmitter {
  aborted = false;
  reason: DeadlinePassed | undefined;
  readonly #timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.#timer = setTimeout(() => {
      this.aborted = true;
      this.reason = new DeadlinePassed(`no complete answer within ${ms} ms`);
      this.emit('abort');
    }, ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/**
 * One HTTP exchange with a deadline that covers the body too (the same contract as the publishing
 * clients' fetchText, with NotificationErrors). Transport failures become `timeout` and `network`,
 * a 5xx becomes `http_5xx`; every other status is the caller's to judge. Redirects are not followed.
 * With a `dispatcher` (the egress guard) connections go through it; an address it refuses is
 * `egress_refused`, a failed notification with its reason rather than a retry.
 *
 * undici's `request` rather than fetch: a send is called for every delivery, and fetch's Request, Response,
 * web streams and AbortSignal.timeout cost several times the exchange itself. Connections stay open and are
 * reused per origin by the dispatcher (undici's global one without a `dispatcher`).
 */
export async function fetchWithDeadline(
  url: URL,
  call: HttpCall,
  timeoutMs: number,
  toError: NotificationErrorFactory,
  dispatcher: Dispatcher = getGlobalDispatcher(),
): Promise<FetchedText> {
  const deadline = new Deadline(timeoutMs);
  let fetched: FetchedText;
  try {
    const path = url.pathname + url.search;
    const options = { origin: url.origin, path, ...call, signal: deadline };
    const response = await dispatcher.request(options);
    fetched = { status: response.statusCode, text: await readCapped(response.body) };
  } catch (error) {
    throw toError(transportCode(error), { cause: error });
  } finally {
    deadline.clear();
  }
  if (fetched.status >= 500) {
    throw toError(`http_${fetched.status}`, { platformMessage: fetched.text.slice(0, 200) });
  }
  return fetched;
}

export function jsonPost(body: unknown): HttpCall {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function transportCode(error: unknown): string {
  if (error instanceof DeadlinePassed) return 'timeout';
  return egressRefusalIn(error) ? 'egress_refused' : 'network';
}

/** The body as text, at most MAX_BODY_BYTES of it: past that the connection is dropped, not drained. */
function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'));
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size < MAX_BODY_BYTES) return;
      body.off('error', reject).on('error', () => {}); // the cut below is ours, not a failure
      body.destroy();
      done();
    });
    body.on('end', done);
    body.on('error', reject);
  });
}
