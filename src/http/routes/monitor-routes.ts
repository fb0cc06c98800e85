import { Router } from 'express';
import { z } from 'zod';
import { parseReportPeriod } from '../../domain/monitor/report-period.js';
import type { CadenceMonitor } from '../../services/monitor/cadence-monitor.js';
import { renderReportFile, type ReportsEdge } from '../../services/monitor/report-service.js';
import { orgInPath, requireAdminOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';

const orgParams = z.object({ slug: z.string() });
const reportQuery = z.object({
  period: z.string().transform((text, ctx) => {
    const period = parseReportPeriod(text);
    if (period === undefined) ctx.addIssue({ code: 'custom', message: '应为 2026-11 或 2026Q4 形式' });
    return period ?? z.NEVER;
  }),
  format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
});

/**
 * `GET /api/orgs/:slug/monitor/cadence` (admin): every account's update cadence and original ratio now, from
 * qianfa's publications and the platforms' lists (issue 13); `GET …/monitor/report?period=2026Q4&format=`
 * (admin): the inspection report of a month or quarter as JSON, XLSX or PDF.
 */
export function monitorRoutes(monitor: Pick<CadenceMonitor, 'report'> & { reports?: ReportsEdge }): Router {
  const router = Router({ mergeParams: true });
  router.get('/cadence', requireAdminOf(orgInPath), async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const result = await monitor.report(slug);
    if (!result.ok) throw toHttpError(result.error);
    res.json(result.value);
  });
  const { reports } = monitor;
  if (reports)
    router.get('/report', requireAdminOf(orgInPath), async (req, res) => {
      const { slug } = parseRequest(orgParams, req.params, 'params');
      const { period, format } = parseRequest(reportQuery, req.query, 'query');
      const result = await reports.service.report(slug, period);
      if (!result.ok) throw toHttpError(result.error);
      if (format === 'json') return res.json(result.value);
      const file = await renderReportFile(reports.files, result.value, format);
      if (!file.ok) throw toHttpError(file.error);
      res.attachment(file.value.filename).type(file.value.contentType).send(file.value.body);
    });
  return router;
}
