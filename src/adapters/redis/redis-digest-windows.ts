import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import { SENT_KEPT_MS } from './redis-delivery-marks.js';
import { withScripts } from './redis-scripts.js';
import type { DigestDecision, DigestOffer, DigestWindows } from '../../services/ports/notifications.js';

// One hash per person and channel: `opened` (ms, the window's id), `until` (ms), `opener` (the item that opened
// it), `job` (the window whose digest job is set), `held` ('1' while items wait) and `d:<draft>` → waiting per
// item held. Two commands per offer.
//
// KEYS: per offer, its window. ARGV: now, window length, how long a window is kept after its end (ms), then per
// offer: draft, waiting. Per offer {code, window, delay}: code 0 send now (it opens the window, or it is the item
// that opened it, offered again), 1 held, 2 held and the window's digest job is not set yet. A window that ended
// but whose digest has not taken its items still holds: the digest is the next window's first message.
const OFFER = `
local now, span, kept = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local decisions = {}
for i, window in ipairs(KEYS) do
  local draft, waiting = ARGV[2 + 2 * i], ARGV[3 + 2 * i]
  local item = draft .. ' ' .. waiting
  local state = redis.call('HMGET', window, 'opened', 'until', 'job', 'opener', 'held')
  local ends = tonumber(state[2]) or 0
  if now < ends and state[4] == item then
    decisions[i] = {0, tonumber(state[1]), 0}
  elseif now >= ends and state[5] ~= '1' then
    redis.call('HSET', window, 'opened', now, 'until', now + span, 'opener', item, 'job', '')
    redis.call('PEXPIRE', window, span + kept)
    decisions[i] = {0, now, 0}
  else
    redis.call('HSET', window, 'd:' .. draft, waiting, 'held', '1')
    local code = (state[3] == state[1]) and 1 or 2
    decisions[i] = {code, tonumber(state[1]) or 0, math.max(0, ends - now)}
  end
end
return decisions`;

// KEYS: windows. ARGV: the window (opened) whose digest job each has now.
const SCHEDULED = `
for i, window in ipairs(KEYS) do
  if redis.call('HGET', window, 'opened') == ARGV[i] then redis.call('HSET', window, 'job', ARGV[i]) end
end
return #KEYS`;

// KEYS: window, taken. ARGV: the window (opened), now, window length, how long taken items are kept (ms).
// Taken already (the digest job runs again): the same items. Else the held items move to `taken` and the next
// window opens now (later than the last, so its id is new).
const TAKE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return redis.call('HGETALL', KEYS[2]) end
local fields = redis.call('HGETALL', KEYS[1])
local opened, items = nil, {}
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 'd:' then
    items[#items + 1] = string.sub(fields[i], 3)
    items[#items + 1] = fields[i + 1]
  elseif fields[i] == 'opened' then
    opened = fields[i + 1]
  end
end
if opened ~= ARGV[1] or #items == 0 then return {} end
redis.call('HSET', KEYS[2], unpack(items))
redis.call('PEXPIRE', KEYS[2], ARGV[4])
local span = tonumber(ARGV[3])
local reopened = math.max(tonumber(ARGV[2]), tonumber(ARGV[1]) + 1)
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'opened', reopened, 'until', reopened + span, 'opener', '', 'job', '')
redis.call('PEXPIRE', KEYS[1], span + tonumber(ARGV[4]))
return items`;

/** DigestWindows as a hash per person and channel in their organisation's slot; each step one script call. */
export class RedisDigestWindows implements DigestWindows {
  private readonly scripts;

  constructor(
    redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.scripts = withScripts(redis, {
      qianfaDigestOffer: OFFER,
      qianfaDigestScheduled: SCHEDULED,
      qianfaDigestTake: TAKE,
    });
  }

  async offer(
    org: string,
    now: number,
    windowMs: number,
    offers: readonly DigestOffer[],
  ): Promise<DigestDecision[]> {
    if (offers.length === 0) return [];
    const keys = offers.map(({ recipient }) => this.keys.digestWindow(org, recipient));
    const items = offers.flatMap(({ draft, waiting }) => [draft, waiting]);
    const args = [now, windowMs, SENT_KEPT_MS, ...items];
    const decided = (await this.scripts.qianfaDigestOffer(keys.length, ...keys, ...args)) as number[][];
    return decided.map(([code, window, delayMs]) => decisionOf(code!, window!, delayMs!));
  }

  async scheduled(org: string, windows: readonly { recipient: string; window: number }[]): Promise<void> {
    if (windows.length === 0) return;
    const keys = windows.map(({ recipient }) => this.keys.digestWindow(org, recipient));
    await this.scripts.qianfaDigestScheduled(keys.length, ...keys, ...windows.map(({ window }) => window));
  }

  async take(
    org: string,
    recipient: string,
    window: number,
    now: number,
    windowMs: number,
  ): Promise<Map<string, string>> {
    const keys = [this.keys.digestWindow(org, recipient), this.keys.digestTaken(org, recipient, window)];
    const flat = (await this.scripts.qianfaDigestTake(
      2,
      ...keys,
      window,
      now,
      windowMs,
      SENT_KEPT_MS,
    )) as string[];
    const taken = new Map<string, string>();
    for (let index = 0; index + 1 < flat.length; index += 2) taken.set(flat[index]!, flat[index + 1]!);
    return taken;
  }
}

function decisionOf(code: number, window: number, delayMs: number): DigestDecision {
  if (code === 0) return { send: true };
  return code === 2 ? { send: false, schedule: { window, delayMs } } : { send: false };
}
