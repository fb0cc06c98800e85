import type { DraftRecord, DraftWithVersion, StoredVersion } from '../../../src/domain/draft-record.js';
import type { Role } from '../../../src/domain/people.js';
import { awaitingEntryOf } from '../../../src/domain/workflow/awaiting-index.js';
import { decidedEntryOf, type DecidedEntry } from '../../../src/domain/workflow/decided-index.js';
import type { ReviewStatus } from '../../../src/domain/workflow/review-state.js';
import { isPublishing } from '../../../src/domain/workflow/review-status.js';
import type { DraftChange, DraftStore, NotificationJob } from '../../../src/services/ports/drafts.js';
import type { InMemoryAuditLog } from './in-memory-audit-log.js';
import { storedCopy } from './stored-copy.js';

interface StoredDraft {
  record: DraftRecord;
  versions: Map<number, StoredVersion>;
}

/**
 * DraftStore in memory. `commit` is compare-and-set on the revision and writes record, version and audit
 * entries (into the shared InMemoryAuditLog) in one synchronous step, so of two racing commits exactly one lands.
 */
export class InMemoryDraftStore implements DraftStore {
  readonly #drafts = new Map<string, StoredDraft>();
  #crashNext = false;
  /** The notification jobs commits stored, oldest first (the Redis store's outbox stream). */
  readonly outbox: NotificationJob[] = [];
  /** 已处理: each person's decisions (by org and person id), oldest first. */
  readonly #decided = new Map<string, DecidedEntry[]>();

  constructor(private readonly audit: InMemoryAuditLog) {}

  /** The next commit throws and writes nothing, as when the process dies before it (a crash in between). */
  crashOnNextCommit(): void {
    this.#crashNext = true;
  }

  commit(change: DraftChange, expectedRevision: number): Promise<'committed' | 'conflict'> {
    if (this.#crashNext) {
      this.#crashNext = false;
      return Promise.reject(new Error('the process died before the commit'));
    }
    const { record } = change;
    const stored = this.#drafts.get(record.id);
    if ((stored?.record.revision ?? 0) !== expectedRevision) return Promise.resolve('conflict');
    const versions = stored?.versions ?? new Map<number, StoredVersion>();
    if (change.version && !versions.has(change.version.number)) {
      versions.set(change.version.number, storedCopy(change.version));
    }
    this.#drafts.set(record.id, { record: storedCopy(record), versions });
    for (const event of change.audit) this.audit.appendNow(event);
    const decided = decidedEntryOf(change.audit);
    if (decided) this.#decidedOf(record.review.org, decided.person).push(decided.entry);
    const kinds = change.notify ?? [];
    if (kinds.length > 0)
      this.outbox.push({ id: String(this.outbox.length + 1), record: storedCopy(record), kinds });
    return Promise.resolve('committed');
  }

  get(id: string): Promise<DraftWithVersion | null> {
    const stored = this.#drafts.get(id);
    const version = stored?.versions.get(stored.record.review.version.number);
    if (!stored || !version) return Promise.resolve(null);
    return Promise.resolve(storedCopy({ record: stored.record, version }));
  }

  version(id: string, number: number): Promise<StoredVersion | null> {
    return Promise.resolve(storedCopy(this.#drafts.get(id)?.versions.get(number) ?? null));
  }

  list(org: string, filter: { statuses?: readonly ReviewStatus[]; limit: number }): Promise<DraftRecord[]> {
    const records = [...this.#drafts.values()]
      .map((stored) => stored.record)
      .filter((record) => record.review.org === org)
      .filter((record) => !filter.statuses || filter.statuses.includes(record.review.status))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, filter.limit);
    return Promise.resolve(storedCopy(records));
  }

  approvedIds(): Promise<string[]> {
    const ids = [...this.#drafts.values()]
      .filter((stored) => isPublishing(stored.record.review.status))
      .map((stored) => stored.record.id);
    return Promise.resolve(ids);
  }

  waitingFor(
    org: string,
    roles: readonly Role[],
    page: { offset: number; count: number },
  ): Promise<string[]> {
    const waiting = [...this.#drafts.values()].flatMap((stored) => {
      const version = stored.versions.get(stored.record.review.version.number);
      const entry = awaitingEntryOf(stored.record, version?.at).waiting;
      const mine = stored.record.review.org === org && entry && roles.includes(entry.role);
      return mine ? [{ id: stored.record.id, since: entry.since ?? stored.record.updatedAt }] : [];
    });
    waiting.sort((a, b) => a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
    return Promise.resolve(waiting.slice(page.offset, page.offset + page.count).map((entry) => entry.id));
  }

  returnedTo(org: string, person: string, limit: number): Promise<string[]> {
    const back = [...this.#drafts.values()]
      .map((stored) => stored.record)
      .filter((record) => record.review.org === org && awaitingEntryOf(record).returnedTo.includes(person))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return Promise.resolve(back.slice(0, limit).map((record) => record.id));
  }

  decidedBy(org: string, person: string, page: { offset: number; count: number }): Promise<DecidedEntry[]> {
    const newestFirst = [...this.#decidedOf(org, person)].sort((a, b) => b.at.localeCompare(a.at));
    return Promise.resolve(storedCopy(newestFirst.slice(page.offset, page.offset + page.count)));
  }

  #decidedOf(org: string, person: string): DecidedEntry[] {
    const key = `${org}\n${person}`;
    const entries = this.#decided.get(key) ?? [];
    this.#decided.set(key, entries);
    return entries;
  }

  records(ids: readonly string[]): Promise<DraftRecord[]> {
    return Promise.resolve(storedCopy(ids.flatMap((id) => this.#drafts.get(id)?.record ?? [])));
  }
}
