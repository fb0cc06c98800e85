import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../../src/adapters/crypto/secret-box.js';
import type { RedisClient } from '../../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { PublisherError } from '../../../src/adapters/platforms/publisher-error.js';
import {
  readDefaultCover,
  WechatPublisher,
} from '../../../src/adapters/platforms/wechat/wechat-publisher.js';
import { WechatCoverCache } from '../../../src/adapters/platforms/wechat/wechat-cover-cache.js';
import { WechatTokenCache } from '../../../src/adapters/platforms/wechat/wechat-token-cache.js';
import { connectRedis } from '../../../src/adapters/redis/redis-connection.js';
import type { RedisKeys } from '../../../src/adapters/redis/redis-keys.js';
import type { PublicationProgress } from '../../../src/domain/publishing/publication.js';
import type { PublishItem } from '../../../src/services/ports/publishing.js';
import type { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { deleteKeys, randomKeys } from '../../helpers/redis-test-keys.js';
import { TestClock } from '../../helpers/test-clock.js';
import { ACCOUNT, startFakeWechat, wechatClientFor } from './wechat-test-setup.js';

const ITEM: PublishItem = {
  draft: 'd1',
  version: 1,
  target: 'wechat:崇川发布',
  account: {
    org: 'cc',
    platform: 'wechat',
    name: '崇川发布',
    appid: ACCOUNT.appid,
    createdAt: '2026-11-01T00:00:00Z',
  },
  secret: ACCOUNT.secret,
  final: { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动。', tail: '拟稿：张三' },
  content: { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动。', targets: ['wechat:崇川发布'] },
};

/**
 * The publisher's waits run on its injected clock and sleep: here one TestClock shared with the fake WeChat, so
 * a job that takes a second to publish is polled through in no real time, and the outcome never depends on speed.
 */
describe('WechatPublisher on an injected clock', () => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let server: FakeWechatServer;
  let clock: TestClock;

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys();
    clock = new TestClock();
  });

  afterEach(async () => {
    await server.close();
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  async function publisherFor(publishDelayMs: number): Promise<WechatPublisher> {
    server = await startFakeWechat({ now: () => clock.now().getTime(), publishDelayMs });
    const client = wechatClientFor(server);
    return new WechatPublisher({
      client,
      tokens: new WechatTokenCache(redis, keys, client, new SecretBox(randomBytes(32))),
      cover: await readDefaultCover(),
      covers: new WechatCoverCache(redis, keys),
      timeoutMs: 5_000,
      imageAllowHosts: [],
      confirmAfterMs: 60_000,
      pollDelaysMs: [200, 400, 800, 1600],
      now: clock.now,
      sleep: clock.sleep,
    });
  }

  function saving() {
    const saved: PublicationProgress[] = [];
    return { saved, save: (progress: PublicationProgress) => Promise.resolve(void saved.push(progress)) };
  }

  it('polls a job in progress until it settles, pausing on its clock', async () => {
    const publisher = await publisherFor(1_000);
    const started = clock.now().getTime();
    const outcome = await publisher.publish(ITEM, {}, saving().save);
    expect(outcome.ids['article_id']).toBe(server.publishedArticles(ACCOUNT.appid)[0]?.articleId);
    // Polled at 0, 200, 600 and 1400 ms after the submit: the fourth poll finds the job settled.
    expect(server.callCount('/cgi-bin/freepublish/get')).toBe(4);
    expect(clock.now().getTime() - started).toBe(1_400);
  });

  it('hands a job still in progress after every poll back to the queue as transient', async () => {
    const publisher = await publisherFor(10_000);
    const error = await publisher.publish(ITEM, {}, saving().save).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublisherError);
    expect((error as PublisherError).kind).toBe('transient');
    expect(server.callCount('/cgi-bin/freepublish/get')).toBe(5);
  });

  it('after a lost submit answer, asks WeChat instead of submitting again until the job shows on its clock', async () => {
    const publisher = await publisherFor(1_000);
    server.faults.add('/cgi-bin/freepublish/submit', { type: 'drop_connection', afterHandling: true });
    const { saved, save } = saving();
    await expect(publisher.publish(ITEM, {}, save)).rejects.toBeInstanceOf(PublisherError);
    const resumeFrom = saved.at(-1) ?? {};
    expect(resumeFrom['submitted_at']).toBe(String(clock.now().getTime()));
    // The job has not settled yet and confirmAfterMs has not passed: not found, not submitted again.
    const early = await publisher.publish(ITEM, resumeFrom, save).catch((e: unknown) => e as PublisherError);
    expect(early).toMatchObject({ kind: 'transient', platformCode: 'submit_unconfirmed' });
    clock.advance(1_000);
    const outcome = await publisher.publish(ITEM, resumeFrom, save);
    expect(outcome.ids['article_id']).toBe(server.publishedArticles(ACCOUNT.appid)[0]?.articleId);
    expect([server.callCount('/cgi-bin/freepublish/submit'), server.publishedCount(ACCOUNT.appid)]).toEqual([
      1, 1,
    ]);
  });

  it('after a lost submit answer, does not take another article with the same (shared) cover for its own', async () => {
    const publisher = await publisherFor(1_000);
    const other = { ...ITEM, draft: 'd0', final: { ...ITEM.final, title: '另一篇通知' } };
    await publisher.publish(other, {}, saving().save);
    server.faults.add('/cgi-bin/freepublish/submit', { type: 'drop_connection', afterHandling: true });
    const { saved, save } = saving();
    await expect(publisher.publish(ITEM, {}, save)).rejects.toBeInstanceOf(PublisherError);
    const resumeFrom = saved.at(-1) ?? {};
    const [listed] = server.publishedArticles(ACCOUNT.appid);
    expect(listed?.items[0]?.thumb_media_id).toBe(resumeFrom['thumb_media_id']);
    // Only the other article is listed yet, published moments ago with the same cover: not ours.
    const early = await publisher.publish(ITEM, resumeFrom, save).catch((e: unknown) => e as PublisherError);
    expect(early).toMatchObject({ kind: 'transient', platformCode: 'submit_unconfirmed' });
    clock.advance(1_000);
    const outcome = await publisher.publish(ITEM, resumeFrom, save);
    expect(outcome.ids['article_id']).toBe(server.publishedArticles(ACCOUNT.appid)[1]?.articleId);
    expect(server.callCount('/cgi-bin/material/add_material')).toBe(1);
  });
});
