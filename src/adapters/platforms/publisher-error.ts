import type { Platform } from '../../domain/accounts.js';

/**
 * How the caller should react:
 * - `transient`: retry with backoff (network, timeout, 5xx, rate limits, "busy"). For calls that create
 *   something (freepublish/submit, statuses/share) a timeout or dropped connection leaves the outcome
 *   unknown: ask the platform whether it happened before sending again.
 * - `token`: fetch a fresh access token once, then retry.
 * - `permanent`: retrying cannot help (content rejected, permission missing, bad request): fail at once.
 */
export type PublisherErrorKind = 'transient' | 'token' | 'permanent';

/** A classified code with the Chinese text shown to editors and admins. */
export interface ErrorClassification {
  readonly kind: PublisherErrorKind;
  readonly explanation: string;
}

export interface PublisherErrorInit extends ErrorClassification {
  readonly platform: Platform;
  /** The platform's errcode / error_code as a string, or a transport code: `timeout`, `network`, `http_503`, … */
  readonly platformCode: string;
  /** The platform's own message (errmsg / error), kept for logs; never shown instead of `explanation`. */
  readonly platformMessage?: string;
  readonly cause?: unknown;
}

/** A failed platform call, classified once by the platform's error-code table. */
export class PublisherError extends Error {
  override readonly name = 'PublisherError';
  readonly platform: Platform;
  readonly platformCode: string;
  readonly kind: PublisherErrorKind;
  readonly explanation: string;

  constructor(init: PublisherErrorInit) {
    const detail = init.platformMessage ? `（${init.platformMessage}）` : '';
    super(`${init.platform} ${init.platformCode}：${init.explanation}${detail}`, { cause: init.cause });
    this.platform = init.platform;
    this.platformCode = init.platformCode;
    this.kind = init.kind;
    this.explanation = init.explanation;
  }
}

export type PublisherErrorFields = Pick<
  PublisherError,
  'name' | 'platform' | 'platformCode' | 'kind' | 'explanation'
>;

/** True for a PublisherError, also one that crossed a serialisation boundary (a queue job) and lost its class. */
export function isPublisherError(error: unknown): error is PublisherErrorFields {
  if (error instanceof PublisherError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as Record<string, unknown>;
  return fields['name'] === 'PublisherError' && typeof fields['kind'] === 'string';
}
