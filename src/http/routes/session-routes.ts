import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Person } from '../../domain/people.js';
import type { AuditRecorder } from '../../services/audit-service.js';
import type { DeskLogins } from '../../services/desk-session-service.js';
import type { LoginService } from '../../services/login-service.js';
import type { PeopleService } from '../../services/people-service.js';
import { callerOf, orgInPath, requireAdminOf } from '../auth.js';
import { parseRequest, toHttpError } from '../error-mapping.js';

export const ownPasswordSchema = z.strictObject({
  password: z.string('须为字符串'),
  current: z.string('须为字符串').optional(),
});
export const passwordSchema = z.strictObject({ password: z.string('须为字符串') });
const personParams = z.object({ slug: z.string(), name: z.string() });
const idParams = z.object({ id: z.string() });

export interface SessionRouteDeps {
  login: LoginService;
  desk: Pick<DeskLogins, 'list'>;
}

/** `/api/me/…`: a person sets their password, lists their desk sessions and ends one. */
export function mySessionRoutes(deps: SessionRouteDeps): Router {
  const router = Router();

  router.post('/password', async (req, res) => {
    const body = parseRequest(ownPasswordSchema, req.body);
    const result = await deps.login.setOwnPassword(callerOf(res), body);
    if (!result.ok) throw toHttpError(result.error);
    res.json({ password_set: true });
  });

  router.get('/sessions', async (_req, res) => {
    res.json({ sessions: await deps.desk.list(callerOf(res)) });
  });

  router.delete('/sessions/:id', async (req, res) => {
    const { id } = parseRequest(idParams, req.params, 'params');
    const result = await deps.login.revokeSession(callerOf(res), callerOf(res), id);
    if (!result.ok) throw toHttpError(result.error);
    res.json({ ended: true });
  });

  return router;
}

/**
 * `/api/orgs/:slug/people/:name/…` (the organisation's admins): disable a person, set their password (both end
 * every session and link they hold), list and end their desk sessions.
 */
export function personSessionRoutes(
  deps: SessionRouteDeps & {
    peopleFor: (res: Response) => PeopleService;
    recordFor: (res: Response) => AuditRecorder;
  },
): Router {
  const router = Router({ mergeParams: true });
  router.use(requireAdminOf(orgInPath));
  const personOf = async (res: Response, params: unknown): Promise<Person> => {
    const { slug, name } = parseRequest(personParams, params, 'params');
    const person = await deps.peopleFor(res).findPerson(slug, name);
    if (!person) throw toHttpError({ code: 'person_not_found', org: slug, name });
    return person;
  };

  router.post('/disable', async (req, res) => {
    const { slug, name } = parseRequest(personParams, req.params, 'params');
    const result = await deps.peopleFor(res).disablePerson(slug, name);
    if (!result.ok) throw toHttpError(result.error);
    res.json(result.value);
  });

  router.post('/password', async (req, res) => {
    const { slug, name } = parseRequest(personParams, req.params, 'params');
    const { password } = parseRequest(passwordSchema, req.body);
    const result = await deps.login.setPassword(deps.recordFor(res), { org: slug, name }, password);
    if (!result.ok) throw toHttpError(result.error);
    res.json({ password_set: true });
  });

  router.get('/sessions', async (req, res) => {
    res.json({ sessions: await deps.desk.list(await personOf(res, req.params)) });
  });

  router.delete('/sessions/:id', async (req, res) => {
    const person = await personOf(res, req.params);
    const { id } = parseRequest(idParams, req.params, 'params');
    const result = await deps.login.revokeSession(callerOf(res), person, id);
    if (!result.ok) throw toHttpError(result.error);
    res.json({ ended: true });
  });

  return router;
}
