import { Router, type Request, type Response } from 'express';
import { beijingDay } from '../../domain/monitor/calendar-days.js';
import { parseReportPeriod, quarterOf } from '../../domain/monitor/report-period.js';
import { mayAdminister } from '../../domain/people.js';
import { renderMonitorPage } from '../../pages/monitor-page.js';
import { renderConfirmationPage } from '../../pages/review-page.js';
import type { MonitorReport } from '../../domain/monitor/monitor-report.js';
import type { Person } from '../../domain/people.js';
import { errorMessageFor } from '../../messages/error-messages.js';
import { renderReportFile, type ReportsEdge } from '../../services/monitor/report-service.js';
import { deskNavOf } from './desk-nav.js';
import type { DeskSessions } from './desk-sessions.js';

/** Charts are drawn this wide and scale down with the card (viewBox): sharp on a desk, fitting on a phone. */
const CHART_WIDTH = 560;

/**
 * `GET /d/monitor?period=2026Q4` (the desk, the organisation's admins): the monitor's dashboard, this quarter
 * when no period is named, with links to the XLSX and PDF exports at `/d/monitor/export?period=…&format=…`
 * (on the desk's session: the API's export wants a bearer token a browser does not hold).
 */
export function monitorPageRoutes(deps: { reports: ReportsEdge; sessions: DeskSessions }): Router {
  const router = Router();
  router.get('/d/monitor', async (req, res) => {
    const asked = await reportAsked(deps, req, res);
    if (!asked) return;
    const { person, report } = asked;
    const exportOf = (format: string) =>
      `${req.baseUrl}/d/monitor/export?period=${report.period.label}&format=${format}`;
    const page = renderMonitorPage({
      viewerName: person.name,
      nav: deskNavOf(deps.sessions, req, person, 'admin'),
      report,
      charts: deps.reports.charts.chartsOf(report, CHART_WIDTH),
      links: [
        { label: '导出 XLSX', href: exportOf('xlsx') },
        { label: '导出 PDF', href: exportOf('pdf') },
      ],
    });
    res.type('html').send(page);
  });
  router.get('/d/monitor/export', async (req, res) => {
    const asked = await reportAsked(deps, req, res);
    if (!asked) return;
    const format = req.query.format === 'pdf' ? 'pdf' : 'xlsx';
    const file = await renderReportFile(deps.reports.files, asked.report, format);
    if (!file.ok) return notice(res, 503, '无法生成报表', errorMessageFor(file.error));
    res.attachment(file.value.filename).type(file.value.contentType).send(file.value.body);
  });
  return router;
}

/** The admin of the session and the report of the period asked (this quarter by default); else answered. */
async function reportAsked(
  deps: { reports: ReportsEdge; sessions: DeskSessions },
  req: Request,
  res: Response,
): Promise<{ person: Person; report: MonitorReport } | undefined> {
  const person = await deps.sessions.personOf(req);
  if (!person) return notice(res, 401, '请先登录', '请用管理员发给您的登录链接打开本页。');
  if (!mayAdminister(person, person.org))
    return notice(res, 403, '无权查看', '监测看板仅供本单位管理员查看。');
  const label = typeof req.query.period === 'string' ? req.query.period : quarterOf(beijingDay(new Date()));
  const period = parseReportPeriod(label);
  if (!period) return notice(res, 400, '统计期无效', '统计期应为 2026-11 或 2026Q4 形式。');
  const result = await deps.reports.service.report(person.org, period);
  if (!result.ok) return notice(res, 404, '找不到单位', result.error.code);
  return { person, report: result.value };
}

function notice(res: Response, status: number, title: string, message: string): undefined {
  res
    .status(status)
    .type('html')
    .send(renderConfirmationPage({ title, message, verdict: undefined, draftTitle: '' }));
}
