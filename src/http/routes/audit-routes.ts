import { Router, type ErrorRequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../services/ports/audit.js';
import {
  auditedPeople,
  auditRecorder,
  namedEntries,
  verifyAuditChain,
} from '../../services/audit-service.js';
import type { PeopleService } from '../../services/people-service.js';
import { callerOf, orgInQuery, requireAdminOf } from '../auth.js';
import { HttpError, parseRequest } from '../error-mapping.js';
import { queryInteger } from '../query-schemas.js';

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 500;

const auditQuery = z.strictObject({
  org: z.string('须给出单位标识'),
  offset: queryInteger(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: queryInteger(1, MAX_AUDIT_LIMIT).optional(),
});

const verifyQuery = z.strictObject({ org: z.string('须给出单位标识') });

/**
 * `GET /api/audit?org=SLUG&offset=&limit=`: one page of an organisation's trail, oldest first (its admins only),
 * each entry with the names of its people beside it (`names`, outside the hashed entry).
 * `GET /api/audit/verify?org=SLUG`: the whole chain verified against its head (what `qianfa audit verify` does).
 */
export function auditRoutes(audit: AuditLog, people: Pick<PeopleService, 'getPerson'>): Router {
  const router = Router();
  router.use(requireAdminOf(orgInQuery));
  router.get('/', async (req, res) => {
    const query = parseRequest(auditQuery, req.query, 'query');
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_AUDIT_LIMIT;
    const page = await audit.list(query.org, { offset, limit });
    res.json({ org: query.org, offset, limit, ...page, entries: await namedEntries(page.entries, people) });
  });
  router.get('/verify', async (req, res) => {
    const { org } = parseRequest(verifyQuery, req.query, 'query');
    res.json({ org, ...(await verifyAuditChain(audit, org)) });
  });
  return router;
}

/** The people service acting for the request's caller, recording each change in the caller's name. */
export function auditedPeopleFor(people: PeopleService, audit: AuditLog): (res: Response) => PeopleService {
  return (res) => auditedPeople(people, auditRecorder(audit, callerOf(res)));
}

/**
 * Appends every 403 to the caller's organisation trail (`refused`, with the reason given to the caller)
 * before the error is answered; if that append fails, the request fails with the append's error instead.
 */
export function auditRefusals(audit: AuditLog): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const caller = res.locals.caller === undefined ? undefined : callerOf(res);
    if (!(error instanceof HttpError) || error.status !== 403 || error.audited || !caller) return next(error);
    const details = { code: error.code, reason: error.message, method: req.method, path: req.originalUrl };
    auditRecorder(audit, caller)(caller.org, 'refused', details).then(
      () => next(error),
      (failure: unknown) => next(failure),
    );
  };
}
