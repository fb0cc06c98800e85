import type { RedisClient } from './redis-client.js';
import type { RedisKeys } from './redis-keys.js';
import { SENT_KEPT_MS } from './redis-delivery-marks.js';
import { withScripts } from './redis-scripts.js';
import type { Role } from '../../domain/people.js';
import type {
  DigestDecision,
  DigestOffer,
  DigestTaken,
  DigestWindows,
} from '../../services/ports/notifications.js';

// One hash per person and channel: `opened` (ms, the window's id), `from` (the awaiting-index score from which
// its digest covers what waits), `until` (ms), `opener` (the item that opened it: `<draft> <version>.<stage>`,
// and `openerSince`: the index entry the digest leaves out), `job` (the window whose digest job is
// set), `prev` and `t:<draft>` (the window before it and what its digest took). Held items are not stored: the
// digest reads them from the awaiting index.
//
// KEYS: per offer, its window. ARGV: now, window length, how long a window is kept after its end (ms), then per
// offer: draft, waiting, since. Per offer {code, window, delay, from, until, job set (1/0), opener}: code 0 send
// now (it opens the window, it is its opener offered again, or it waits since before the window and the last
// digest did not take it), 1 held, 2 held and the window's digest job is not set yet, 3 the last digest took it.
// A window that ended but whose digest has not cut it still holds: the digest is the next window's first message.
const OFFER = `
local now, span, kept = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local decisions = {}
for i, window in ipairs(KEYS) do
  local draft, waiting, since = ARGV[1 + 3 * i], ARGV[2 + 3 * i], tonumber(ARGV[3 + 3 * i])
  local item = draft .. ' ' .. waiting
  local state = redis.call('HMGET', window, 'opened', 'from', 'until', 'job', 'opener')
  local opened, ends = tonumber(state[1]), tonumber(state[3]) or 0
  local from = tonumber(state[2]) or opened
  local pending = opened ~= nil and state[4] == state[1]
  local code = 0
  if opened == nil or (now >= ends and not pending) then
    local id = math.max(now, (opened or 0) + 1)
    redis.call('DEL', window)
    redis.call('HSET', window, 'opened', id, 'from', since, 'until', id + span, 'job', '',
      'opener', item, 'openerSince', since)
    redis.call('PEXPIRE', window, span + kept)
    opened, from, ends, state[5] = id, since, id + span, item
  elseif state[5] == item then
    code = 0
  elseif since < from then
    code = redis.call('HEXISTS', window, 't:' .. draft) == 1 and 3 or 0
  else
    code = pending and 1 or 2
  end
  decisions[i] = {code, opened, math.max(0, ends - now), from, ends, pending and 1 or 0, state[5] or ''}
end
return decisions`;

// KEYS: windows. ARGV: the window (opened) whose digest job each has now.
const SCHEDULED = `
for i, window in ipairs(KEYS) do
  if redis.call('HGET', window, 'opened') == ARGV[i] then redis.call('HSET', window, 'job', ARGV[i]) end
end
return #KEYS`;

// KEYS: the window, then the awaiting indexes of the person's roles. ARGV: the window (opened), now, window
// length, how long a window is kept (ms). Cuts the window: what waits in the indexes since its `from` (its opener,
// and what earlier digests of this span took, aside) is taken, in the same step as the next window opens after
// it, so an offer decides against one or the other.
// - Cut before its end (the job promoted, or run early by a clock ahead): the window goes on until its end, from
//   the same score, as a next window whose job is counted as set, what was taken now (`t:`) and before (`x:`) left
//   out of its digest. Other processes may hold items on their cached word that the window is open until then:
//   its digest takes them.
// - Cut at or after its end: nothing there, the window closes (the next item is sent at once). Else the next
//   window opens, its job counted as set, covering from just after the newest score taken (not from now: an item
//   committed by a process whose clock is behind is still covered), and remembers what was taken (`t:`): an older
//   item offered late is not sent again, and the digest job run again takes the same.
// A window written before `from` existed names its held items (`d:<draft>`): they are taken too.
// Returns {next window or '', ids, the next window's end}.
const TAKE = `
local state = redis.call('HMGET', KEYS[1], 'opened', 'from', 'opener', 'openerSince', 'prev', 'until')
local function fieldsNamed(prefix)
  local ids = {}
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    if string.sub(field, 1, 2) == prefix then ids[#ids + 1] = string.sub(field, 3) end
  end
  return ids
end
if state[1] ~= ARGV[1] then
  if state[5] ~= ARGV[1] then return {'', {}, 0} end
  return {state[1], fieldsNamed('t:'), tonumber(state[6])}
end
local from = state[2] or state[1]
local before = fieldsNamed('x:')
for _, id in ipairs(fieldsNamed('t:')) do before[#before + 1] = id end
local skip = {}
for _, id in ipairs(before) do skip[id] = true end
local ids, latest = {}, tonumber(from)
local function take(id)
  if not skip[id] then
    ids[#ids + 1] = id
    skip[id] = true
  end
end
local opener, openerSince = string.match(state[3] or '', '^(%S+)'), tonumber(state[4])
for k = 2, #KEYS do
  local found = redis.call('ZRANGEBYSCORE', KEYS[k], from, '+inf', 'WITHSCORES')
  for j = 1, #found, 2 do
    local score = tonumber(found[j + 1])
    if found[j] ~= opener or (openerSince ~= nil and score ~= openerSince) then
      take(found[j])
      latest = math.max(latest, score)
    end
  end
end
if state[2] == false then
  for _, id in ipairs(fieldsNamed('d:')) do take(id) end
end
local now, span, ends = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(state[6]) or 0
local next = math.max(now, tonumber(ARGV[1]) + 1)
local early = now < ends
redis.call('DEL', KEYS[1])
if #ids == 0 and not early then return {'', {}, 0} end
local fields = {'opened', next, 'job', next, 'prev', ARGV[1], 'opener', early and state[3] or ''}
if early then
  fields[#fields + 1], fields[#fields + 2] = 'from', from
  fields[#fields + 1], fields[#fields + 2] = 'until', ends
  if openerSince ~= nil then fields[#fields + 1], fields[#fields + 2] = 'openerSince', openerSince end
  for _, id in ipairs(before) do
    fields[#fields + 1], fields[#fields + 2] = 'x:' .. id, '1'
  end
else
  ends = next + span
  fields[#fields + 1], fields[#fields + 2] = 'from', latest + 1
  fields[#fields + 1], fields[#fields + 2] = 'until', ends
end
for _, id in ipairs(ids) do
  fields[#fields + 1], fields[#fields + 2] = 't:' .. id, '1'
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIRE', KEYS[1], math.max(ends - now, 0) + tonumber(ARGV[4]))
return {next, ids, ends}`;

