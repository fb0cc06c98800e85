import type { RequestHandler } from 'express';
import type { Services } from '../composition.js';
import { loggerFrom } from '../adapters/logging/pino-logger.js';
import { gateConfigOf, type GateOptions } from './gate-options.js';

export { GateOptionsError, type GateOptions } from './gate-options.js';

/**
 * Everything `qianfa serve` answers (the app from `createApp`) as an Express request handler, for
 * `app.use('/qianfa', gate)` in the host's own application. It is an Express sub-application, so once mounted
 * it inherits the host's settings (`trust proxy`, …).
 */
export interface Gate extends RequestHandler {
  /**
   * Stops this gate's workers, queues and check threads, quits its Redis connections and stops the embedded
   * redis-server if it started one. Never touches what the host owns (its server, its own connections). Calling it again is harmless.
   */
  close(): Promise<void>;
  /** Every service, for hosts that add organisations, people or accounts in code. */
  readonly services: Services;
  /** Present when this start created the `default` organisation and its `admin`: that admin's token, once. */
  readonly firstAdminToken?: string;
}

/**
 * Builds the gate from options (never the environment): connects to Redis (or starts the embedded one), loads
 * the word lists and workflows, bootstraps the first admin on an empty store, and starts the workers unless
 * `worker: false`. Throws GateOptionsError on invalid options, before anything is opened.
 *
 * @example
 * const gate = await createGate({ publicUrl: 'https://www.example.gov.cn/qianfa', redisUrl: 'redis://…' });
 * app.use('/qianfa', gate);
 */
export async function createGate(options: GateOptions): Promise<Gate> {
  const { config, publicUrl } = gateConfigOf(options);
  // Loaded on demand, so `import { createChecker } from 'qianfa'` does not load Express, Redis and the queues.
  const { assembleService } = await import('../server.js');
  // The host logs its own requests; qianfa adds its lines only to a host logger that takes info.
  const requestLogger = options.logger?.info ? loggerFrom(options.logger) : undefined;
  const started = await assembleService(config, () => publicUrl, options.logger, requestLogger);
  let closing: Promise<void> | undefined;
  return Object.assign(started.app, {
    services: started.services,
    close: (): Promise<void> => (closing ??= started.close()),
    ...(started.firstAdminToken === undefined ? {} : { firstAdminToken: started.firstAdminToken }),
  });
}
