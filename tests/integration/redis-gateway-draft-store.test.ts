import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { RedisGatewayDraftStore } from '../../src/adapters/redis/redis-gateway-draft-store.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import type { GatewayDraft } from '../../src/domain/gateway/gateway-draft.js';
import { guardedRedisEach, KEY_SHAPES } from '../helpers/slot-guard.js';

const CHONGCHUAN = { org: 'cc', target: 'wechat:崇川发布' } as const;
const HAIMEN = { org: 'cc', target: 'wechat:海门发布' } as const;

function entry(mediaId: string, minute: number, account: typeof CHONGCHUAN | typeof HAIMEN = CHONGCHUAN) {
  const at = new Date(Date.UTC(2026, 11, 5, 8, minute)).toISOString();
  return {
    mediaId,
    ...account,
    credential: 'qf01',
    person: 'p1',
    article: {
      title: mediaId,
      author: '',
      digest: '',
      content: '<p>正文</p>',
      content_source_url: '',
      thumb_media_id: '',
      need_open_comment: 0,
      only_fans_can_comment: 0,
    },
    revision: 1,
    createdAt: at,
    updatedAt: at,
  } satisfies GatewayDraft;
}

describe.each(KEY_SHAPES)('RedisGatewayDraftStore per-account lists, $shape', ({ hashTags }) => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let store: RedisGatewayDraftStore;
  const ids = (page: { entries: GatewayDraft[] }) => page.entries.map((e) => e.mediaId);

  const shaped = guardedRedisEach(hashTags);
  beforeEach(() => {
    ({ redis, keys } = shaped);
    store = new RedisGatewayDraftStore(redis, keys);
  });

  it('pages an account’s box latest change first, and moves a published entry to its published list', async () => {
    for (const [mediaId, minute] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const) {
      await store.add(entry(mediaId, minute));
    }
    await store.add(entry('h', 4, HAIMEN));
    const submitted = {
      ...entry('a', 5),
      submission: { reviewDraftId: 'd1', publishId: '2000000001', hash: 'x' },
    };
    expect(await store.save(submitted, 1)).toBe('saved');
    const box = await store.listByAccount(CHONGCHUAN, 'box', { offset: 0, count: 2 });
    expect([box.total, ids(box)]).toEqual([3, ['a', 'c']]);
    expect(ids(await store.listByAccount(CHONGCHUAN, 'box', { offset: 2, count: 20 }))).toEqual(['b']);
    expect((await store.submittedOf(CHONGCHUAN)).map((e) => e.mediaId)).toEqual(['a']);

    const article = { ...submitted.article, content: '<p>正文</p><p>拟稿：王五</p>' };
    const published = { articleId: 'art-1', url: 'https://mp.weixin.qq.com/s/1', publishedAt: '', article };
    await store.markPublished({
      ...submitted,
      published: { ...published, publishedAt: submitted.updatedAt },
    });
    expect(ids(await store.listByAccount(CHONGCHUAN, 'box', { offset: 0, count: 20 }))).toEqual(['c', 'b']);
    expect(ids(await store.listByAccount(CHONGCHUAN, 'published', { offset: 0, count: 20 }))).toEqual(['a']);
    expect(await store.submittedOf(CHONGCHUAN)).toEqual([]);
    expect((await store.byArticleId('art-1'))?.published?.article.content).toContain('拟稿');
    expect(await store.delete('c')).toBe(true);
    expect(await store.listByAccount(CHONGCHUAN, 'box', { offset: 0, count: 20 })).toMatchObject({
      total: 1,
    });
    expect(ids(await store.listByAccount(HAIMEN, 'box', { offset: 0, count: 20 }))).toEqual(['h']);
  });

  // A Cluster installation (hashTags) starts with the lists: it has no entries from before them.
  it.skipIf(hashTags)('lists entries stored before the per-account lists existed', async () => {
    const earlier = { ...entry('old', 1), submission: { draft: 'd9', publishId: '2000000009', hash: 'x' } };
    await redis.set(keys.gatewayDraft('cc', 'old'), JSON.stringify(earlier));
    await store.add(entry('new', 2));
    expect(ids(await store.listByAccount(CHONGCHUAN, 'box', { offset: 0, count: 20 }))).toEqual([
      'new',
      'old',
    ]);
    expect((await store.submittedOf(CHONGCHUAN)).map((e) => e.submission?.reviewDraftId)).toEqual(['d9']);
  });
});
