import { Router, type Response } from 'express';
import { beijingDay } from '../../domain/monitor/calendar-days.js';
import { parseReportPeriod, quarterOf } from '../../domain/monitor/report-period.js';
import { mayAdminister } from '../../domain/people.js';
import { renderMonitorPage } from '../../pages/monitor-page.js';
import { renderConfirmationPage } from '../../pages/review-page.js';
import type { ReportsEdge } from '../../services/monitor/report-service.js';
import type { DeskSessions } from './desk-sessions.js';

/** Charts are drawn this wide and scale down with the card (viewBox): sharp on a desk, fitting on a phone. */
const CHART_WIDTH = 560;

/**
 * `GET /d/monitor?period=2026Q4` (the desk, the organisation's admins): the monitor's dashboard, this quarter
 * when no period is named, with links to the XLSX and PDF exports.
 */
export function monitorPageRoutes(deps: { reports: ReportsEdge; sessions: DeskSessions }): Router {
  const router = Router();
  router.get('/d/monitor', async (req, res) => {
    const person = await deps.sessions.personOf(req);
    if (!person) return notice(res, 401, '请先登录', '请用管理员发给您的登录链接打开本页。');
    if (!mayAdminister(person, person.org))
      return notice(res, 403, '无权查看', '监测看板仅供本单位管理员查看。');
    const label = typeof req.query.period === 'string' ? req.query.period : quarterOf(beijingDay(new Date()));
    const period = parseReportPeriod(label);
    if (!period) return notice(res, 400, '统计期无效', '统计期应为 2026-11 或 2026Q4 形式。');
    const result = await deps.reports.service.report(person.org, period);
    if (!result.ok) return notice(res, 404, '找不到单位', result.error.code);
    const api = `${req.baseUrl}/api/orgs/${encodeURIComponent(person.org)}/monitor/report?period=${period.label}`;
    const page = renderMonitorPage({
      viewerName: person.name,
      report: result.value,
      charts: deps.reports.charts.chartsOf(result.value, CHART_WIDTH),
      links: [
        { label: '导出 XLSX', href: `${api}&format=xlsx` },
        { label: '导出 PDF', href: `${api}&format=pdf` },
      ],
    });
    res.type('html').send(page);
  });
  return router;
}

function notice(res: Response, status: number, title: string, message: string): void {
  res
    .status(status)
    .type('html')
    .send(renderConfirmationPage({ title, message, verdict: undefined, draftTitle: '' }));
}
