import type { ErrorClassification } from './publisher-error.js';

/** Codes for failures below the platform's envelope; every platform table classifies them too. */
export type TransportCode = 'network' | 'timeout' | 'http_5xx' | 'http_error' | 'invalid_response';

/** One platform's codes (errcode / error_code as strings) plus the transport codes. */
export type ErrorTable = Readonly<
  Record<string, ErrorClassification> & Record<TransportCode, ErrorClassification>
>;

export const transient = (explanation: string): ErrorClassification => ({ kind: 'transient', explanation });
export const tokenProblem = (explanation: string): ErrorClassification => ({ kind: 'token', explanation });
export const permanent = (explanation: string): ErrorClassification => ({ kind: 'permanent', explanation });

/**
 * The code itself first (so a table may single out e.g. `http_429`), then `http_503` and the like as `http_5xx`,
 * any other `http_NNN` as `http_error`.
 */
export function lookupCode(table: ErrorTable, code: string): ErrorClassification | undefined {
  if (Object.hasOwn(table, code)) return table[code];
  if (/^http_5\d\d$/.test(code)) return table.http_5xx;
  if (/^http_\d{3}$/.test(code)) return table.http_error;
  return undefined;
}
