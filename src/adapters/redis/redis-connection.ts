import { onceUntilRecovered, stderrLogger } from '../logging/pino-logger.js';
import type { Logger } from '../../services/ports/logger.js';
import { Redis } from 'ioredis';

/** Raised when Redis cannot be reached at start-up. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

const COMMAND_TIMEOUT_MS = 5_000;

/**
 * Connects and resolves once Redis is ready. Options chosen so a request never waits on a dead Redis:
 * - `enableOfflineQueue: false`: while disconnected, commands fail at once (the HTTP layer answers 503)
 *   instead of queueing silently and replaying writes minutes later;
 * - `autoResendUnfulfilledCommands: false`: a write whose reply was lost is not sent twice after a reconnect;
 * - `commandTimeout`: a hung Redis turns into an error, not a hung request.
 * The client still reconnects in the background, so /readyz recovers when Redis does.
 */
export async function connectRedis(url: string, logger: Logger = stderrLogger()): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: COMMAND_TIMEOUT_MS,
  });
  // The first connection's failure is thrown below, as RedisUnavailableError; later ones are logged.
  const reportedByConnect = (): void => {};
  client.on('error', reportedByConnect);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new RedisUnavailableError(`无法连接 Redis（${redactUrl(url)}）：${(error as Error).message}`, {
      cause: error,
    });
  }
  client.off('error', reportedByConnect);
  // Commands and /readyz report a lost connection to their callers; the log gets it once per outage, not per retry.
  const outage = onceUntilRecovered(logger, 'redis connection error', { redis: redactUrl(url) });
  client.on('error', outage.onError);
  client.on('ready', outage.recovered);
  return client;
}

/** True when Redis answers PING; never throws (used by /readyz). */
export async function pingRedis(client: Redis): Promise<boolean> {
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}