/**
 * A cached window is trusted until this long before its end: its digest job runs at the end by another process's
 * clock, and an item held on the cache's word must be in the awaiting index by the time the digest reads it. A job
 * run before the end by the runner's own clock (promoted by hand) keeps the window going (TAKE), so this margin
 * only bounds the clock skew between processes that a digest whose cut found nothing tolerates (a cut that took
 * something covers what follows from the newest score it took, whatever the clocks).
 */
const CACHE_MARGIN_MS = 5000;
/** Windows cached at most (people × channels × organisations); past it the cache starts again. */
const CACHE_LIMIT = 50_000;

/** A window as an offer last saw it in Redis (or as this process changed it). */
interface CachedWindow {
  opened: number;
  from: number;
  until: number;
  jobSet: boolean;
  opener: string;
}

/**
 * DigestWindows as a hash per person and channel in their organisation's slot; each step one script call. Offers
 * into a window known open with its digest job set are decided in process, without Redis: nothing is written for
 * a held item, the digest reads what it covers from the awaiting index.
 */
export class RedisDigestWindows implements DigestWindows {
  private readonly scripts;
  private readonly known = new Map<string, CachedWindow>();

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
    const decisions: DigestDecision[] = offers.map((offer) =>
      this.heldByCache(org, now, offer) ? { send: false } : { send: true },
    );
    const asked = offers.flatMap((offer, index) => (decisions[index]!.send ? [{ offer, index }] : []));
    if (asked.length === 0) return decisions;
    const keys = asked.map(({ offer }) => this.keys.digestWindow(org, offer.recipient));
    const items = asked.flatMap(({ offer }) => [offer.draft, offer.waiting, offer.since]);
    const args = [now, windowMs, SENT_KEPT_MS, ...items];
    const decided = (await this.scripts.qianfaDigestOffer(keys.length, ...keys, ...args)) as Reply[];
    for (const [at, { offer, index }] of asked.entries()) {
      const [code, opened, delayMs, from, until, jobSet, opener] = decided[at]!;
      this.remember(org, offer.recipient, { opened, from, until, jobSet: jobSet === 1, opener });
      decisions[index] = decisionOf(code, opened, delayMs);
    }
    return decisions;
  }

  async scheduled(org: string, windows: readonly { recipient: string; window: number }[]): Promise<void> {
    if (windows.length === 0) return;
    const keys = windows.map(({ recipient }) => this.keys.digestWindow(org, recipient));
    await this.scripts.qianfaDigestScheduled(keys.length, ...keys, ...windows.map(({ window }) => window));
    for (const { recipient, window } of windows) {
      const cached = this.known.get(cacheKeyOf(org, recipient));
      if (cached?.opened === window) cached.jobSet = true;
    }
  }

  async take(
    org: string,
    recipient: string,
    cut: { window: number; now: number; windowMs: number; roles: readonly Role[] },
  ): Promise<DigestTaken> {
    const keys = [
      this.keys.digestWindow(org, recipient),
      ...cut.roles.map((role) => this.keys.orgAwaiting(org, role)),
    ];
    const args = [cut.window, cut.now, cut.windowMs, SENT_KEPT_MS];
    const [next, drafts, until] = (await this.scripts.qianfaDigestTake(keys.length, ...keys, ...args)) as [
      number | string,
      string[],
      number,
    ];
    // This process's word on the window is stale either way: the next offer asks Redis.
    this.known.delete(cacheKeyOf(org, recipient));
    return typeof next === 'number' ? { drafts, next: { window: next, until } } : { drafts };
  }

  /** Held without asking Redis: the window is open (by a margin), its digest job set, the item within its range. */
  private heldByCache(org: string, now: number, offer: DigestOffer): boolean {
    const cached = this.known.get(cacheKeyOf(org, offer.recipient));
    if (!cached?.jobSet || now >= cached.until - CACHE_MARGIN_MS || offer.since < cached.from) return false;
    return cached.opener !== `${offer.draft} ${offer.waiting}`;
  }

  private remember(org: string, recipient: string, window: CachedWindow): void {
    if (this.known.size >= CACHE_LIMIT) this.known.clear();
    this.known.set(cacheKeyOf(org, recipient), window);
  }
}

/** An offer's answer from the OFFER script. */
type Reply = [
  code: number,
  opened: number,
  delayMs: number,
  from: number,
  until: number,
  job: number,
  opener: string,
];

const cacheKeyOf = (org: string, recipient: string) => `${org}\n${recipient}`;

function decisionOf(code: number, window: number, delayMs: number): DigestDecision {
  if (code === 0) return { send: true };
  return code === 2 ? { send: false, schedule: { window, delayMs } } : { send: false };
}
