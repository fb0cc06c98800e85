import { Router } from 'express';
import { z } from 'zod';
import type { CorrectionService } from '../../services/correction-service.js';
import type { AdminAlerts } from '../../services/ports/alerts.js';
import { orgInQuery, requireAdminOf } from '../auth.js';
import { parseRequest } from '../error-mapping.js';
import { queryInteger } from '../query-schemas.js';
import { alertCorrectionRoute } from './correction-routes.js';

const alertQuery = z.strictObject({
  org: z.string('须给出单位标识'),
  limit: queryInteger(1, 500).optional(),
});

/** `GET /api/alerts?org=SLUG`: what administrators must look at (failed publications, bypasses), newest first. */
export function alertRoutes(alerts: AdminAlerts, corrections?: CorrectionService): Router {
  const router = Router();
  router.use(requireAdminOf(orgInQuery));
  router.get('/', async (req, res) => {
    const query = parseRequest(alertQuery, req.query, 'query');
    const limit = query.limit ?? 50;
    // With corrections: each alert's id, and the correction started from it with its status.
    const listed = corrections ? corrections.alerts(query.org, limit) : alerts.list(query.org, limit);
    res.json({ alerts: await listed });
  });
  if (corrections) router.use(alertCorrectionRoute(corrections));
  return router;
}
