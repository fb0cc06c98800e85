import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../services/ports/logger.js';
import { stderrLogger } from '../logging/pino-logger.js';
import { startEmbeddedRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from './embedded-redis.js';

/** An embedded redis-server that is started again, on the same port and files, whenever it dies. */
export interface SupervisedRedis {
  url: string;
  /** The pid of the redis-server running now. */
  pid(): number;
  /** Stops supervising, then stops Redis (waiting for a restart under way, so none is left running). */
  stop(): Promise<void>;
}

export interface RedisRestart {
  /** Why it went down: `signal SIGKILL`, `exit code 1`. */
  reason: string;
  /** Starts tried, the successful one included. */
  attempts: number;
  downMs: number;
  pid: number;
}

export interface SupervisionOptions extends EmbeddedRedisOptions {
  /** Called once Redis runs again (and answers PING); clients reconnect by themselves. */
  onRestarted?: (restart: RedisRestart) => void;
  /** First delay before a restart, doubling per failed start up to `maxBackoffMs`. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  logger?: Logger;
}

/**
 * Supervises the embedded redis-server: when it dies (killed, out of memory, a crash) it is started again with
 * backoff on the same port, password and data directory, so it reloads its AOF and every acknowledged write,
 * and the service's connections come back without a restart of qianfa. Until then requests get 503 and
 * /readyz says not ready.
 */
export async function superviseEmbeddedRedis(options: SupervisionOptions): Promise<SupervisedRedis> {
  const logger = options.logger ?? stderrLogger();
  let current = await startEmbeddedRedis(options);
  const port = Number(new URL(current.url).port);
  const stopping = new AbortController();
  let restarting: Promise<void> | undefined;

  const watch = (redis: EmbeddedRedis): void =>
    void redis.exited.then((reason) => {
      if (!stopping.signal.aborted) restarting = restart(reason);
    });

  async function restart(reason: string): Promise<void> {
    const downAt = Date.now();
    logger.error('embedded redis-server died, restarting', { reason, port });
    for (let attempt = 1; !stopping.signal.aborted; attempt += 1) {
      const delay = Math.min(
        options.maxBackoffMs ?? 30_000,
        (options.firstBackoffMs ?? 200) * 2 ** (attempt - 1),
      );
      await sleep(delay, undefined, { signal: stopping.signal }).catch(() => undefined);
      if (stopping.signal.aborted) return;
      try {
        current = await startEmbeddedRedis({ ...options, port });
      } catch (error) {
        logger.error('embedded redis-server did not start', { attempt, error: (error as Error).message });
        continue;
      }
      watch(current);
      const restarted = { reason, attempts: attempt, downMs: Date.now() - downAt, pid: current.pid };
      logger.warn('embedded redis-server restarted', { ...restarted });
      options.onRestarted?.(restarted);
      return;
    }
  }

  watch(current);
  return {
    url: current.url,
    pid: () => current.pid,
    async stop() {
      stopping.abort();
      await restarting;
      await current.stop();
    },
  };
}
