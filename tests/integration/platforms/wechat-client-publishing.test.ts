import { afterEach, describe, expect, it } from 'vitest';
import type { WechatClient } from '../../../src/adapters/platforms/wechat/wechat-client.js';
import type { WechatPublishStatus } from '../../../src/adapters/platforms/wechat/wechat-types.js';
import type { FakeWechatServer, FakeWechatServerOptions } from '../../fakes/fake-wechat-server.js';
import { until } from '../../helpers/until.js';
import { failureOf, imageFile, ManualClock } from './platform-test-helpers.js';
import {
  ACCOUNT,
  article,
  OTHER_ACCOUNT,
  prepareDraft,
  startFakeWechat,
  wechatClientFor,
} from './wechat-test-setup.js';

describe('WechatClient publishing against FakeWechatServer', () => {
  let server: FakeWechatServer;
  let client: WechatClient;
  const clock = new ManualClock();
  /** How long a job stays in progress on the fake's clock: the tests advance past it. */
  const PUBLISH_DELAY_MS = 30;

  async function start(options: FakeWechatServerOptions = {}): Promise<void> {
    server = await startFakeWechat({ now: clock.now, publishDelayMs: PUBLISH_DELAY_MS, ...options });
    client = wechatClientFor(server);
  }

  afterEach(async () => {
    await server.close();
  });

  it('publishes a draft asynchronously: publishing, then published with the article URL', async () => {
    await start();
    const { token, draftMediaId } = await prepareDraft(client);
    const { publishId } = await client.submitPublish(token, draftMediaId);
    expect(await client.getPublishStatus(token, publishId)).toEqual({
      state: 'publishing',
      publishStatus: 1,
      publishId,
    });

    clock.advance(PUBLISH_DELAY_MS);
    const final = await pollUntilFinal(client, token, publishId);
    if (final.state !== 'published') throw new Error(`expected published, got ${final.state}`);
    expect(final.articleUrls.map((item) => item.index)).toEqual([1]);
    expect(final.articleUrls[0]?.url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    expect(server.publishedCount(ACCOUNT.appid)).toBe(1);
    expect(server.publishedArticles(ACCOUNT.appid)[0]?.articleId).toBe(final.articleId);
  });

  it('removes a published draft from the draft box, so draft/get then fails permanently with 40007', async () => {
    await start();
    const { token, draftMediaId } = await prepareDraft(client);
    await client.submitPublish(token, draftMediaId);
    clock.advance(PUBLISH_DELAY_MS);
    const error = await failureOf(client.getDraft(token, draftMediaId));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '40007', kind: 'permanent' });
    expect(error.explanation).toMatch(/已发布的草稿会从草稿箱移除/);
  });

  it('keeps msg_data_id and numeric publish_ids beyond 2^53 exact', async () => {
    await start({ firstPublishId: 9_007_199_254_740_993n, publishIdAsNumber: true });
    const { token, draftMediaId } = await prepareDraft(client);
    const submitted = await client.submitPublish(token, draftMediaId);
    expect(submitted).toEqual({ publishId: '9007199254740993', msgDataId: '2247500000000000001' });
    clock.advance(PUBLISH_DELAY_MS);
    const status = await client.getPublishStatus(token, submitted.publishId);
    expect(status).toMatchObject({ state: 'published', publishId: '9007199254740993' });
  });

  it.each([
    [
      { status: 2, failIdx: [1] },
      { state: 'originality_check_failed', publishStatus: 2, failedIndexes: [1] },
    ],
    [{ status: 3 }, { state: 'failed', publishStatus: 3, failedIndexes: [] }],
    [
      { status: 4, failIdx: [1] },
      { state: 'review_rejected', publishStatus: 4, failedIndexes: [1] },
    ],
  ] as const)(
    'maps a job ending with %o to its failure state and publishes nothing',
    async (outcome, expected) => {
      await start();
      server.injectPublishOutcome(outcome);
      const { token, draftMediaId } = await prepareDraft(client);
      const { publishId } = await client.submitPublish(token, draftMediaId);
      clock.advance(PUBLISH_DELAY_MS);
      expect(await client.getPublishStatus(token, publishId)).toEqual({ ...expected, publishId });
      expect(server.publishedCount(ACCOUNT.appid)).toBe(0);
      expect(await client.getDraft(token, draftMediaId)).toHaveLength(1); // still in the draft box
    },
  );

  it('reports articles deleted by the user (5) or banned by the platform (6) after success', async () => {
    await start();
    const { token, thumbMediaId } = await prepareDraft(client);
    const jobs = [];
    for (const title of ['第一篇', '第二篇']) {
      const draft = await client.addDraft(token, [article(thumbMediaId, { title })]);
      jobs.push((await client.submitPublish(token, draft)).publishId);
    }
    clock.advance(PUBLISH_DELAY_MS);
    server.removePublished(jobs[0] ?? '', 5);
    server.removePublished(jobs[1] ?? '', 6);
    const states = await Promise.all(
      jobs.map(async (id) => (await client.getPublishStatus(token, id)).state),
    );
    expect(states).toEqual(['deleted_by_user', 'banned_by_platform']);
  });

  it('refuses freepublish on an unverified account with permanent 48001, drafts still work', async () => {
    await start({ accounts: [{ ...ACCOUNT, verified: false }] });
    const { token, draftMediaId } = await prepareDraft(client);
    const error = await failureOf(client.submitPublish(token, draftMediaId));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '48001', kind: 'permanent' });
    expect(error.explanation).toMatch(/已认证/);
  });

  it('publishes even when the submit response is lost, which only the platform can then tell', async () => {
    await start();
    const { token, draftMediaId } = await prepareDraft(client);
    server.faults.add('/cgi-bin/freepublish/submit', { type: 'drop_connection', afterHandling: true });
    const error = await failureOf(client.submitPublish(token, draftMediaId));
    expect(error.kind).toBe('transient');
    clock.advance(PUBLISH_DELAY_MS);
    const page = await client.batchGetPublished(token, { offset: 0, count: 20 });
    expect(page.totalCount).toBe(1);
    expect(page.items[0]?.articles[0]?.title).toBe(article('').title);
    expect(server.publishedCount(ACCOUNT.appid)).toBe(1);
  });

  it('lists articles published outside qianfa (planted) newest first, without counting them as ours', async () => {
    await start();
    const { token, draftMediaId } = await prepareDraft(client);
    await client.submitPublish(token, draftMediaId);
    clock.advance(PUBLISH_DELAY_MS);
    clock.advance(1_000);
    server.plantArticle(ACCOUNT.appid, { title: '绕过签发的文章', content: '<p>未经审核</p>' });
    const page = await client.batchGetPublished(token, { offset: 0, count: 20, noContent: true });
    expect(page.items.map((item) => item.articles[0]?.title)).toEqual(['绕过签发的文章', article('').title]);
    expect(page.items[0]?.articles[0]?.content).toBe('');
    expect(server.publishedCount(ACCOUNT.appid)).toBe(1);
    expect(server.publishedArticles(ACCOUNT.appid).map((a) => a.origin)).toEqual(['api', 'planted']);
  });

  it('keeps accounts apart: one account cannot read or publish another one’s draft', async () => {
    await start();
    const mine = await prepareDraft(client);
    const { accessToken: otherToken } = await client.getStableToken(
      OTHER_ACCOUNT.appid,
      OTHER_ACCOUNT.secret,
    );
    const error = await failureOf(client.submitPublish(otherToken, mine.draftMediaId));
    expect(error.platformCode).toBe('40007');
    await client.submitPublish(mine.token, mine.draftMediaId);
    clock.advance(PUBLISH_DELAY_MS);
    expect([server.publishedCount(ACCOUNT.appid), server.publishedCount(OTHER_ACCOUNT.appid)]).toEqual([
      1, 0,
    ]);
  });

  it('counts calls per endpoint, faulted ones included', async () => {
    await start();
    const { token } = await prepareDraft(client);
    server.faults.add('/cgi-bin/media/uploadimg', { type: 'http_status', status: 500 });
    await failureOf(client.uploadImage(token, imageFile('png')));
    await client.uploadImage(token, imageFile('png'));
    expect(server.callCount('/cgi-bin/media/uploadimg')).toBe(2);
    expect(server.callCount('/cgi-bin/draft/add')).toBe(1);
    expect(server.callCount('/cgi-bin/freepublish/submit')).toBe(0);
  });
});

async function pollUntilFinal(
  client: WechatClient,
  token: string,
  publishId: string,
): Promise<WechatPublishStatus> {
  return until('the publish job to settle', async () => {
    const status = await client.getPublishStatus(token, publishId);
    return status.state !== 'publishing' && status;
  });
}
