import type { AdminAlert } from '../../domain/admin-alert.js';

/** Alerts for administrators: kept (newest first, bounded) and delivered on their channels. */
export interface AdminAlerts {
  /**
   * Keeps the alert and, unless it is a failed delivery's (isPushedToAdmins), has it sent to the organisation's
   * admins, in one atomic step; the same alert (alertIdOf) raised again does nothing.
   */
  raise(alert: AdminAlert): Promise<void>;
  list(org: string, limit: number): Promise<AdminAlert[]>;
}
