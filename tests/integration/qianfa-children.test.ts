import { describe, expect, inject, it } from 'vitest';
import { randomKeys } from '../helpers/redis-test-keys.js';
import { spawnQianfa } from '../helpers/run-qianfa.js';
import {
  isAlive,
  leasedRedisPid,
  serve,
  stopServedAfterEachTest,
  tempDataDir,
} from '../helpers/spawn-serve.js';
import { until } from '../helpers/until.js';

stopServedAfterEachTest();

/**
 * A test that ends without stopping the qianfa processes it started (a failed assertion, a timeout) leaves none
 * running: the next test finds them, and the redis-server a `qianfa serve` started, gone.
 */
describe('qianfa processes a test leaves running', () => {
  const left: number[] = [];

  it('starts a server (with its own Redis) and a worker, and leaves them running', async () => {
    const dataDir = tempDataDir();
    const served = await serve(dataDir);
    const env = { ...process.env, REDIS_URL: inject('redisUrl'), QIANFA_REDIS_PREFIX: randomKeys().prefix };
    const worker = spawnQianfa(['worker'], env);
    let out = '';
    worker.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    await until('the worker started', () => out.includes('发布进程已启动'));
    left.push(served.child.pid!, leasedRedisPid(dataDir), worker.pid!);
  });

  it('finds them stopped when the next test starts', () => {
    expect(left).toHaveLength(3);
    expect(left.filter(isAlive)).toEqual([]);
  });
});
