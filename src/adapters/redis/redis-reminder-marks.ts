import { DECIDING_ROLES } from '../../domain/people.js';
import type { DueWait, ReminderMark, ReminderMarks, StoredMark } from '../../services/ports/notifications.js';
import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import { withScripts } from './redis-scripts.js';

// KEYS: 1 the marks, 2 the due set. ARGV: draft, the mark it must still have ('' for none), the new one ('' to
// remove it), when it is next due ('' for never). 1 when replaced, 0 when another patrol changed it first.
const REPLACE = `
if (redis.call('HGET', KEYS[1], ARGV[1]) or '') ~= ARGV[2] then return 0 end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
if ARGV[4] == '' then redis.call('ZREM', KEYS[2], ARGV[1]) else redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1]) end
return 1`;

// KEYS: 1 the cursor, 2 the due set, 3 onwards the awaiting sets. ARGV: 1 take in waits since up to then (ms), 2
// now (ms), 3 at most so many waits per awaiting set and drafts answered. Takes in the waits since the cursor as
// due at once, moves the cursor past them, and answers drafts due now. In one step, so a wait is in the due set
// before the cursor passes it (a patrol stopped in between loses nothing). Without a cursor (the first run, or the
// first after an upgrade from the patrol that read every wait each run) every wait is taken in, page by page: the
// cursor moves only to a time up to which every set's waits are all taken in (just before the last time of a set
// that filled its page, or that time when the page is all one time: its ties then taken whole), and only waits up
// to the cursor are taken in, so none is taken in twice (a forgotten escalation would be reminded again).
const TAKE_IN = `
local cursor = redis.call('GET', KEYS[1])
local upto = tonumber(ARGV[1])
local limit = tonumber(ARGV[3])
if not cursor or tonumber(cursor) < upto then
  local after = cursor and ('(' .. cursor) or '-inf'
  local pages, reached = {}, upto
  for i = 3, #KEYS do
    local waits = redis.call('ZRANGEBYSCORE', KEYS[i], after, upto, 'WITHSCORES', 'LIMIT', 0, limit)
    pages[i] = waits
    if #waits == 2 * limit then
      local first, last = tonumber(waits[2]), tonumber(waits[#waits])
      reached = math.min(reached, first == last and last or last - 1)
    end
  end
  for i = 3, #KEYS do
    local waits = pages[i]
    for j = 1, #waits, 2 do
      if tonumber(waits[j + 1]) <= reached then redis.call('ZADD', KEYS[2], 'LT', waits[j + 1], waits[j]) end
    end
    if #waits == 2 * limit and tonumber(waits[2]) == reached then
      for _, draft in ipairs(redis.call('ZRANGEBYSCORE', KEYS[i], reached, reached)) do
        redis.call('ZADD', KEYS[2], 'LT', reached, draft)
      end
    end
  end
  redis.call('SET', KEYS[1], string.format('%d', reached))
end
return redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2], 'LIMIT', 0, limit)`;

/**
 * ReminderMarks over the organisation's awaiting index (a sorted set per deciding role, scored by since when), a
 * hash of marks, the set of drafts due and a cursor over the index: every key the patrol touches for an
 * organisation is in its slot. A run reads what is due or newly waiting long enough, never every wait. A wait
 * enters the index scored by its start (the commit's clock), which the cursor, the smallest delay behind the
 * patrol's clock, has not passed; one entering with an earlier start (a grade raised, its waiting stage moved to
 * another role) keeps the draft's mark, and is met when that mark is due.
 */
export class RedisReminderMarks implements ReminderMarks {
  private readonly scripts;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.scripts = withScripts(redis, {
      qianfaReminderMarkReplace: REPLACE,
      qianfaReminderTakeIn: TAKE_IN,
    });
  }

  async due(org: string, before: number, now: number, limit: number): Promise<DueWait[]> {
    const awaiting = DECIDING_ROLES.map((role) => this.keys.orgAwaiting(org, role));
    const keys = [this.keys.reminderCursor(org), this.keys.reminderDue(org), ...awaiting];
    const args = [Math.floor(before), Math.floor(now), limit];
    const drafts = (await this.scripts.qianfaReminderTakeIn(keys.length, ...keys, ...args)) as string[];
    if (drafts.length === 0) return [];
    const pipeline = this.redis.pipeline();
    pipeline.hmget(this.keys.reminderMarks(org), ...drafts);
    for (const key of awaiting) pipeline.zmscore(key, ...drafts);
    const replies = ((await pipeline.exec()) ?? []).map(([error, reply]) => {
      if (error) throw error;
      return reply as (string | null)[];
    });
    const [marks = [], ...scores] = replies;
    return drafts.map((draft, i) => {
      const since = scores.map((of) => of[i]).find((score) => score != null);
      const stored = marks[i];
      return {
        draft,
        ...(stored ? { seen: markOf(stored) } : {}),
        ...(since != null ? { since: Number(since) } : {}),
      };
    });
  }

  async replace(
    org: string,
    draft: string,
    from: string | undefined,
    to: ReminderMark | undefined,
  ): Promise<string | false> {
    const keys = [this.keys.reminderMarks(org), this.keys.reminderDue(org)];
    const next = to === undefined ? '' : JSON.stringify(to);
    const dueAt = to?.next === undefined ? '' : String(to.next);
    const replaced = await this.scripts.qianfaReminderMarkReplace(2, ...keys, draft, from ?? '', next, dueAt);
    return replaced === 1 && next;
  }
}

function markOf(stored: string): StoredMark {
  return { mark: JSON.parse(stored) as ReminderMark, stored };
}
