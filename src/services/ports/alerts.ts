import type { AdminAlert } from '../../domain/admin-alert.js';

/** Alerts for administrators: kept (newest first, bounded) and delivered on their channels. */
export interface AdminAlerts {
  raise(alert: AdminAlert): Promise<void>;
  list(org: string, limit: number): Promise<AdminAlert[]>;
}
