import { Router, type Response } from 'express';
import { z } from 'zod';
import type { IssuedToken } from '../../services/ports/people.js';
import type { PeopleService } from '../../services/people-service.js';
import { mayGrant } from '../../domain/people.js';
import { AUTH_TEXT } from '../../messages/auth.js';
import { callerOf, orgInPath, requireAdminOf, requireRole } from '../auth.js';
import { HttpError, parseRequest, toHttpError } from '../error-mapping.js';

const newOrgSchema = z.strictObject({ slug: z.string('须为字符串'), name: z.string('须为字符串') });
const newPersonSchema = z.strictObject({
  name: z.string('须为字符串'),
  roles: z.array(z.string('须为字符串'), '须为字符串数组').min(1, '至少一个角色'),
  outsourced: z.boolean('须为 true 或 false').optional(),
});
const orgParams = z.object({ slug: z.string() });
const personParams = z.object({ slug: z.string(), name: z.string() });

/**
 * Admin endpoints under `/api/orgs`: organisations (installation admins), people and tokens (the organisation's
 * admins and installation admins). The caller is already authenticated;
 * `peopleFor` gives the service acting for this request's caller (so changes can be audited as that person).
 */
export function adminRoutes(peopleFor: (res: Response) => PeopleService): Router {
  const router = Router();
  router.use(requireAdminOf(() => undefined));
  router.use('/:slug', requireAdminOf(orgInPath));

  router.get('/', requireRole('installation_admin'), async (_req, res) => {
    res.json({ orgs: await peopleFor(res).listOrgs() });
  });

  router.post('/', requireRole('installation_admin'), async (req, res) => {
    const result = await peopleFor(res).addOrg(parseRequest(newOrgSchema, req.body));
    if (!result.ok) throw toHttpError(result.error);
    res.status(201).json(result.value);
  });

  router.get('/:slug/people', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const result = await peopleFor(res).listPeople(slug);
    if (!result.ok) throw toHttpError(result.error);
    res.json({ people: result.value });
  });

  router.post('/:slug/people', async (req, res) => {
    const { slug } = parseRequest(orgParams, req.params, 'params');
    const body = parseRequest(newPersonSchema, req.body);
    if (!mayGrant(callerOf(res), body.roles))
      throw new HttpError(403, 'forbidden', AUTH_TEXT.grantInstallationAdmin);
    const result = await peopleFor(res).addPerson({ org: slug, ...body });
    if (!result.ok) throw toHttpError(result.error);
    sendIssued(res, result.value);
  });

  router.post('/:slug/people/:name/token', async (req, res) => {
    const { slug, name } = parseRequest(personParams, req.params, 'params');
    const result = await peopleFor(res).issueToken(slug, name);
    if (!result.ok) throw toHttpError(result.error);
    sendIssued(res, result.value);
  });
  return router;
}

function sendIssued(res: Response, issued: IssuedToken): void {
  res.status(201).json({ ...issued.person, token: issued.token });
}
