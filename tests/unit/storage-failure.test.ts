import { ReplyError } from 'ioredis';
import { MaxRetriesPerRequestError } from 'ioredis/built/errors/index.js';
import { describe, expect, it } from 'vitest';
import { ReplicationUnconfirmedError } from '../../src/adapters/redis/redis-connection.js';
import { PublisherError } from '../../src/adapters/platforms/publisher-error.js';
import { storageFailureOf } from '../../src/errors/storage-failure.js';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

// Read by the HTTP edge (503) and the publish worker (a run that spends no attempt): a platform's failure must
// never pass for ours, or an unreachable WeChat would be retried for ever instead of given up.
describe('storageFailureOf', () => {
  it.each([
    ['no replica confirming a write', new ReplicationUnconfirmedError(), 'replication_unconfirmed'],
    [
      'a command in flight when the connection dropped',
      new MaxRetriesPerRequestError(0),
      'storage_unavailable',
    ],
    [
      'a refused connection, wrapped by a store',
      new Error('saving', { cause: refused() }),
      'storage_unavailable',
    ],
    ['a Redis refusing writes', new (ReplyError as typeof Error)('READONLY replica'), 'storage_unavailable'],
  ])('names %s', (_what, error, failure) => {
    expect(storageFailureOf(error)).toBe(failure);
  });

  it('does not take a platform that cannot be reached, or a bug, for Redis', () => {
    const unreachable = new PublisherError({
      platform: 'wechat',
      platformCode: 'network',
      kind: 'transient',
      explanation: '网络不通',
      cause: refused(),
    });
    expect(storageFailureOf(unreachable)).toBeUndefined();
    expect(storageFailureOf(new Error('publishing', { cause: unreachable }))).toBeUndefined();
    expect(storageFailureOf(new TypeError('x is undefined'))).toBeUndefined();
    expect(storageFailureOf(new (ReplyError as typeof Error)('ERR unknown command'))).toBeUndefined();
  });
});
