import type { Platform } from '../../domain/accounts.js';
import type { FailureKind, PlatformFailure } from '../../domain/platform-failure.js';

/** How the caller should react (see FailureKind). */
export type PublisherErrorKind = FailureKind;

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
export class PublisherError extends Error implements PlatformFailure {
  override readonly name = 'PublisherError';
  readonly platform: Platform;
  readonly platformCode: string;
  /** The same as platformCode, under the name every PlatformFailure has. */
  readonly code: string;
  readonly kind: PublisherErrorKind;
  readonly explanation: string;

  constructor(init: PublisherErrorInit) {
    const detail = init.platformMessage ? `（${init.platformMessage}）` : '';
    super(`${init.platform} ${init.platformCode}：${init.explanation}${detail}`, { cause: init.cause });
    this.platform = init.platform;
    this.platformCode = init.platformCode;
    this.code = init.platformCode;
    this.kind = init.kind;
    this.explanation = init.explanation;
  }
}
