import { Router } from 'express';
import { z } from 'zod';
import type { AdminAlerts } from '../../services/ports/alerts.js';
import { orgInQuery, requireAdminOf } from '../auth.js';
import { parseRequest } from '../error-mapping.js';
import { queryInteger } from '../query-schemas.js';

const alertQuery = z.strictObject({
  org: z.string('须给出单位标识'),
  limit: queryInteger(1, 500).optional(),
});

/** `GET /api/alerts?org=SLUG`: what administrators must look at (failed publications, bypasses), newest first. */
export function alertRoutes(alerts: AdminAlerts): Router {
  const router = Router();
  router.use(requireAdminOf(orgInQuery));
  router.get('/', async (req, res) => {
    const query = parseRequest(alertQuery, req.query, 'query');
    res.json({ alerts: await alerts.list(query.org, query.limit ?? 50) });
  });
  return router;
}
