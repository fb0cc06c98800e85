import type { Redis } from 'ioredis';
import type { AuditEntry, AuditEvent } from '../../domain/audit/audit-event.js';
import type { AuditHead, AuditLog, AuditPage } from '../../services/ports/audit.js';
import { AUDIT_LUA, AuditChainWriter, auditKeys, parseHead } from './audit-chain-writer.js';
import { RedisKeys } from './redis-keys.js';

export { AuditConflictError, MAX_APPEND_ATTEMPTS } from './audit-chain-writer.js';

const APPEND = `${AUDIT_LUA}
local moved = audit_head_moved(1)
if moved then return moved end
audit_append(1)
return 1`;

// KEYS: entries, the draft's seq index. Reads every indexed entry in one step.
const FOR_DRAFT = `
local out = {}
for _, seq in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  out[#out + 1] = redis.call('LINDEX', KEYS[1], tonumber(seq)) or ''
end
return out`;

/** A stored entry is not valid JSON any more: the trail was changed outside qianfa. */
export class AuditCorruptError extends Error {
  override readonly name = 'AuditCorruptError';
  constructor(readonly index: number) {
    super(`audit entry at position ${index} is not valid JSON`);
  }
}

/** AuditLog on Redis: one list of canonical JSON entries and one head key per org; see services/ports/audit.ts. */
export class RedisAuditLog implements AuditLog {
  private readonly writer: AuditChainWriter;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys = new RedisKeys(),
    writer?: AuditChainWriter,
  ) {
    this.writer = writer ?? new AuditChainWriter(redis, keys);
  }

  async append(event: AuditEvent): Promise<AuditEntry> {
    const written = await this.writer.write(event.org, [event], async (args) => {
      const outcome = await this.redis.eval(
        APPEND,
        3,
        ...auditKeys(this.keys, event.org, event.draft),
        ...args,
      );
      return outcome === 1 ? { written: true } : { headMoved: String(outcome) };
    });
    if (!('entries' in written) || !written.entries[0]) throw new Error('audit append wrote nothing');
    return written.entries[0];
  }

  async list(org: string, page: { offset: number; limit: number }): Promise<AuditPage> {
    const last = page.offset + page.limit - 1;
    const [[, total], [, raw]] = (await this.redis
      .multi()
      .llen(this.keys.auditLog(org))
      .lrange(this.keys.auditLog(org), page.offset, last)
      .exec()) as [[null, number], [null, string[]]];
    return { entries: raw.map((json, i) => parseEntry(json, page.offset + i)), total };
  }

  async all(org: string): Promise<AuditEntry[]> {
    return (await this.snapshot(org)).entries;
  }

  async forDraft(org: string, draft: string): Promise<AuditEntry[]> {
    const raw = (await this.redis.eval(
      FOR_DRAFT,
      2,
      this.keys.auditLog(org),
      this.keys.draftAudit(org, draft),
    )) as string[];
    return raw.map(parseEntry);
  }

  async head(org: string): Promise<AuditHead | null> {
    return parseHead(await this.redis.get(this.keys.auditHead(org)));
  }

  async snapshot(org: string): Promise<{ entries: AuditEntry[]; head: AuditHead | null }> {
    const [[, head], [, raw]] = (await this.redis
      .multi()
      .get(this.keys.auditHead(org))
      .lrange(this.keys.auditLog(org), 0, -1)
      .exec()) as [[null, string | null], [null, string[]]];
    return { entries: raw.map(parseEntry), head: parseHead(head) };
  }
}

function parseEntry(json: string, index: number): AuditEntry {
  try {
    return JSON.parse(json) as AuditEntry;
  } catch {
    throw new AuditCorruptError(index);
  }
}
