import type { RedisClient } from './redis-client.js';
import type { AuditCheckpoint } from '../../domain/audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../../domain/audit/audit-event.js';
import {
  AuditTrimmedError,
  type AuditHead,
  type AuditLog,
  type AuditPage,
  type AuditPages,
  type AuditRetention,
} from '../../services/ports/audit.js';
import {
  AUDIT_LUA,
  AuditChainWriter,
  auditKeys,
  parseHead,
  type ChainedScript,
} from './audit-chain-writer.js';
import { RedisKeys } from './redis-keys.js';

export { AuditConflictError, MAX_APPEND_ATTEMPTS } from './audit-chain-writer.js';

const APPEND = `${AUDIT_LUA}
local moved = audit_head_moved(1)
if moved then return moved end
audit_append(1)
return 1`;
const APPEND_SCRIPT: ChainedScript = { name: 'qianfaAuditAppend', lua: APPEND };

// KEYS: entries, the draft's seq index. Reads every indexed entry in one step.
const FOR_DRAFT = `
local out = {}
for _, seq in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  out[#out + 1] = redis.call('LINDEX', KEYS[1], tonumber(seq)) or ''
end
return out`;

// KEYS: entries, checkpoint. ARGV: cutoff (ISO time), most entries to remove. Removes the oldest entries
// written before the cutoff and keeps the last one's seq and hash as the checkpoint to verify from.
const TRIM = `
local removed, last = 0, nil
while removed < tonumber(ARGV[2]) do
  local json = redis.call('LINDEX', KEYS[1], 0)
  if not json then break end
  local entry = cjson.decode(json)
  if entry.at >= ARGV[1] then break end
  redis.call('LPOP', KEYS[1])
  removed, last = removed + 1, entry
end
if last then
  redis.call('SET', KEYS[2], cjson.encode({seq = last.seq, hash = last.hash}))
end
return removed`;

/** Entries removed per trim call at most, so one call never blocks Redis long. */
const TRIM_BATCH = 10_000;

/** A stored entry is not valid JSON any more: the trail was changed outside qianfa. */
export class AuditCorruptError extends Error {
  override readonly name = 'AuditCorruptError';
  constructor(readonly index: number) {
    super(`audit entry at position ${index} is not valid JSON`);
  }
}

/** AuditLog on Redis: one list of canonical JSON entries and one head key per org; see services/ports/audit.ts. */
export class RedisAuditLog implements AuditLog, AuditRetention {
  private readonly writer: AuditChainWriter;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
    writer?: AuditChainWriter,
  ) {
    this.writer = writer ?? new AuditChainWriter(redis, keys);
  }

  async append(event: AuditEvent): Promise<AuditEntry> {
    const written = await this.writer.write(event.org, [event], {
      script: APPEND_SCRIPT,
      keys: auditKeys(this.keys, event.org, event.draft),
      args: [],
      outcome: (reply) => (reply === 1 ? { written: true } : { headMoved: String(reply) }),
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

  async pages(org: string, pageSize: number): Promise<AuditPages> {
    const [[, head], [, length], [, checkpoint]] = (await this.redis
      .multi()
      .get(this.keys.auditHead(org))
      .llen(this.keys.auditLog(org))
      .get(this.keys.auditCheckpoint(org))
      .exec()) as [[null, string | null], [null, number], [null, string | null]];
    const trimmed = parseHead(checkpoint);
    return {
      head: parseHead(head),
      ...(trimmed ? { checkpoint: trimmed } : {}),
      entries: this.entriesUpTo(org, length, pageSize, checkpoint),
    };
  }

  /** Entries at positions below `length`, a page at a time, each page read with the checkpoint it must match. */
  private async *entriesUpTo(
    org: string,
    length: number,
    pageSize: number,
    checkpoint: string | null,
  ): AsyncIterable<AuditEntry[]> {
    for (let offset = 0; offset < length; offset += pageSize) {
      const last = Math.min(offset + pageSize, length) - 1;
      const [[, raw], [, now]] = (await this.redis
        .multi()
        .lrange(this.keys.auditLog(org), offset, last)
        .get(this.keys.auditCheckpoint(org))
        .exec()) as [[null, string[]], [null, string | null]];
      if (now !== checkpoint) throw new AuditTrimmedError(`the audit chain of ${org} was trimmed while read`);
      yield raw.map((json, i) => parseEntry(json, offset + i));
    }
  }

  async snapshot(
    org: string,
  ): Promise<{ entries: AuditEntry[]; head: AuditHead | null; checkpoint?: AuditCheckpoint }> {
    const [[, head], [, raw], [, checkpoint]] = (await this.redis
      .multi()
      .get(this.keys.auditHead(org))
      .lrange(this.keys.auditLog(org), 0, -1)
      .get(this.keys.auditCheckpoint(org))
      .exec()) as [[null, string | null], [null, string[]], [null, string | null]];
    const trimmed = parseHead(checkpoint);
    return {
      entries: raw.map(parseEntry),
      head: parseHead(head),
      ...(trimmed ? { checkpoint: trimmed } : {}),
    };
  }

  /**
   * Retention: removes the chain's entries written before `cutoff`, keeping the last removed one's seq and
   * hash as the checkpoint the rest is verified from (verifyChainFrom). Only for a chain without draft
   * indexes (the gateway's own, whose entries name no draft): those index entries by position. Returns how
   * many were removed.
   */
  async trimBefore(org: string, cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const keys = [this.keys.auditLog(org), this.keys.auditCheckpoint(org)];
      const removed = Number(await this.redis.eval(TRIM, 2, ...keys, cutoff.toISOString(), TRIM_BATCH));
      total += removed;
      if (removed < TRIM_BATCH) return total;
    }
  }
}

function parseEntry(json: string, index: number): AuditEntry {
  try {
    return JSON.parse(json) as AuditEntry;
  } catch {
    throw new AuditCorruptError(index);
  }
}
