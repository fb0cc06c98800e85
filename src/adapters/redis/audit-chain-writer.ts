import type { Redis } from 'ioredis';
import { appendEntry } from '../../domain/audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../../domain/audit/audit-event.js';
import { canonicalJson } from '../../domain/audit/canonical-json.js';
import type { AuditHead } from '../../services/ports/audit.js';
import { RedisKeys } from './redis-keys.js';

/**
 * Lua shared by every script that appends to an organisation's chain. The entries are linked in TypeScript
 * against the head we read; the script writes them only if the head is still that one (compare-and-set), and
 * in the same atomic step as whatever else the calling script writes.
 *
 * KEYS[1] head, KEYS[2] entries, KEYS[3] the draft's index of its entries' seqs.
 * ARGV from `base`: expected head ('' for none; '*' when there is nothing to append, so the head is neither
 * checked nor moved), new head, first seq, whether to index ('1'/'0'), count, then the entries' JSON.
 */
export const AUDIT_LUA = `
local function audit_head_moved(base)
  if ARGV[base] == '*' then return false end
  local current = redis.call('GET', KEYS[1]) or ''
  if current ~= ARGV[base] then return current end
  return false
end
local function audit_append(base)
  if ARGV[base] == '*' then return end
  local first = tonumber(ARGV[base + 2])
  local index = ARGV[base + 3] == '1'
  for i = 1, tonumber(ARGV[base + 4]) do
    redis.call('RPUSH', KEYS[2], ARGV[base + 4 + i])
    if index then redis.call('RPUSH', KEYS[3], first + i - 1) end
  end
  redis.call('SET', KEYS[1], ARGV[base + 1])
end
`;

/** The three audit keys, in the order AUDIT_LUA expects them. */
export function auditKeys(keys: RedisKeys, org: string, draft: string): [string, string, string] {
  return [keys.auditHead(org), keys.auditLog(org), keys.draftAudit(org, draft)];
}

/** Attempts per append before giving up; each lost attempt means another writer appended in between. */
export const MAX_APPEND_ATTEMPTS = 64;

/** Another writer kept winning the race for the head; nothing was written. */
export class AuditConflictError extends Error {
  override readonly name = 'AuditConflictError';
}

/** What a script run answers: written, the head moved (retry with the one given), or the caller's own refusal. */
export type ScriptOutcome<R> = { written: true } | { headMoved: string } | { refused: R };

/**
 * Runs `attempt` with events linked after the organisation's head until the head holds still. Attempts of
 * this process are queued per organisation, so they do not race each other for the head; other processes
 * may still win a race, which costs a retry.
 */
export class AuditChainWriter {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    readonly keys: RedisKeys = new RedisKeys(),
    /** Told how long each append took, queueing behind this process's other appends included (metrics). */
    private readonly appended: (seconds: number) => void = () => undefined,
  ) {}

  write<R>(
    org: string,
    events: readonly AuditEvent[],
    attempt: (auditArgs: string[], entries: AuditEntry[]) => Promise<ScriptOutcome<R>>,
  ): Promise<{ entries: AuditEntry[] } | { refused: R }> {
    // Nothing to link: the write need not wait for the chain, nor check its head.
    if (events.length === 0) return this.writeUnchained(attempt);
    const before = this.queues.get(org) ?? Promise.resolve();
    const started = performance.now();
    const run = () => this.writeNow(org, events, attempt);
    const written = before.then(run, run);
    void written.then(
      () => this.appended((performance.now() - started) / 1000),
      () => undefined,
    );
    this.queues.set(org, written);
    const forget = (): void => {
      if (this.queues.get(org) === written) this.queues.delete(org);
    };
    written.then(forget, forget);
    return written;
  }

  private async writeUnchained<R>(
    attempt: (auditArgs: string[], entries: AuditEntry[]) => Promise<ScriptOutcome<R>>,
  ): Promise<{ entries: AuditEntry[] } | { refused: R }> {
    const outcome = await attempt(['*', '', '0', '0', '0'], []);
    if ('refused' in outcome) return outcome;
    if ('written' in outcome) return { entries: [] };
    throw new Error('a write without audit events cannot lose the chain head');
  }

  private async writeNow<R>(
    org: string,
    events: readonly AuditEvent[],
    attempt: (auditArgs: string[], entries: AuditEntry[]) => Promise<ScriptOutcome<R>>,
  ): Promise<{ entries: AuditEntry[] } | { refused: R }> {
    let expected = (await this.redis.get(this.keys.auditHead(org))) ?? '';
    for (let round = 0; round < MAX_APPEND_ATTEMPTS; round++) {
      const entries = linkAfter(parseHead(expected), events);
      const outcome = await attempt(auditArgs(expected, entries, events), entries);
      if ('written' in outcome) return { entries };
      if ('refused' in outcome) return outcome;
      expected = outcome.headMoved;
    }
    throw new AuditConflictError(
      `audit append for ${org} lost the head ${MAX_APPEND_ATTEMPTS} times in a row`,
    );
  }
}

function linkAfter(head: AuditHead | null, events: readonly AuditEvent[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  // appendEntry reads only seq and hash of the previous entry; the head carries exactly those.
  let previous: AuditEntry | undefined = head ? { ...events[0]!, ...head, prev: '' } : undefined;
  for (const event of events) {
    previous = appendEntry(previous, event);
    entries.push(previous);
  }
  return entries;
}

function auditArgs(
  expected: string,
  entries: readonly AuditEntry[],
  events: readonly AuditEvent[],
): string[] {
  const last = entries.at(-1);
  const newHead = last ? canonicalJson({ seq: last.seq, hash: last.hash }) : expected;
  const indexed = events.every((event) => event.draft !== '') ? '1' : '0';
  return [
    expected,
    newHead,
    String(entries[0]?.seq ?? 0),
    indexed,
    String(entries.length),
    ...entries.map((entry) => canonicalJson({ ...entry })),
  ];
}

export function parseHead(json: string | null): AuditHead | null {
  return json === null || json === '' ? null : (JSON.parse(json) as AuditHead);
}
