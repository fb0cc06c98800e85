import type { RedisClient } from './redis-client.js';
import type { OneTimeMarks } from '../../services/ports/one-time-marks.js';
import { RedisKeys } from './redis-keys.js';

/** OneTimeMarks on Redis: SET NX with an expiry, atomic and durable like every other write. */
export class RedisOneTimeMarks implements OneTimeMarks {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async claim(mark: string, ttlMs: number): Promise<boolean> {
    const set = await this.redis.set(this.keys.oneTimeMark(mark), '1', 'PX', Math.max(1, ttlMs), 'NX');
    return set === 'OK';
  }

  async isClaimed(mark: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.oneTimeMark(mark))) === 1;
  }
}
