import { oneNode, type RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import type { DraftRecord, StoredVersion } from '../../src/domain/draft-record.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../src/domain/workflow/review-status.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';
import { until } from '../helpers/until.js';

/**
 * Only what the store indexes by: the id, the organisation, the status, the version and its author, the drafter,
 * the stages and the times.
 */
function recordIn(status: ReviewStatus, revision: number): DraftRecord {
  return {
    id: 'd1',
    revision,
    title: 't',
    review: {
      org: 'city',
      status,
      drafter: { id: 'p1', name: '张三' },
      version: { number: 1, author: { id: 'p1', name: '张三' } },
      stages: [{ id: 'review', role: 'reviewer', label: '审核' }],
    },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  } as unknown as DraftRecord;
}

describe('RedisDraftStore status indexes', () => {
  let redis: RedisClient;
  let keys: RedisKeys;
  let store: RedisDraftStore;

  beforeEach(async () => {
    redis = await connectRedis(inject('redisUrl'));
    keys = randomKeys();
    store = new RedisDraftStore(redis, keys);
  });

  afterEach(async () => {
    await deleteKeys(redis, keys);
    await redis.quit();
  });

  it('keeps a draft in exactly the set of its current status, whatever the order it moves in', async () => {
    const path: ReviewStatus[] = ['published', 'blocked', 'approved', 'rejected', 'in_review', 'approved'];
    for (const [step, status] of path.entries()) {
      expect(await store.commit({ record: recordIn(status, step + 1), audit: [] }, step)).toBe('committed');
      await expectOnlyIn(status);
      expect(await store.approvedIds()).toEqual(status === 'approved' ? ['d1'] : []);
      const listed = await store.list('city', { statuses: [status], limit: 10 });
      expect(listed.map((record) => record.review.status)).toEqual([status]);
    }
  });

  it('stores the record and the new version as their JSON text, Chinese and characters outside the BMP included', async () => {
    const record = { ...recordIn('in_review', 1), title: '关于开展垃圾分类的通知😀' };
    const version = {
      number: 1,
      hash: 'a'.repeat(64),
      content: {
        title: record.title,
        body: '\u3000\u3000各地要把"分类"工作摆上位置\\。\n'.repeat(400),
        targets: [],
      },
      report: { blocked: false, grade: 'ordinary', findings: [] },
      author: { id: 'p1', name: '张三' },
      at: '2026-01-01T00:00:00.000Z',
    } as unknown as StoredVersion;
    const change = { record, version, audit: [], notify: ['stage_waits' as const] };
    expect(await store.commit(change, 0)).toBe('committed');
    expect(await redis.hget(keys.draft('city', 'd1'), 'record')).toBe(JSON.stringify(record));
    expect(await redis.hget(keys.draftVersions('city', 'd1'), '1')).toBe(JSON.stringify(version));
    const [job] = (await redis.xrange(keys.notificationOutbox('city'), '-', '+')) as [string, string[]][];
    expect(job?.[1]).toEqual(['kinds', 'stage_waits', 'record', JSON.stringify(record)]);
    expect(await store.get('d1')).toEqual({ record, version });
  });

  async function expectOnlyIn(status: ReviewStatus): Promise<void> {
    for (const each of REVIEW_STATUSES) {
      const members = await redis.smembers(keys.orgDraftsByStatus('city', each));
      expect(members, `in ${status}, the ${each} set`).toEqual(each === status ? ['d1'] : []);
    }
  }

  it('takes a draft out of only the set of the status it leaves, none when it is new', async () => {
    const statusSets = new Set(REVIEW_STATUSES.map((status) => keys.orgDraftsByStatus('city', status)));
    const removedFrom: string[] = [];
    const seen = new Set<string>();
    const monitor = await oneNode(redis).monitor();
    monitor.on('monitor', (_time: string, args: string[]) => {
      const [command, key] = args.map(String);
      if (command!.toLowerCase() === 'echo') seen.add(key!);
      else if (command!.toLowerCase() === 'srem' && statusSets.has(key!)) removedFrom.push(key!);
    });
    try {
      const path: ReviewStatus[] = ['in_review', 'rejected', 'in_review', 'approved', 'published'];
      for (const [step, status] of path.entries()) {
        removedFrom.length = 0;
        expect(await store.commit({ record: recordIn(status, step + 1), audit: [] }, step)).toBe('committed');
        // MONITOR reports a command after its reply: wait for a mark sent after the commit.
        const mark = `${keys.all()}-${step}`;
        await redis.echo(mark);
        await until(`MONITOR to report ${mark}`, () => seen.has(mark));
        const left = step === 0 ? [] : [keys.orgDraftsByStatus('city', path[step - 1]!)];
        expect(removedFrom, `moving to ${status}`).toEqual(left);
        await expectOnlyIn(status);
      }
    } finally {
      monitor.disconnect();
    }
  });

  it('takes a draft stored before its hash kept the status out of every other set', async () => {
    expect(await store.commit({ record: recordIn('published', 1), audit: [] }, 0)).toBe('committed');
    await redis.hdel(keys.draft('city', 'd1'), 'status'); // as the commit script wrote it until then
    const path: ReviewStatus[] = ['blocked', 'rejected', 'withdrawn'];
    for (const [step, status] of path.entries()) {
      expect(await store.commit({ record: recordIn(status, step + 2), audit: [] }, step + 1)).toBe(
        'committed',
      );
      await expectOnlyIn(status);
    }
  });
});
