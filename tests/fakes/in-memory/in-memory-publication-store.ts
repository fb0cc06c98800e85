import type { AuditEvent } from '../../../src/domain/audit/audit-event.js';
import type { Publication } from '../../../src/domain/publishing/publication.js';
import type { PublicationStore } from '../../../src/services/ports/publishing.js';
import type { InMemoryAuditLog } from './in-memory-audit-log.js';
import { storedCopy } from './stored-copy.js';

/**
 * PublicationStore in memory: one entry per (version, target) of a draft. `queue` adds only new ones (and
 * answers all of the draft's) and `save` replaces one, each with its audit events in the same synchronous step.
 */
export class InMemoryPublicationStore implements PublicationStore {
  readonly #byDraft = new Map<string, Map<string, Publication>>();

  constructor(private readonly audit: InMemoryAuditLog) {}

  queue(
    _org: string,
    draft: string,
    publications: readonly Publication[],
    audit: (added: readonly Publication[]) => readonly AuditEvent[],
  ): Promise<Publication[]> {
    const stored = this.#of(draft);
    const added = publications.filter((publication) => !stored.has(keyOf(publication)));
    for (const publication of added) stored.set(keyOf(publication), storedCopy(publication));
    if (added.length > 0) for (const event of audit(added)) this.audit.appendNow(event);
    return this.get(draft);
  }

  save(_org: string, draft: string, publication: Publication, audit?: AuditEvent): Promise<void> {
    this.#of(draft).set(keyOf(publication), storedCopy(publication));
    if (audit) this.audit.appendNow(audit);
    return Promise.resolve();
  }

  get(draft: string): Promise<Publication[]> {
    const all = [...this.#of(draft).values()].sort((a, b) => a.version - b.version);
    return Promise.resolve(storedCopy(all));
  }

  #of(draft: string): Map<string, Publication> {
    let stored = this.#byDraft.get(draft);
    if (!stored) {
      stored = new Map();
      this.#byDraft.set(draft, stored);
    }
    return stored;
  }
}

function keyOf(publication: Pick<Publication, 'version' | 'target'>): string {
  return `${publication.version}/${publication.target}`;
}
