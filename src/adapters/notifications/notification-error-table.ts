import type { ErrorClassification } from '../platforms/publisher-error.js';

export type { ErrorClassification } from '../platforms/publisher-error.js';
import { NotificationError, type NotificationChannel } from './notification.js';

// Channels classify their codes with the same table mechanism as the platforms.
export { lookupCode, permanent, tokenProblem, transient } from '../platforms/platform-error-table.js';
export type { ErrorTable, TransportCode } from '../platforms/platform-error-table.js';

export interface ErrorDetails {
  readonly platformMessage?: string;
  readonly cause?: unknown;
}

export type NotificationErrorFactory = (code: string, details?: ErrorDetails) => NotificationError;

/** A factory for one channel's errors, classified by that channel's `classify`. */
export function notificationErrorFactory(
  channel: NotificationChannel,
  classify: (code: string) => ErrorClassification,
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
