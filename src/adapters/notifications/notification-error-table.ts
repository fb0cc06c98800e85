import { NotificationError, type NotificationChannel, type NotificationErrorKind } from './notification.js';

export interface Classification {
  readonly kind: NotificationErrorKind;
  readonly explanation: string;
}

/** Failures below the platform's envelope, classified by every channel's table. */
export type TransportCode = 'network' | 'timeout' | 'http_5xx' | 'http_error' | 'invalid_response';

export type NotificationErrorTable = Readonly<
  Record<string, Classification> & Record<TransportCode, Classification>
>;

export const transient = (explanation: string): Classification => ({ kind: 'transient', explanation });
export const tokenProblem = (explanation: string): Classification => ({ kind: 'token', explanation });
export const permanent = (explanation: string): Classification => ({ kind: 'permanent', explanation });

/** The code itself first (so a table may single out `http_429`), then `http_5xx` / `http_error`. */
export function lookupNotificationCode(
  table: NotificationErrorTable,
  code: string,
): Classification | undefined {
  if (Object.hasOwn(table, code)) return table[code];
  if (/^http_5\d\d$/.test(code)) return table.http_5xx;
  if (/^http_\d{3}$/.test(code)) return table.http_error;
  return undefined;
}

export interface ErrorDetails {
  readonly platformMessage?: string;
  readonly cause?: unknown;
}

export type NotificationErrorFactory = (code: string, details?: ErrorDetails) => NotificationError;

/** A factory for one channel's errors, classified by that channel's `classify`. */
export function notificationErrorFactory(
  channel: NotificationChannel,
  classify: (code: string) => Classification,
): NotificationErrorFactory {
  return (code, details = {}) =>
    new NotificationError({
      channel,
      code,
      ...classify(code),
      ...(details.platformMessage === undefined ? {} : { platformMessage: details.platformMessage }),
      cause: details.cause,
    });
}
