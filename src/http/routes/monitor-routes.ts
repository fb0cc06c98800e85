import { Router } from 'express';
import { z } from 'zod';
import type { CadenceMonitor } from '../../services/monitor/cadence-monitor.js';
import { orgInPath, requireAdminOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';

const orgParams = z.object({ slug: z.string() });

/**
 * `GET /api/orgs/:slug/monitor/cadence` (admin): every account's update cadence and original ratio now, from
 * qianfa's publications and the platforms' lists (issue 13).
 */
export function monitorRoutes(monitor: Pick<CadenceMonitor, 'report'>): Router {
  const router = Router({ mergeParams: true });
  router.get('/cadence', requireAdminOf(orgInPath), async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const result = await monitor.report(slug);
    if (!result.ok) throw toHttpError(result.error);
    res.json(result.value);
  });
  return router;
}
