import type { AdminAlert } from '../../domain/admin-alert.js';
import type { Clock } from '../../domain/clock.js';
import { buildMonitorReport, type MonitorReport } from '../../domain/monitor/monitor-report.js';
import type { ReportPeriod } from '../../domain/monitor/report-period.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { AccountError } from '../account-service.js';
import type { AdminAlerts } from '../ports/alerts.js';
import type { AuditLog } from '../ports/audit.js';
import type { MonitorProfiles, WorkingDayCalendar } from '../ports/monitor.js';
import type { PeopleStore } from '../ports/people.js';
import type { RenderedReport, ReportCharts, ReportError, ReportRenderer } from '../ports/reports.js';
import type { CadenceMonitor } from './cadence-monitor.js';

/** Alerts read per organisation at most (the store keeps the newest, bounded). */
const ALERT_LIMIT = 10_000;

export interface MonitorReportsDeps {
  monitor: Pick<CadenceMonitor, 'histories'>;
  orgs: Pick<PeopleStore, 'getOrg'>;
  alerts: Pick<AdminAlerts, 'list'>;
  audit: Pick<AuditLog, 'all'>;
  calendar: WorkingDayCalendar;
  profiles: MonitorProfiles;
  now: Clock;
}

/** The inspection reports (issue 13 point 5): gathers the inputs, the domain computes. */
export interface MonitorReports {
  /** `org_not_found` for an organisation that does not exist. */
  report(org: string, period: ReportPeriod): Promise<Result<MonitorReport, AccountError>>;
}

/** The reports with what the edges render them with: files for inspectors, charts for the dashboard. */
export interface ReportsEdge {
  service: MonitorReports;
  files: ReportRenderer;
  charts: ReportCharts;
}

export function createMonitorReports(deps: MonitorReportsDeps): MonitorReports {
  return {
    async report(org, period) {
      const found = await deps.orgs.getOrg(org);
      if (found === null) return err({ code: 'org_not_found', slug: org });
      const histories = await deps.monitor.histories(org);
      if (!histories.ok) return err(histories.error);
      const alerts: AdminAlert[] = await deps.alerts.list(org, ALERT_LIMIT);
      return ok(
        buildMonitorReport({
          org,
          orgName: found.name,
          period,
          now: deps.now(),
          profile: deps.profiles(org),
          isWorkingDay: deps.calendar.isWorkingDay,
          accounts: histories.value.map(({ account, posts }) => ({ ...account, posts })),
          alerts,
          audit: await deps.audit.all(org),
        }),
      );
    },
  };
}

/** The report as a file, or the typed error of a PDF font the installation lacks (503 / exit 3 at the edges). */
export async function renderReportFile(
  files: ReportRenderer,
  report: MonitorReport,
  format: 'xlsx' | 'pdf',
): Promise<Result<RenderedReport, ReportError>> {
  try {
    return ok(await files.render(report, format));
  } catch (error) {
    // By name, as the port says: the adapter's class is not the service's to import.
    const missing = error as { name?: unknown; path?: unknown } | null;
    if (missing?.name !== 'ReportFontMissingError' || typeof missing.path !== 'string') throw error;
    return err({ code: 'report_font_missing', path: missing.path });
  }
}
