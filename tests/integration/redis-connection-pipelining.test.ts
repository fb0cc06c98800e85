import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { duplicateQueuing } from '../../src/adapters/redis/redis-client.js';
import { withScripts } from '../../src/adapters/redis/redis-scripts.js';

// The service's connection sends the commands issued in one turn of the event loop in one socket write (issue 17:
// one write per command was a quarter of a submission's CPU), in the order they were issued.

const KEY = 'test:pipelining:counter';
let redis: Redis;

beforeAll(async () => {
  redis = (await connectRedis(inject('redisUrl'))) as Redis;
});

afterAll(async () => {
  await redis.del(KEY);
  redis.disconnect();
});

/** Counts the socket writes `client` makes while `work` runs. */
async function writesDuring(client: Redis, work: () => Promise<unknown>): Promise<number> {
  const stream = client.stream;
  const write = stream.write.bind(stream);
  let writes = 0;
  stream.write = ((...args: Parameters<typeof write>) => {
    writes += 1;
    return write(...args);
  }) as typeof stream.write;
  try {
    await work();
  } finally {
    stream.write = write;
  }
  return writes;
}

describe('the service connection', () => {
  it('sends the commands issued in one tick in one write, each answered in the order issued', async () => {
    await redis.del(KEY);
    let replies: unknown[] = [];
    const writes = await writesDuring(redis, async () => {
      replies = await Promise.all([
        redis.incr(KEY),
        redis.incr(KEY),
        redis.get(KEY),
        redis.call('INCRBY', KEY, 10),
      ]);
    });
    expect(writes).toBe(1);
    expect(replies).toEqual([1, 2, '2', 12]);
  });

  // ioredis copies the client's defined commands into a pipeline when it makes one: a command defined later was
  // missing from the turn's pipeline, its call failed, ioredis then threw while answering that pipeline and every
  // command queued behind it waited forever (publishing.test.ts hung so, when the audit writer made a group script).
  it('answers a script first used while the turn has commands waiting, and every command after it', async () => {
    await redis.set(KEY, 'first');
    const waiting = redis.get(KEY);
    const script = withScripts(redis, { qianfaTestRead: "return redis.call('GET', KEYS[1])" });
    const read = script.qianfaTestRead(1, KEY);
    await new Promise((resolve) => setImmediate(resolve)); // the turn's pipeline is on its way
    const queuedBehind = redis.get(KEY);
    expect(await read).toBe('first');
    expect(await Promise.all([waiting, queuedBehind, redis.get(KEY)])).toEqual(['first', 'first', 'first']);
  });

  it('keeps one write per command on a queuing duplicate (it carries blocking reads)', async () => {
    const queuing = duplicateQueuing(redis) as Redis;
    try {
      await queuing.ping();
      const writes = await writesDuring(queuing, () => Promise.all([queuing.get(KEY), queuing.get(KEY)]));
      expect(writes).toBe(2);
    } finally {
      queuing.disconnect();
    }
  });
});
