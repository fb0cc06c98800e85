import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { egressRefusalIn } from '../../src/adapters/egress/guarded-dispatcher.js';
import type { NotificationErrorFactory } from '../../src/adapters/notifications/notification-error-table.js';
import type { FetchedText, HttpCall } from '../../src/adapters/notifications/notification-http.js';

const MAX_BODY_BYTES = 1 << 20;

/**
 * fetchWithDeadline as it was before issue 17 (main 63fc8cc): WHATWG fetch with AbortSignal.timeout, the
 * body read through a web stream. Kept only so bench/notify-bench.ts can compare it in the same run.
 */
export async function fetchTransport(
  url: URL,
  call: HttpCall,
  timeoutMs: number,
  toError: NotificationErrorFactory,
  dispatcher?: Dispatcher,
): Promise<FetchedText> {
  let fetched: FetchedText;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const init = { ...call, redirect: 'manual', signal } as const;
    const response = dispatcher ? await undiciFetch(url, { ...init, dispatcher }) : await fetch(url, init);
    fetched = { status: response.status, text: await readCapped(response.body) };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw toError(timedOut ? 'timeout' : egressRefusalIn(error) ? 'egress_refused' : 'network', {
      cause: error,
    });
  }
  if (fetched.status >= 500) {
    throw toError(`http_${fetched.status}`, { platformMessage: fetched.text.slice(0, 200) });
  }
  return fetched;
}

async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
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
