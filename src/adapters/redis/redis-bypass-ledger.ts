import type { RedisClient } from './redis-client.js';
import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type { BypassLedger } from '../../services/ports/bypass.js';
import { AUDIT_LUA, AuditChainWriter, auditKeys, type ChainedScript } from './audit-chain-writer.js';
import { RedisKeys } from './redis-keys.js';

// KEYS: 1–3 audit, 4 the account's flagged article ids. ARGV: 1 article id, then audit args.
const FLAG = `${AUDIT_LUA}
if redis.call('SISMEMBER', KEYS[4], ARGV[1]) == 1 then return 'flagged' end
local moved = audit_head_moved(2)
if moved then return moved end
redis.call('SADD', KEYS[4], ARGV[1])
audit_append(2)
return 1`;
const FLAG_SCRIPT: ChainedScript = { name: 'qianfaBypassFlag', lua: FLAG };

/** BypassLedger on Redis; see the contract in services/ports/bypass.ts. */
export class RedisBypassLedger implements BypassLedger {
  private readonly writer: AuditChainWriter;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
    writer?: AuditChainWriter,
  ) {
    this.writer = writer ?? new AuditChainWriter(redis, keys);
  }

  async watermark(org: string, account: string): Promise<number | null> {
    const seconds = await this.redis.hget(this.keys.bypassWatermarks(org), account);
    return seconds === null ? null : Number(seconds);
  }

  async setWatermark(org: string, account: string, seconds: number): Promise<void> {
    await this.redis.hset(this.keys.bypassWatermarks(org), account, String(seconds));
  }

  async flag(org: string, account: string, articleId: string, audit: AuditEvent): Promise<boolean> {
    const keys = [...auditKeys(this.keys, org, audit.draft), this.keys.bypassFlagged(org, account)];
    const written = await this.writer.write(org, [audit], {
      script: FLAG_SCRIPT,
      keys,
      args: [articleId],
      outcome: (reply) => {
        if (reply === 1) return { written: true };
        return reply === 'flagged' ? { refused: 'flagged' as const } : { headMoved: String(reply) };
      },
    });
    return 'entries' in written;
  }
}
