import type { RedisClient } from './redis-client.js';
import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type { RefusalTally, UnauthenticatedRefusal } from '../../domain/gateway/refusal-summary.js';
import type { ClaimedWindow, RefusalTallies } from '../../services/ports/gateway-refusals.js';
import { AUDIT_LUA, AuditChainWriter, auditKeys, type ChainedScript } from './audit-chain-writer.js';
import { RedisKeys } from './redis-keys.js';
import { orgsToWalk } from './org-of-ids.js';
import { GATEWAY_AUDIT_ORG } from '../../services/gateway/refusal-summaries.js';

/** Addresses and appids listed by name per window; calls from further ones are only counted. */
const LISTED_AT_MOST = 20;
/** Counts nobody summarised (no worker ran for a month) are dropped rather than kept for ever. */
const TALLY_TTL_SECONDS = 30 * 86_400;

// KEYS: 1 tally, 2 addresses (HyperLogLog), 3 windows. ARGV: 1 member, 2 window end (ms), 3 reason,
// 4 endpoint, 5 address, 6 appid ('' for none), 7 cap, 8 limit reached ('1'/'0'), 9 TTL (s).
const COUNT = `
local function listed(prefix, value)
  if value == '' then return end
  local field = prefix .. ':' .. value
  if redis.call('HEXISTS', KEYS[1], field) == 1 or tonumber(redis.call('HGET', KEYS[1], prefix .. '#') or '0') < tonumber(ARGV[7]) then
    if redis.call('HINCRBY', KEYS[1], field, 1) == 1 then redis.call('HINCRBY', KEYS[1], prefix .. '#', 1) end
  else
    redis.call('HINCRBY', KEYS[1], prefix .. '+', 1)
  end
end
redis.call('HINCRBY', KEYS[1], 'total', 1)
redis.call('HINCRBY', KEYS[1], 'r:' .. ARGV[3], 1)
redis.call('HINCRBY', KEYS[1], 'e:' .. ARGV[4], 1)
if ARGV[8] == '1' then redis.call('HINCRBY', KEYS[1], 'limit', 1) end
listed('a', ARGV[5])
listed('i', ARGV[6])
redis.call('PFADD', KEYS[2], ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[9])
redis.call('EXPIRE', KEYS[2], ARGV[9])
redis.call('ZADD', KEYS[3], 'NX', ARGV[2], ARGV[1])`;

// KEYS: 1 windows. ARGV: 1 ended by (ms), 2 leased until (ms), 3 limit.
const CLAIM = `
local ended = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(ended) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member) end
return ended`;

// KEYS: 1–3 audit, 4 windows, 5 tally, 6 addresses. ARGV: 1 member, 2 our lease, then audit args.
const SUMMARISE = `${AUDIT_LUA}
if tonumber(redis.call('ZSCORE', KEYS[4], ARGV[1]) or '-1') ~= tonumber(ARGV[2]) then return 'lost' end
local moved = audit_head_moved(3)
if moved then return moved end
audit_append(3)
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('DEL', KEYS[5], KEYS[6])
return 1`;
const SUMMARISE_SCRIPT: ChainedScript = { name: 'qianfaRefusalsSummarise', lua: SUMMARISE };

