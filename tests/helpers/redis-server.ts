import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/adapters/redis/embedded-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the redis-server this test run started; tests isolate themselves with a random key prefix. */
    redisUrl: string;
  }
}

let redis: EmbeddedRedis | undefined;
let dataDir: string | undefined;

/** globalSetup of the integration project: one real redis-server on a free port, in a temporary directory. */
export async function setup(project: TestProject): Promise<void> {
  dataDir = await mkdtemp(join(tmpdir(), 'qianfa-test-redis-'));
  redis = await startEmbeddedRedis({ dataDir });
  project.provide('redisUrl', redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
