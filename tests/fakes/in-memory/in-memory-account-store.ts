import type { Platform } from '../../../src/domain/accounts.js';
import type { AccountStore, StoredAccount } from '../../../src/services/ports/accounts.js';
import { storedCopy } from './stored-copy.js';

/** AccountStore in memory: a name is unique per platform within an organisation; secrets kept as given. */
export class InMemoryAccountStore implements AccountStore {
  readonly #all = new Map<string, StoredAccount>();

  add(account: StoredAccount): Promise<'added' | 'exists'> {
    const key = keyOf(account.org, account.platform, account.name);
    if (this.#all.has(key)) return Promise.resolve('exists');
    this.#all.set(key, storedCopy(account));
    return Promise.resolve('added');
  }

  replace(account: StoredAccount): Promise<'replaced' | 'missing'> {
    const key = keyOf(account.org, account.platform, account.name);
    if (!this.#all.has(key)) return Promise.resolve('missing');
    this.#all.set(key, storedCopy(account));
    return Promise.resolve('replaced');
  }

  get(org: string, platform: Platform, name: string): Promise<StoredAccount | null> {
    return Promise.resolve(storedCopy(this.#all.get(keyOf(org, platform, name)) ?? null));
  }

  list(org: string): Promise<StoredAccount[]> {
    const mine = [...this.#all.values()]
      .filter((account) => account.org === org)
      .sort((a, b) => a.platform.localeCompare(b.platform) || a.name.localeCompare(b.name));
    return Promise.resolve(storedCopy(mine));
  }
}

function keyOf(org: string, platform: Platform, name: string): string {
  return `${org}/${platform}/${name}`;
}
