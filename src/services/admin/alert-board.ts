import { alertIdOf, type AdminAlert } from '../../domain/admin-alert.js';
import type { Person } from '../../domain/people.js';
import type { Clock } from '../../domain/clock.js';
import type { AlertAck, AlertAcks } from '../ports/alert-acks.js';
import type { AdminAlerts } from '../ports/alerts.js';

/** An alert as the admin's page lists it: its id and, once someone acknowledged it, who and when. */
export interface ListedAlert {
  id: string;
  alert: AdminAlert;
  ack?: AlertAck;
}

/** The admin's view of alerts: listed with their acknowledgements, acknowledged once by one person. */
export interface AlertBoard {
  list(org: string, limit: number): Promise<ListedAlert[]>;
  /** False when no such alert is (still) kept for the organisation. */
  acknowledge(org: string, alertId: string, by: Person): Promise<boolean>;
}

/** Alerts looked through when an acknowledgement names one: as many as are kept. */
const ACKNOWLEDGEABLE = 1_000;

export function createAlertBoard(deps: { alerts: AdminAlerts; acks: AlertAcks; now: Clock }): AlertBoard {
  return {
    async list(org, limit) {
      const alerts = await deps.alerts.list(org, limit);
      const ids = alerts.map(alertIdOf);
      const acks = await deps.acks.of(org, ids);
      return alerts.map((alert, index) => {
        const ack = acks.get(ids[index]!);
        return { id: ids[index]!, alert, ...(ack ? { ack } : {}) };
      });
    },
    async acknowledge(org, alertId, by) {
      const kept = await deps.alerts.list(org, ACKNOWLEDGEABLE);
      if (!kept.some((alert) => alertIdOf(alert) === alertId)) return false;
      const at = deps.now().toISOString();
      await deps.acks.acknowledge(org, alertId, { by: by.id, byName: by.name, at });
      return true;
    },
  };
}
