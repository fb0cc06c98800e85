import { appendEntry } from '../../../src/domain/audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../../../src/domain/audit/audit-event.js';
import type { AuditHead, AuditLog, AuditPage, AuditPages } from '../../../src/services/ports/audit.js';
import { storedCopy } from './stored-copy.js';

/**
 * AuditLog in memory: one real hash chain per organisation (entries linked by appendEntry, so verifyChain
 * passes), the head kept apart from the entries as the contract asks. Appends are synchronous, hence never
 * interleave: the chain cannot fork.
 */
export class InMemoryAuditLog implements AuditLog {
  readonly #chains = new Map<string, AuditEntry[]>();
  readonly #heads = new Map<string, AuditHead>();

  append(event: AuditEvent): Promise<AuditEntry> {
    return Promise.resolve(storedCopy(this.appendNow(event)));
  }

  /** Appends at once: what another in-memory store calls inside its own atomic step. */
  appendNow(event: AuditEvent): AuditEntry {
    const chain = this.#chain(event.org);
    const entry = appendEntry(chain.at(-1), storedCopy(event));
    chain.push(entry);
    this.#heads.set(event.org, { seq: entry.seq, hash: entry.hash });
    return entry;
  }

  list(org: string, page: { offset: number; limit: number }): Promise<AuditPage> {
    const chain = this.#chain(org);
    const entries = chain.slice(page.offset, page.offset + page.limit);
    return Promise.resolve(storedCopy({ entries, total: chain.length }));
  }

  all(org: string): Promise<AuditEntry[]> {
    return Promise.resolve(storedCopy(this.#chain(org)));
  }

  forDraft(org: string, draft: string): Promise<AuditEntry[]> {
    return Promise.resolve(storedCopy(this.#chain(org).filter((entry) => entry.draft === draft)));
  }

  head(org: string): Promise<AuditHead | null> {
    return Promise.resolve(storedCopy(this.#heads.get(org) ?? null));
  }

  pages(org: string, pageSize: number): Promise<AuditPages> {
    const entries = storedCopy(this.#chain(org)); // as it stands now: later appends are not read
    async function* inPages(): AsyncIterable<AuditEntry[]> {
      for (let offset = 0; offset < entries.length; offset += pageSize)
        yield Promise.resolve(entries.slice(offset, offset + pageSize));
    }
    return Promise.resolve({ head: storedCopy(this.#heads.get(org) ?? null), entries: inPages() });
  }

  snapshot(org: string): Promise<{ entries: AuditEntry[]; head: AuditHead | null }> {
    return Promise.resolve(storedCopy({ entries: this.#chain(org), head: this.#heads.get(org) ?? null }));
  }

  #chain(org: string): AuditEntry[] {
    let chain = this.#chains.get(org);
    if (!chain) {
      chain = [];
      this.#chains.set(org, chain);
    }
    return chain;
  }
}
