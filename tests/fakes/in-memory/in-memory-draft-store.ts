import type { DraftRecord, DraftWithVersion, StoredVersion } from '../../../src/domain/draft-record.js';
import type { ReviewStatus } from '../../../src/domain/workflow/review-state.js';
import type { DraftChange, DraftStore } from '../../../src/services/ports/drafts.js';
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
      .filter((stored) => stored.record.review.status === 'approved')
      .map((stored) => stored.record.id);
    return Promise.resolve(ids);
  }
}
