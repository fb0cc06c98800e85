import type { AdminAlert } from '../../domain/admin-alert.js';
import type { Clock } from '../../domain/clock.js';
import { buildMonitorReport, type MonitorReport } from '../../domain/monitor/monitor-report.js';
import type { ReportPeriod } from '../../domain/monitor/report-period.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { AccountError } from '../account-service.js';
import type { AdminAlerts } from '../ports/alerts.js';
import type { AuditEntry } from '../../domain/audit/audit-event.js';
import type { AuditLog } from '../ports/audit.js';
import type { DraftStore } from '../ports/drafts.js';
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
  /** The drafts the audit trail names: their targets give review times per account. */
  drafts: Pick<DraftStore, 'records'>;
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
      const audit = await deps.audit.all(org);
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
          audit,
          draftTargets: await targetsOfApproved(deps.drafts, audit),
        }),
      );
    },
  };
}

/** The targets of every draft the trail shows finally approved (only those are timed). */
async function targetsOfApproved(
  drafts: Pick<DraftStore, 'records'>,
  audit: readonly AuditEntry[],
): Promise<Map<string, readonly string[]>> {
  const approved = audit.filter((entry) => entry.action === 'approved' && entry.details['final'] === true);
  const records = await drafts.records([...new Set(approved.map((entry) => entry.draft))]);
  return new Map(records.map((record) => [record.id, record.targets ?? []]));
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
