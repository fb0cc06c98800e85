import { alertIdOf, type AdminAlert } from '../../domain/admin-alert.js';
import type { Person } from '../../domain/people.js';
import type { Clock } from '../../domain/clock.js';
import type { AlertAck, AlertAcks } from '../ports/alert-acks.js';
import type { AdminAlerts } from '../ports/alerts.js';
import type { AuditLog } from '../ports/audit.js';
import { auditRecorder } from '../audit-service.js';

/** An alert as the admin's page lists it: its id and, once someone acknowledged it, who and when. */
export interface ListedAlert {
  id: string;
  alert: AdminAlert;
  ack?: AlertAck;
}

/**
 * The admin's view of alerts: listed with their acknowledgements, acknowledged once by one person, and that
 * acknowledgement recorded in the organisation's trail (who took charge of which alert).
 */
export interface AlertBoard {
  list(org: string, limit: number): Promise<ListedAlert[]>;
  /** False when no such alert is (still) kept for the organisation. */
  acknowledge(org: string, alertId: string, by: Person): Promise<boolean>;
}

/** Alerts looked through when an acknowledgement names one: as many as are kept. */
const ACKNOWLEDGEABLE = 1_000;

export function createAlertBoard(deps: {
  alerts: AdminAlerts;
  acks: AlertAcks;
  audit: AuditLog;
  now: Clock;
}): AlertBoard {
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
      const alert = kept.find((candidate) => alertIdOf(candidate) === alertId);
      if (!alert) return false;
      const at = deps.now().toISOString();
      const first = await deps.acks.acknowledge(org, alertId, { by: by.id, byName: by.name, at });
      if (first)
        await auditRecorder(deps.audit, by, deps.now)(org, 'alert_acknowledged', ackDetails(alertId, alert));
      return true;
    },
  };
}

function ackDetails(alertId: string, alert: AdminAlert) {
  const { kind, message, at, draft, target } = alert;
  return {
    alert: alertId,
    kind,
    alert_message: message,
    raised_at: at,
    ...(draft ? { draft } : {}),
    ...(target ? { target } : {}),
  };
}
