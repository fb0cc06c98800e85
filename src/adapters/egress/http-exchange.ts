import { EventEmitter } from 'node:events';
import { getGlobalDispatcher, type Dispatcher } from 'undici';
import { egressRefusalIn } from './guarded-dispatcher.js';

export interface FetchedText {
  readonly status: number;
  /** The body (cut at the exchange's `maxBodyBytes`, if it has one). */
  readonly text: string;
}

/** What one call sends: a method, its headers and a body. */
export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Turns a transport failure's code (`timeout`, `network`, `egress_refused`, `http_5xx`) into the caller's error. */
export type TransportErrorFactory = (
  code: string,
  details: { readonly cause?: unknown; readonly platformMessage?: string },
) => Error;

/** The reason an exchange is aborted at its deadline, told apart from every other failure by its class. */
class DeadlinePassed extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * The abort signal undici also takes in the form of an EventEmitter: about 0.2 µs against 10 µs for an
 * AbortController with its listener (EventTarget), paid on every call.
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
 * One HTTP exchange with a deadline that covers the body too, for the notification senders and the publishing
 * clients alike. Transport failures become `timeout` and `network`, a 5xx becomes `http_5xx` (with a snippet);
 * every other status is the caller's to judge. Redirects are not followed. With a `dispatcher` (the egress guard)
 * connections go through it; an address it refuses is `egress_refused`. With `maxBodyBytes`, a longer body is cut
 * there and the connection dropped.
 *
 * undici's `request` rather than fetch: fetch's Request, Response, web streams and AbortSignal.timeout cost
 * several times the exchange itself. Connections stay open and are reused per origin by the dispatcher (undici's
 * global one without a `dispatcher`).
 */
export async function exchangeWithDeadline(
  url: URL,
  call: HttpCall,
  timeoutMs: number,
  toError: TransportErrorFactory,
  options: { dispatcher?: Dispatcher; maxBodyBytes?: number } = {},
): Promise<FetchedText> {
  const { dispatcher = getGlobalDispatcher(), maxBodyBytes = Infinity } = options;
  const deadline = new Deadline(timeoutMs);
  let fetched: FetchedText;
  try {
    const path = url.pathname + url.search;
    const request = { origin: url.origin, path, ...call, signal: deadline };
    const response = await dispatcher.request(request);
    fetched = { status: response.statusCode, text: await readCapped(response.body, maxBodyBytes) };
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

function transportCode(error: unknown): string {
  if (error instanceof DeadlinePassed) return 'timeout';
  return egressRefusalIn(error) ? 'egress_refused' : 'network';
}

/** The body as text, at most `maxBytes` of it: past that the connection is dropped, not drained. */
function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'));
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size < maxBytes) return;
      body.off('error', reject).on('error', () => {}); // the cut below is ours, not a failure
      body.destroy();
      done();
    });
    body.on('end', done);
    body.on('error', reject);
  });
}