/** RefusalTallies on Redis; see the contract in services/ports/gateway-refusals.ts. */
export class RedisRefusalTallies implements RefusalTallies {
  private readonly writer: AuditChainWriter;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
    writer?: AuditChainWriter,
  ) {
    this.writer = writer ?? new AuditChainWriter(redis, keys);
  }

  async count(refusal: UnauthenticatedRefusal, window: { start: Date; end: Date }): Promise<void> {
    const start = window.start.getTime();
    const keys = [
      this.keys.gatewayRefusalTally(refusal.chain, start),
      this.keys.gatewayRefusalAddresses(refusal.chain, start),
      this.keys.gatewayRefusalWindows(refusal.chain),
    ];
    const member = windowMember(refusal.chain, window);
    const endpoint = `${refusal.platform} ${refusal.endpoint}`;
    await this.redis.eval(
      COUNT,
      keys.length,
      ...keys,
      ...[member, window.end.getTime(), refusal.reason, endpoint, refusal.address, refusal.appid ?? ''],
      ...[LISTED_AT_MOST, refusal.limitReached ? '1' : '0', TALLY_TTL_SECONDS],
    );
  }

  /** Under hashTags each chain's windows in turn: every organisation's, then the gateway's own. */
  async claimEnded(endedBy: Date, leaseMs: number, limit: number): Promise<ClaimedWindow[]> {
    const leasedUntil = endedBy.getTime() + leaseMs;
    const chains = this.keys.perOrg
      ? [...(await orgsToWalk(this.redis, this.keys)), GATEWAY_AUDIT_ORG]
      : [''];
    const members: string[] = [];
    for (const chain of chains) {
      if (members.length >= limit) break;
      const windows = this.keys.gatewayRefusalWindows(chain);
      const left = limit - members.length;
      members.push(
        ...((await this.redis.eval(CLAIM, 1, windows, endedBy.getTime(), leasedUntil, left)) as string[]),
      );
    }
    return Promise.all(members.map((member) => this.read(member, leasedUntil)));
  }

  async summarise(window: ClaimedWindow, summary: AuditEvent | null): Promise<boolean> {
    const start = window.start.getTime();
    const keys = [
      ...auditKeys(this.keys, window.chain, summary?.draft ?? ''),
      this.keys.gatewayRefusalWindows(window.chain),
      this.keys.gatewayRefusalTally(window.chain, start),
      this.keys.gatewayRefusalAddresses(window.chain, start),
    ];
    const member = windowMember(window.chain, window);
    const events = summary ? [summary] : [];
    const written = await this.writer.write(window.chain, events, {
      script: SUMMARISE_SCRIPT,
      keys,
      args: [member, window.leasedUntil],
      outcome: (reply) => {
        if (reply === 1) return { written: true };
        return reply === 'lost' ? { refused: 'lost' as const } : { headMoved: String(reply) };
      },
    });
    return 'entries' in written;
  }

  private async read(member: string, leasedUntil: number): Promise<ClaimedWindow> {
    const [chain, start, end] = JSON.parse(member) as [string, number, number];
    const [fields, distinct] = await Promise.all([
      this.redis.hgetall(this.keys.gatewayRefusalTally(chain, start)),
      this.redis.pfcount(this.keys.gatewayRefusalAddresses(chain, start)),
    ]);
    return {
      chain,
      start: new Date(start),
      end: new Date(end),
      tally: tallyOf(fields, distinct),
      leasedUntil,
    };
  }
}

/** A window's member in the windows set: chain, start and end, so a claimed window can be read back alone. */
function windowMember(chain: string, window: { start: Date; end: Date }): string {
  return JSON.stringify([chain, window.start.getTime(), window.end.getTime()]);
}

/** The tally from its hash fields: `total`, `limit`, `r:<reason>`, `e:<endpoint>`, `a:`/`i:` listed, `a+`/`i+` others. */
function tallyOf(fields: Record<string, string>, distinctAddresses: number): RefusalTally {
  const prefixed = (prefix: string): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const [field, value] of Object.entries(fields))
      if (field.startsWith(`${prefix}:`)) counts[field.slice(prefix.length + 1)] = Number(value);
    return counts;
  };
  const number = (field: string) => Number(fields[field] ?? 0);
  return {
    total: number('total'),
    limitReached: number('limit'),
    byReason: prefixed('r'),
    byEndpoint: prefixed('e'),
    addresses: prefixed('a'),
    callsFromOtherAddresses: number('a+'),
    distinctAddresses,
    appids: prefixed('i'),
    callsNamingOtherAppids: number('i+'),
  };
}
