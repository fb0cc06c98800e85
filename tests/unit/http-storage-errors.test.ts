import express from 'express';
import { ReplyError } from 'ioredis';
import { MaxRetriesPerRequestError } from 'ioredis/built/errors/index.js';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/error-mapping.js';

/** An app whose one route fails with `error`, behind the single HTTP error edge. */
function failingWith(error: unknown) {
  const logged: unknown[] = [];
  const app = express();
  app.get('/', () => {
    throw error;
  });
  app.use(errorHandler({ error: (...args: unknown[]) => void logged.push(args) }));
  return { app, logged };
}

const connectionReset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('storage failures at the HTTP edge (issue 14, point 4)', () => {
  it.each([
    ['a command in flight when the connection dropped', new MaxRetriesPerRequestError(0)],
    [
      'the offline queue refusing while disconnected',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ],
    [
      'a reset connection, wrapped by a store',
      new Error('saving the draft failed', { cause: connectionReset }),
    ],
    [
      'Redis still loading its AOF',
      new (ReplyError as typeof Error)('LOADING Redis is loading the dataset in memory'),
    ],
    [
      'Redis refusing writes',
      new (ReplyError as typeof Error)('MISCONF Redis is configured to save RDB snapshots'),
    ],
  ])('answers 503 storage_unavailable for %s, the same message each time', async (_what, error) => {
    const { app, logged } = failingWith(error);
    const answer = await request(app).get('/');
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      error: {
        code: 'storage_unavailable',
        message: '存储服务（Redis）暂时不可用，操作未保存，请稍后重试。',
      },
    });
    expect(logged).toEqual([]);
  });

  it('still answers 500 with an error id for a bug', async () => {
    const answer = await request(failingWith(new TypeError('x is undefined')).app).get('/');
    expect(answer.status).toBe(500);
    expect((answer.body as { error: { code: string } }).error.code).toBe('internal_error');
  });
});
