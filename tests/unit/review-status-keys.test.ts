import { describe, expect, it } from 'vitest';
import { statusSetKeys } from '../../src/adapters/redis/redis-draft-store.js';
import { RedisKeys } from '../../src/adapters/redis/redis-keys.js';
import { REVIEW_STATUSES } from '../../src/domain/workflow/review-status.js';

const keys = new RedisKeys('t:');

describe('statusSetKeys', () => {
  it.each(REVIEW_STATUSES)('puts a %s draft in the set named after its status', (status) => {
    const touched = statusSetKeys(keys, 'city', status);
    expect(touched.entered).toBe(`t:org:city:drafts:${status}`);
    // Publishing recovery reads the approved set: a draft with a failed target still has others to publish.
    expect(touched.approved).toBe(status === 'approved' || status === 'publish_failed');
  });

  it('takes the draft out of every status set, each once, whatever the constant’s order', () => {
    const every = statusSetKeys(keys, 'city', 'published').every;
    const expected = [
      'approved',
      'blocked',
      'in_review',
      'publish_failed',
      'published',
      'rejected',
      'withdrawn',
    ].map((status) => `t:org:city:drafts:${status}`);
    expect([...every].sort()).toEqual(expected);
  });
});
