import { exchangeWithDeadline, type FetchedText } from '../egress/http-exchange.js';
import type { PublisherError } from './publisher-error.js';

export type { FetchedText };

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
 * One platform call: exchangeWithDeadline (the deadline covers the body; `timeout`, `network` and `http_5xx`
 * become the table's codes, so callers only deal with the platform's envelope; redirects are not followed), with
 * a form body encoded first. No cap on the body: the platforms' answers are trusted to be their envelopes.
 */
export async function fetchText(
  url: URL,
  request: PlatformRequest,
  timeoutMs: number,
  toError: PlatformErrorFactory,
): Promise<FetchedText> {
  const call = { method: request.method, ...(await encoded(request)) };
  return exchangeWithDeadline(url, call, timeoutMs, toError);
}

/** The body as bytes or text, a form encoded as fetch would (with its content type and boundary). */
async function encoded(
  request: PlatformRequest,
): Promise<{ headers: Record<string, string>; body?: string | Uint8Array }> {
  const { body } = request;
  const headers = { ...request.headers };
  if (body === undefined) return { headers };
  if (typeof body === 'string' || body instanceof Uint8Array) return { headers, body };
  const form = new Response(body);
  headers['content-type'] = form.headers.get('content-type') ?? 'application/octet-stream';
  return { headers, body: new Uint8Array(await form.arrayBuffer()) };
}
