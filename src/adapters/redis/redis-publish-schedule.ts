import type { RedisClient } from './redis-client.js';
import type { PublishSchedule } from '../../services/ports/publishing.js';
import { RedisKeys } from './redis-keys.js';

/** PublishSchedule on Redis: one sorted set of draft ids scored by when their first publication is due (ms). */
export class RedisPublishSchedule implements PublishSchedule {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  async add(draft: string, at: string): Promise<void> {
    await this.redis.zadd(this.keys.scheduledPublications(), Date.parse(at), draft);
  }

  due(now: string, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(
      this.keys.scheduledPublications(),
      '-inf',
      Date.parse(now),
      'LIMIT',
      0,
      limit,
    );
  }

  async remove(draft: string): Promise<void> {
    await this.redis.zrem(this.keys.scheduledPublications(), draft);
  }
}
