import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import { SENT_KEPT_MS } from './redis-delivery-marks.js';
import { withScripts } from './redis-scripts.js';
import type { DigestDecision, DigestOffer, DigestWindows } from '../../services/ports/notifications.js';

// KEYS: per offer, its window and held hashes. ARGV: now, window length, how long held items are kept (ms), then
// per offer: draft, waiting. Per offer {code, window, delay}: code 0 send now (it opens the window, or it is the
// message that opened it, offered again), 1 held, 2 held and the window's digest job is not set yet.
// A window ended whose digest has not taken its items yet still holds: the digest is the next window's first.
const OFFER = `
local now, span, kept = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local decisions = {}
for i = 1, #KEYS / 2 do
  local window, held = KEYS[2 * i - 1], KEYS[2 * i]
  local draft, waiting = ARGV[2 + 2 * i], ARGV[3 + 2 * i]
  local item = draft .. ' ' .. waiting
  local state = redis.call('HMGET', window, 'opened', 'until', 'job', 'opener')
  local ends = tonumber(state[2]) or 0
  if now < ends and state[4] == item then
    decisions[i] = {0, tonumber(state[1]), 0}
  elseif now >= ends and redis.call('EXISTS', held) == 0 then
    redis.call('HSET', window, 'opened', now, 'until', now + span, 'opener', item)
    redis.call('HDEL', window, 'job')
    redis.call('PEXPIRE', window, span + kept)
    decisions[i] = {0, now, 0}
  else
    redis.call('HSET', held, draft, waiting)
    redis.call('PEXPIRE', held, kept)
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

// KEYS: window, held, taken. ARGV: the window (opened), now, window length, how long taken items are kept (ms).
// Taken already (the digest job runs again): the same items. Else the held items move to `taken` and the next
// window opens now (later than the last, so its id is new).
const TAKE = `
if redis.call('EXISTS', KEYS[3]) == 1 then return redis.call('HGETALL', KEYS[3]) end
if redis.call('HGET', KEYS[1], 'opened') ~= ARGV[1] or redis.call('EXISTS', KEYS[2]) == 0 then return {} end
redis.call('RENAME', KEYS[2], KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
local opened = math.max(tonumber(ARGV[2]), tonumber(ARGV[1]) + 1)
redis.call('HSET', KEYS[1], 'opened', opened, 'until', opened + tonumber(ARGV[3]), 'opener', '')
redis.call('HDEL', KEYS[1], 'job')
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[4]))
return redis.call('HGETALL', KEYS[3])`;

/** DigestWindows as two hashes per person and channel in their organisation's slot; each step one script call. */
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
    const keys = offers.flatMap(({ recipient }) => [
      this.keys.digestWindow(org, recipient),
      this.keys.digestHeld(org, recipient),
    ]);
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
    const keys = [
      this.keys.digestWindow(org, recipient),
      this.keys.digestHeld(org, recipient),
      this.keys.digestTaken(org, recipient, window),
    ];
    const flat = (await this.scripts.qianfaDigestTake(
      3,
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
