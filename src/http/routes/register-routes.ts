import { Router, type Request } from 'express';
import { z } from 'zod';
import type { RegisterService, RegisterView } from '../../services/monitor/register-service.js';
import { callerOf, orgInPath, requireAdminOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';
import { changeSchema, closureSchema, offlineSchema, openingSchema } from '../register-schemas.js';

const orgParams = z.object({ slug: z.string() });
const entryParams = z.object({ slug: z.string(), platform: z.string(), name: z.string() });
const exportQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json') });

/** The register as a file: the seeds' filing form. */
export interface RegisterExport {
  workbook(org: string, views: readonly RegisterView[]): Promise<Buffer>;
}

/**
 * `/api/orgs/:slug/register` (the organisation's admins; issue 13 point 1): the account register, lifecycle
 * requests (opening, change, closure: drafts signed off up to the principal), running, temporary offline,
 * 注销, and the export as the filing form (`/export?format=xlsx`).
 */
export function registerRoutes(register: RegisterService, files: RegisterExport): Router {
  const router = Router({ mergeParams: true });
  router.use(requireAdminOf(orgInPath));
  const target = (req: Request) => {
    const { slug, platform, name } = parseRequest(entryParams, req.params, 'params');
    return { slug, target: `${platform}:${name}` };
  };
  const answer = <T>(
    result: { ok: true; value: T } | { ok: false; error: Parameters<typeof toHttpError>[0] },
  ) => {
    if (!result.ok) throw toHttpError(result.error);
    return result.value;
  };

  router.get('/', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    res.json({ entries: answer(await register.list(slug)) });
  });
  router.get('/export', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const { format } = parseRequest(exportQuery, req.query, 'query');
    const views = answer(await register.list(slug));
    if (format === 'json') return res.json({ entries: views });
    const body = await files.workbook(slug, views);
    res.attachment(`qianfa-register-${slug}.xlsx`).type('xlsx').send(body);
  });
  router.post('/', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const body = parseRequest(openingSchema, req.body);
    res.status(201).json(answer(await register.requestOpening(callerOf(res), slug, body)));
  });
  router.get('/:platform/:name', async (req, res) => {
    const { slug, target: which } = target(req);
    res.json(answer(await register.show(slug, which)));
  });
  router.post('/:platform/:name/change', async (req, res) => {
    const { slug, target: which } = target(req);
    const body = parseRequest(changeSchema, req.body);
    res.status(201).json(answer(await register.requestChange(callerOf(res), slug, which, body)));
  });
  router.post('/:platform/:name/closure', async (req, res) => {
    const { slug, target: which } = target(req);
    const body = parseRequest(closureSchema, req.body);
    res.status(201).json(answer(await register.requestClosure(callerOf(res), slug, which, body)));
  });
  router.post('/:platform/:name/running', async (req, res) => {
    const { slug, target: which } = target(req);
    res.json(answer(await register.markRunning(callerOf(res), slug, which)));
  });
  router.post('/:platform/:name/offline', async (req, res) => {
    const { slug, target: which } = target(req);
    const { days } = parseRequest(offlineSchema, req.body);
    res.json(answer(await register.takeOffline(callerOf(res), slug, which, days)));
  });
  router.post('/:platform/:name/close', async (req, res) => {
    const { slug, target: which } = target(req);
    res.json(answer(await register.close(callerOf(res), slug, which)));
  });
  return router;
}
