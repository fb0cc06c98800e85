import type { RedisClient } from '../../src/adapters/redis/redis-client.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/redis-connection.js';
import { RedisDraftStore } from '../../src/adapters/redis/redis-draft-store.js';
import type { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import type { DraftRecord } from '../../src/domain/draft-record.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../src/domain/workflow/review-status.js';
import { deleteKeys, randomKeys } from '../helpers/redis-test-keys.js';

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
      for (const each of REVIEW_STATUSES) {
        const members = await redis.smembers(keys.orgDraftsByStatus('city', each));
        expect(members, `after moving to ${status}, the ${each} set`).toEqual(each === status ? ['d1'] : []);
      }
      expect(await store.approvedIds()).toEqual(status === 'approved' ? ['d1'] : []);
      const listed = await store.list('city', { statuses: [status], limit: 10 });
      expect(listed.map((record) => record.review.status)).toEqual([status]);
    }
  });
});
