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

/**
 * One HTTP exchange with a deadline covering the response body too. Transport failures become the table's
 * `timeout`, `network` and `http_5xx` codes, so callers only deal with the platform's envelope.
 */
export async function fetchText(
  url: URL,
  init: RequestInit,
  timeoutMs: number,
  toError: PlatformErrorFactory,
): Promise<FetchedText> {
  let fetched: FetchedText;
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    fetched = { status: response.status, text: await response.text() };
  } catch (error) {
    throw toError(isTimeout(error) ? 'timeout' : 'network', { cause: error });
  }
  if (fetched.status >= 500) {
    throw toError(`http_${fetched.status}`, { platformMessage: fetched.text.slice(0, 200) });
  }
  return fetched;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
