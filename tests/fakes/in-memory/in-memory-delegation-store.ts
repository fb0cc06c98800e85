import type { Delegation } from '../../../src/domain/delegation.js';
import type { DelegationStore } from '../../../src/services/ports/delegations.js';
import { storedCopy } from './stored-copy.js';

/** DelegationStore in memory: newest first per organisation; `end` keeps the first end time. */
export class InMemoryDelegationStore implements DelegationStore {
  readonly #all: Delegation[] = [];

  add(delegation: Delegation): Promise<void> {
    this.#all.push(storedCopy(delegation));
    return Promise.resolve();
  }

  list(org: string): Promise<Delegation[]> {
    const mine = this.#all
      .filter((d) => d.org === org)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return Promise.resolve(storedCopy(mine));
  }

  end(org: string, id: string, at: string): Promise<boolean> {
    const found = this.#all.find((d) => d.org === org && d.id === id);
    if (found) found.endedAt ??= at;
    return Promise.resolve(found !== undefined);
  }
}
