import { afterEach, describe, expect, it } from 'vitest';
import { PublisherError } from '../../../src/adapters/platforms/publisher-error.js';
import { createSeededRandom } from '../../fakes/fault-injection.js';
import type { FakeWechatServer, FakeWechatServerOptions } from '../../fakes/fake-wechat-server.js';
import { failureOf, ManualClock } from './platform-test-helpers.js';
import { ACCOUNT, prepareDraft, startFakeWechat, wechatClientFor } from './wechat-test-setup.js';

/** Outcome of each of `count` calls: 'ok' or the error's platform code. */
async function outcomes(count: number, call: () => Promise<unknown>): Promise<string[]> {
  const results: string[] = [];
  for (let index = 0; index < count; index += 1) {
    results.push(
      await call().then(
        () => 'ok',
        (error: unknown) => (error instanceof PublisherError ? error.platformCode : String(error)),
      ),
    );
  }
  return results;
}

describe('fault injection in the fake servers', () => {
  let started: FakeWechatServer[] = [];

  async function start(options: FakeWechatServerOptions = {}): Promise<FakeWechatServer> {
    const server = await startFakeWechat(options);
    started.push(server);
    return server;
  }

  afterEach(async () => {
    await Promise.all(started.map((server) => server.close()));
    started = [];
  });

  it('fires a rule N times, then lets calls through', async () => {
    const server = await start();
    const client = wechatClientFor(server);
    const { token } = await prepareDraft(client);
    server.faults.add('/cgi-bin/freepublish/batchget', { type: 'error_code', code: 45011 }, { times: 2 });
    const call = () => client.batchGetPublished(token, { offset: 0, count: 1 });
    expect(await outcomes(4, call)).toEqual(['45011', '45011', 'ok', 'ok']);
  });

  it('fires by probability from the injected seeded random, identically on every run', async () => {
    const runOnce = async (): Promise<string[]> => {
      const seeded = await start({ random: createSeededRandom(42) });
      const client = wechatClientFor(seeded);
      const { token } = await prepareDraft(client);
      seeded.faults.add('*', { type: 'error_code', code: -1 }, { probability: 0.3 });
      const results = await outcomes(40, () => client.batchGetPublished(token, { offset: 0, count: 1 }));
      return results;
    };
    const first = await runOnce();
    const second = await runOnce();
    expect(second).toEqual(first);
    const failures = first.filter((result) => result === '-1').length;
    expect(failures).toBeGreaterThan(4); // about 12 expected; both bounds catch a rule that never or always fires
    expect(failures).toBeLessThan(24);
  });

  it('applies "*" rules to every endpoint, the token endpoints included', async () => {
    const server = await start();
    server.faults.add('*', { type: 'http_status', status: 503 }, { times: 1 });
    const client = wechatClientFor(server);
    const error = await failureOf(client.getStableToken(ACCOUNT.appid, ACCOUNT.secret));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: 'http_503', kind: 'transient' });
    await expect(client.getStableToken(ACCOUNT.appid, ACCOUNT.secret)).resolves.toBeDefined();
  });

  it('with afterHandling, lets the work happen and then makes the client time out', async () => {
    const clock = new ManualClock();
    const server = await start({ now: clock.now, publishDelayMs: 30 });
    const { token, draftMediaId } = await prepareDraft(wechatClientFor(server));
    server.faults.add('/cgi-bin/freepublish/submit', { type: 'hang', afterHandling: true });
    const error = await failureOf(wechatClientFor(server, 40).submitPublish(token, draftMediaId));
    expect(error.platformCode).toBe('timeout');
    clock.advance(30);
    expect(server.publishedCount(ACCOUNT.appid)).toBe(1);
  });

  it('with afterHandling, answers a platform error although the work was done', async () => {
    const clock = new ManualClock();
    const server = await start({ now: clock.now, publishDelayMs: 30 });
    const client = wechatClientFor(server);
    const { token, draftMediaId } = await prepareDraft(client);
    server.faults.add('/cgi-bin/freepublish/submit', { type: 'error_code', code: -1, afterHandling: true });
    expect((await failureOf(client.submitPublish(token, draftMediaId))).platformCode).toBe('-1');
    clock.advance(30);
    expect(server.publishedCount(ACCOUNT.appid)).toBe(1);
  });

  it('clears every rule at once', async () => {
    const server = await start();
    server.faults.add('*', { type: 'drop_connection' }, { times: 100 });
    server.faults.clear();
    await expect(
      wechatClientFor(server).getStableToken(ACCOUNT.appid, ACCOUNT.secret),
    ).resolves.toBeDefined();
  });
});
