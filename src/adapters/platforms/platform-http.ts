import { request as undiciRequest } from 'undici';
import type { PublisherError } from './publisher-error.js';

export interface FetchedText {
  readonly status: number;
  readonly text: string;
}

export type PlatformErrorFactory = (
  code: string,
  details: { readonly cause?: unknown; readonly platformMessage?: string },
) => PublisherError;

/** An image to upload: the bytes, a file name with the right extension, and its MIME type. */
export interface ImageFile {
  readonly data: Uint8Array;
  readonly filename: string;
  readonly contentType: string;
}

/** Multipart body with the image under `fileField` plus plain text fields. */
export function imageFormData(
  fileField: string,
  image: ImageFile,
  fields: Readonly<Record<string, string>> = {},
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append(fileField, new Blob([image.data], { type: image.contentType }), image.filename);
  return form;
}

/** What a platform call sends: a method, headers, and a body (a multipart form or URL-encoded one is encoded). */
export interface PlatformRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | FormData | URLSearchParams;
}

/**
 * One HTTP exchange with a deadline covering the response body too. Transport failures become the table's
 * `timeout`, `network` and `http_5xx` codes, so callers only deal with the platform's envelope. Redirects are
 * not followed (the platforms' APIs answer where they are asked).
 *
 * undici's `request` rather than fetch: every publication makes several calls, and fetch's Request, Response and
 * web streams cost several times the exchange itself (a quarter of a publish worker's CPU). Connections stay open
 * and are reused per origin by undici's global dispatcher.
 */
export async function fetchText(
  url: URL,
  request: PlatformRequest,
  timeoutMs: number,
  toError: PlatformErrorFactory,
): Promise<FetchedText> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DeadlinePassed(timeoutMs)), timeoutMs);
  let fetched: FetchedText;
  try {
    const { headers, body } = await encoded(request);
    const response = await undiciRequest(url, {
      method: request.method,
      headers,
      body,
      signal: deadline.signal,
    });
    fetched = { status: response.statusCode, text: await response.body.text() };
  } catch (error) {
    throw toError(isTimeout(error) ? 'timeout' : 'network', { cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (fetched.status >= 500) {
    throw toError(`http_${fetched.status}`, { platformMessage: fetched.text.slice(0, 200) });
  }
  return fetched;
}

/** The deadline's reason, told apart from every other failure by its name. */
class DeadlinePassed extends Error {
  override readonly name = 'TimeoutError';
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

/** The body as bytes or text, a form encoded as fetch would (with its content type and boundary). */
async function encoded(
  request: PlatformRequest,
): Promise<{ headers: Record<string, string>; body: string | Uint8Array | null }> {
  const { body } = request;
  const headers = { ...request.headers };
  if (body === undefined) return { headers, body: null };
  if (typeof body === 'string' || body instanceof Uint8Array) return { headers, body };
  const form = new Response(body);
  headers['content-type'] = form.headers.get('content-type') ?? 'application/octet-stream';
  return { headers, body: new Uint8Array(await form.arrayBuffer()) };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
