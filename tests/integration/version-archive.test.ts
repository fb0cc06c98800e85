import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import { RedisPeopleStore } from '../../src/adapters/redis/redis-people-store.js';
import { RedisVersionArchive } from '../../src/adapters/redis/redis-version-archive.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';

const DAY_MS = 86_400_000;
const BODY = '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。'.repeat(60);

// Version bodies of drafts published long ago leave hot memory, compressed, and stay readable.
describe('archiving version bodies of published drafts', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let deciders: Auth[];

  beforeEach(async () => {
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    deciders = [await t.person('李四', ['reviewer']), await t.person('王五', ['editor'])];
  });
  afterEach(() => t.close());

  async function draft(status: 'published' | 'in_review'): Promise<string> {
    const created = await as(t.app, drafter).post('/api/drafts', {
      title: '亲子阅读活动通知',
      body: BODY,
      kind: 'original',
    });
    const id = (created.body as { id: string }).id;
    for (const by of status === 'published' ? deciders : []) {
      const approved = await as(t.app, by).post(`/api/drafts/${id}/approve`, { version: 1 });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
    return id;
  }

  const archiveFor = (drafts: RedisDraftStore) =>
    new RedisVersionArchive(t.redis, t.keys, drafts, () => new RedisPeopleStore(t.redis, t.keys).listOrgs());
  const memory = async (id: string) => Number(await t.redis.memory('USAGE', t.keys.draftVersions('cc', id)));

  it('compresses a published draft’s versions after the retention, and the API still answers them', async () => {
    const [published, open] = [await draft('published'), await draft('in_review')];
    const before = (await as(t.app, drafter).get(`/api/drafts/${published}`)).body as Record<string, unknown>;
    expect(before.status).toBe('published');
    const drafts = new RedisDraftStore(t.redis, t.keys);
    const archive = archiveFor(drafts);
    expect(await archive.archiveDue(new Date(), 30 * DAY_MS)).toBe(0); // not due yet
    const hot = await memory(published);

    expect(await archive.archiveDue(new Date(Date.now() + 31 * DAY_MS), 30 * DAY_MS)).toBe(1);
    expect(await t.redis.hkeys(t.keys.draftVersions('cc', published))).toEqual(['archive']);
    const cold = await memory(published);
    expect(cold).toBeLessThan(hot / 4);
    expect((await t.redis.hkeys(t.keys.draftVersions('cc', open))).length).toBe(1); // still in review: kept hot
    expect((await as(t.app, drafter).get(`/api/drafts/${published}`)).body).toEqual(before);
    expect((await drafts.version(published, 1))?.content.body).toBe(BODY);
    expect(await archive.archiveDue(new Date(Date.now() + 32 * DAY_MS), 30 * DAY_MS)).toBe(0); // once
  });
});
