import type { AdminAlert } from '../../../src/domain/admin-alert.js';
import type { AdminAlerts } from '../../../src/services/ports/alerts.js';
import { storedCopy } from './stored-copy.js';

/** AdminAlerts in memory: newest first per organisation. */
export class InMemoryAdminAlerts implements AdminAlerts {
  readonly #byOrg = new Map<string, AdminAlert[]>();

  raise(alert: AdminAlert): Promise<void> {
    this.#byOrg.set(alert.org, [storedCopy(alert), ...(this.#byOrg.get(alert.org) ?? [])]);
    return Promise.resolve();
  }

  list(org: string, limit: number): Promise<AdminAlert[]> {
    return Promise.resolve(storedCopy((this.#byOrg.get(org) ?? []).slice(0, limit)));
  }
}
