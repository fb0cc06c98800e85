import { DECIDING_ROLES } from '../../domain/people.js';
import type { ReminderMark, ReminderMarks, StoredMark } from '../../services/ports/notifications.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import { withScripts } from './redis-scripts.js';

// KEYS: the marks. ARGV: draft, the mark it must still have ('' for none), the new one ('' to remove it).
// 1 when replaced, 0 when another patrol changed it first.
const REPLACE = `
if (redis.call('HGET', KEYS[1], ARGV[1]) or '') ~= ARGV[2] then return 0 end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
return 1`;

/**
 * ReminderMarks over the organisation's awaiting index (a sorted set per deciding role, scored by since when) and
 * one hash of marks beside it: every key the patrol touches for an organisation is in its slot.
 */
export class RedisReminderMarks implements ReminderMarks {
  private readonly scripts;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.scripts = withScripts(redis, { qianfaReminderMarkReplace: REPLACE });
  }

  async waitingSince(org: string, before: number): Promise<Map<string, number>> {
    const pipeline = this.redis.pipeline();
    for (const role of DECIDING_ROLES)
      pipeline.zrangebyscore(this.keys.orgAwaiting(org, role), '-inf', before, 'WITHSCORES');
    const waiting = new Map<string, number>();
    for (const [error, reply] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      const pairs = reply as string[];
      for (let i = 0; i + 1 < pairs.length; i += 2) waiting.set(pairs[i]!, Number(pairs[i + 1]));
    }
    return waiting;
  }

  async marks(org: string): Promise<Map<string, StoredMark>> {
    const stored = await this.redis.hgetall(this.keys.reminderMarks(org));
    return new Map(
      Object.entries(stored).map(([draft, json]) => [
        draft,
        { mark: JSON.parse(json) as ReminderMark, stored: json },
      ]),
    );
  }

  async replace(
    org: string,
    draft: string,
    from: string | undefined,
    to: ReminderMark | undefined,
  ): Promise<string | false> {
    const key = this.keys.reminderMarks(org);
    const next = to === undefined ? '' : JSON.stringify(to);
    return (await this.scripts.qianfaReminderMarkReplace(1, key, draft, from ?? '', next)) === 1 && next;
  }
}
