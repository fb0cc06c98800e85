import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/adapters/redis/embedded-redis.js';
import { recordLease } from '../../src/adapters/redis/shared-embedded-redis.js';
import { runDir } from './run-dirs.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the redis-server this test run started; tests isolate themselves with a random key prefix. */
    redisUrl: string;
  }
}

let redis: EmbeddedRedis | undefined;
let dataDir: string | undefined;

/**
 * globalSetup of the integration project: one real redis-server on a free port, in a temporary directory. Its lease
 * there names it, so that the next run stops it if this one is killed (tests/helpers/run-dirs.ts).
 */
export async function setup(project: TestProject): Promise<void> {
  dataDir = runDir('test-redis');
  redis = await startEmbeddedRedis({ dataDir });
  await recordLease(dataDir, redis);
  project.provide('redisUrl', redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
