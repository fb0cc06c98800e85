import { afterEach, describe, expect, it } from 'vitest';
import { startReviewApp, type ReviewApp } from '../helpers/review-app.js';

/**
 * A worker's start-up recovery gathers the starts of other processes for a moment before it begins (GATHER_MS),
 * so that processes started together recover once. With nothing approved (a new installation, or every
 * publication finished) there is nothing to recover twice: it begins at once.
 */
describe('a worker start with nothing to recover', () => {
  let t: ReviewApp | undefined;
  afterEach(() => t?.close());

  it('does not wait for other starts: its worker runs at once, however long the gathering is set', async () => {
    t = await startReviewApp({ recoveryGatherMs: 3_600_000 });
    const worker = await t.startWorker();
    expect(worker.isRunning()).toBe(true);
  });
});
