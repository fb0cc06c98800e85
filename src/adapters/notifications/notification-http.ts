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
 */
export async function fetchWithDeadline(
  url: URL,
  init: RequestInit,
  timeoutMs: number,
  toError: NotificationErrorFactory,
): Promise<FetchedText> {
  let fetched: FetchedText;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { ...init, redirect: 'manual', signal });
    fetched = { status: response.status, text: await readCapped(response) };
  } catch (error) {
    throw toError(isTimeout(error) ? 'timeout' : 'network', { cause: error });
  }
  if (fetched.status >= 500) {
    throw toError(`http_${fetched.status}`, { platformMessage: fetched.text.slice(0, 200) });
  }
  return fetched;
}

export function jsonPost(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
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
