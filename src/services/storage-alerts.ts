import type { Clock } from '../domain/clock.js';
import { OPERATIONS_TEXT } from '../messages/operations.js';
import type { AdminAlerts } from './ports/alerts.js';
import type { PeopleStore } from './ports/people.js';

/** What the supervisor saw: why the embedded Redis went down and how long until it ran again. */
export interface StorageRestart {
  reason: string;
  downMs: number;
  attempts: number;
}

export interface StorageAlerts {
  /** The embedded Redis died and runs again: every organisation's admins see it in their alerts. */
  restarted(restart: StorageRestart): Promise<void>;
}

export function createStorageAlerts(deps: {
  orgs: Pick<PeopleStore, 'listOrgs'>;
  alerts: AdminAlerts;
  now: Clock;
}): StorageAlerts {
  return {
    async restarted(restart) {
      const at = deps.now().toISOString();
      const message = OPERATIONS_TEXT.storageRestarted(restart.reason, restart.downMs, restart.attempts);
      for (const org of await deps.orgs.listOrgs()) {
        await deps.alerts.raise({ org, kind: 'storage_restarted', message, at });
      }
    },
  };
}
