import type { Redis } from 'ioredis';
import { appendEntry } from '../../domain/audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../../domain/audit/audit-event.js';
import { canonicalJson } from '../../domain/audit/canonical-json.js';
import type { AuditHead, AuditLog, AuditPage } from '../../services/ports.js';
import { RedisKeys } from './redis-keys.js';

// Compare-and-set on the head: the entry is linked in TypeScript against the head we read; if another writer
// moved the head meanwhile, nothing is written and the current head comes back for the next attempt.
// KEYS: head, entries. ARGV: expected head ('' for none), new head, entry JSON.
const APPEND = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return current end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

/** Attempts per append before giving up; each lost attempt means another writer appended in between. */
export const MAX_APPEND_ATTEMPTS = 64;

/** Another writer kept winning the race for the head; nothing was written. */
export class AuditConflictError extends Error {
  override readonly name = 'AuditConflictError';
}

/** A stored entry is not valid JSON any more: the trail was changed outside qianfa. */
export class AuditCorruptError extends Error {
  override readonly name = 'AuditCorruptError';
  constructor(readonly index: number) {
    super(`audit entry at position ${index} is not valid JSON`);
  }
}

/** AuditLog on Redis: one list of canonical JSON entries and one head key per org; see services/ports.ts. */
export class RedisAuditLog implements AuditLog {
  /** Appends of this process, queued per org, so they do not race each other for the head. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys = new RedisKeys(),
  ) {}

  append(event: AuditEvent): Promise<AuditEntry> {
    const before = this.queues.get(event.org) ?? Promise.resolve();
    const appended = before.then(
      () => this.appendNow(event),
      () => this.appendNow(event),
    );
    this.queues.set(event.org, appended);
    const forget = (): void => {
      if (this.queues.get(event.org) === appended) this.queues.delete(event.org);
    };
    appended.then(forget, forget);
    return appended;
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

  async head(org: string): Promise<AuditHead | null> {
    return parseHead((await this.redis.get(this.keys.auditHead(org))) ?? '');
  }

  async snapshot(org: string): Promise<{ entries: AuditEntry[]; head: AuditHead | null }> {
    const [[, head], [, raw]] = (await this.redis
      .multi()
      .get(this.keys.auditHead(org))
      .lrange(this.keys.auditLog(org), 0, -1)
      .exec()) as [[null, string | null], [null, string[]]];
    return { entries: raw.map(parseEntry), head: parseHead(head ?? '') };
  }

  private async appendNow(event: AuditEvent): Promise<AuditEntry> {
    let expected = (await this.redis.get(this.keys.auditHead(event.org))) ?? '';
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const head = parseHead(expected);
      // appendEntry reads only seq and hash of the previous entry; the head carries exactly those.
      const entry = appendEntry(head ? { ...event, ...head, prev: '' } : undefined, event);
      const outcome = await this.redis.eval(
        APPEND,
        2,
        this.keys.auditHead(event.org),
        this.keys.auditLog(event.org),
        expected,
        canonicalJson({ seq: entry.seq, hash: entry.hash }),
        canonicalJson({ ...entry }),
      );
      if (outcome === 1) return entry;
      expected = String(outcome);
    }
    throw new AuditConflictError(
      `audit append for ${event.org} lost the head ${MAX_APPEND_ATTEMPTS} times in a row`,
    );
  }
}

function parseHead(json: string): AuditHead | null {
  return json === '' ? null : (JSON.parse(json) as AuditHead);
}

function parseEntry(json: string, index: number): AuditEntry {
  try {
    return JSON.parse(json) as AuditEntry;
  } catch {
    throw new AuditCorruptError(index);
  }
}
