import { Router } from 'express';
import { z } from 'zod';
import type { PatrolService } from '../../services/monitor/patrol-service.js';
import { orgInPath, requireAdminOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';

const orgParams = z.object({ slug: z.string() });

/** `GET /api/orgs/:slug/monitor/patrol` (admin): the last patrol of what is online and its open findings. */
export function patrolRoutes(patrol: Pick<PatrolService, 'status'>): Router {
  const router = Router({ mergeParams: true });
  router.get('/patrol', requireAdminOf(orgInPath), async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const result = await patrol.status(slug);
    if (!result.ok) throw toHttpError(result.error);
    res.json(result.value);
  });
  return router;
}
