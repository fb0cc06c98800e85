import { beforeEach, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { gatherWhenPending, RedisSharedRecovery } from '../../src/adapters/redis/redis-shared-recovery.js';
import { guardedRedisEach, KEY_SHAPES } from '../helpers/slot-guard.js';
import { until } from '../helpers/until.js';

/** A recovery that runs until `finish` is called (or fails with `fail`), counting its runs. */
function heldRecovery() {
  let finish = (): void => undefined;
  let fail = (_error: Error): void => undefined;
  const runs: string[] = [];
  const recover = (name: string) => () => {
    runs.push(name);
    return new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { recover, runs, finish: () => finish(), fail: (error: Error) => fail(error) };
}

// Processes are instances here: each has its own id, and they share the hash under one prefix.
describe.each(KEY_SHAPES)('RedisSharedRecovery, $shape', ({ hashTags }) => {
  let redis: RedisClient;
  let keys: RedisKeys;
  /** Gathering aside (its own test below): a claimed recovery begins at once, as it did before it gathered. */
  const noGathering = { gather: () => Promise.resolve() };
  const processes = (n: number) =>
    Array.from({ length: n }, () => new RedisSharedRecovery(redis, keys, noGathering));
  const starts = async () => Number(await redis.hget(keys.publishRecovery(), 'requested'));
  /** Two processes: the first's recovery is running (held) when the later one starts and is counted. */
  async function laterStartDuringFirst() {
    const [first, later] = processes(2);
    const held = heldRecovery();
    const firstDone = first!.cover(held.recover('first'));
    await until('the first recovery running', () => held.runs.length === 1);
    const laterDone = later!.cover(held.recover('later'));
    await until('the later start counted', async () => (await starts()) === 2);
    return { first: first!, held, firstDone, laterDone };
  }

  const shaped = guardedRedisEach(hashTags);
  beforeEach(() => ({ redis, keys } = shaped));

  it('runs one recovery for the starts that wait on a running one, since it begins after them', async () => {
    const [first, a, b] = processes(3);
    const held = heldRecovery();
    const firstDone = first!.cover(held.recover('first'));
    await until('the first recovery running', () => held.runs.length === 1);
    const both = Promise.all([a!.cover(held.recover('a')), b!.cover(held.recover('b'))]);
    await until('both starts counted', async () => (await starts()) === 3);
    held.finish(); // the first covered only itself: a and b started after it began
    expect(await firstDone).toBe(true);
    await until('a second recovery running', () => held.runs.length === 2);
    held.finish();
    expect((await both).sort()).toEqual([false, true]);
    expect(held.runs.slice(1)).toHaveLength(1); // a or b, not both
  });

  it('covers the starts that came while it gathered them: processes started together recover once', async () => {
    let gathered = (): void => undefined;
    const gathering = new Promise<void>((resolve) => (gathered = resolve));
    const somethingToRecover = () => Promise.resolve(true);
    const gather = gatherWhenPending(somethingToRecover, () => gathering);
    const first = new RedisSharedRecovery(redis, keys, { gather });
    const [later] = processes(1);
    const held = heldRecovery();
    const firstDone = first.cover(held.recover('first'));
    await until('the first start counted', async () => (await starts()) === 1);
    const laterDone = later!.cover(held.recover('later'));
    await until('the later start counted', async () => (await starts()) === 2);
    gathered();
    await until('the first recovery running', () => held.runs.length === 1);
    held.finish();
    expect(await firstDone).toBe(true);
    expect(await laterDone).toBe(false);
    expect(held.runs).toEqual(['first']);
  });

  it('begins at once when there is nothing to recover: the first start of an installation does not wait', async () => {
    const neverGathered = () => new Promise<void>(() => undefined);
    const gather = gatherWhenPending(() => Promise.resolve(false), neverGathered);
    const held = heldRecovery();
    const done = new RedisSharedRecovery(redis, keys, { gather }).cover(held.recover('first'));
    await until('the recovery running', () => held.runs.length === 1);
    held.finish();
    expect(await done).toBe(true);
  });

  it('skips nothing a recovery that began too early missed: a start waits, then recovers itself', async () => {
    const { held, firstDone, laterDone } = await laterStartDuringFirst();
    expect(held.runs).toEqual(['first']); // it waits while the first runs
    held.finish();
    await firstDone;
    await until('the later start recovering', () => held.runs.length === 2);
    held.finish();
    expect(await laterDone).toBe(true);
    expect(held.runs).toEqual(['first', 'later']);
  });

  it('tells a start that waits on a running recovery so at once (its worker need not wait), and only it', async () => {
    const [first, later] = processes(2);
    const held = heldRecovery();
    const told: string[] = [];
    const firstDone = first!.cover(held.recover('first'), () => told.push('first'));
    await until('the first recovery running', () => held.runs.length === 1);
    const laterDone = later!.cover(held.recover('later'), () => told.push('later'));
    await until('the later start told it waits', () => told.length === 1);
    expect(told).toEqual(['later']);
    held.finish();
    await firstDone;
    await until('the later start recovering', () => held.runs.length === 2);
    held.finish();
    expect(await laterDone).toBe(true);
    expect(told).toEqual(['later']); // once, however long it waited
  });

  it('counts a failed recovery as none: the waiting start runs its own', async () => {
    const { first, held, firstDone, laterDone } = await laterStartDuringFirst();
    held.fail(new Error('Redis went away'));
    await expect(firstDone).rejects.toThrow('Redis went away');
    await until('the later start recovering', () => held.runs.length === 2);
    held.finish();
    expect(await laterDone).toBe(true);
    // And the first's own start is still not covered: it runs again when retried.
    const retried = first.cover(held.recover('first again'));
    await until('the retry recovering', () => held.runs.length === 3);
    held.finish();
    expect(await retried).toBe(true);
  });

  it('takes over from a process that died recovering once its lease has run out', async () => {
    const [dead] = [new RedisSharedRecovery(redis, keys, { leaseMs: 300, ...noGathering })];
    const held = heldRecovery();
    void dead.cover(held.recover('dead')).catch(() => undefined);
    await until('the dead process recovering', () => held.runs.length === 1);
    // It dies: its lease is never renewed again (nor is its run finished).
    await redis.hset(keys.publishRecovery(), 'holder', 'a process that died');
    const [next] = processes(1);
    const nextDone = next!.cover(held.recover('next'));
    await until('the next start recovering', () => held.runs.length === 2);
    held.finish();
    expect(await nextDone).toBe(true);
  });
});
