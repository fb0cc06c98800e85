import express, { type Request, type Response } from 'express';
import type { Clock } from '../../domain/clock.js';
import { hasRole, isAnyAdmin, mayAdminister, type Org, type Person } from '../../domain/people.js';
import { ERROR_REGISTRY } from '../../errors/error-registry.js';
import type { ServiceError } from '../../errors/service-error.js';
import { ADMIN_TEXT as T } from '../../messages/admin-texts.js';
import { errorMessageFor } from '../../messages/error-messages.js';
import type { AdminFrame, Flash } from '../../pages/admin-layout.js';
import { renderConfirmationPage } from '../../pages/confirmation-page.js';
import { auditedPeople, auditRecorder, type AuditRecorder } from '../../services/audit-service.js';
import type { PeopleService } from '../../services/people-service.js';
import type { AuditLog } from '../../services/ports/audit.js';
import type { DeskSessions } from './desk-sessions.js';
import { csrfIn, sameOrigin } from './login-routes.js';

/** Form bodies of the admin's pages: small, flat (repeated fields become arrays). */
export const adminForms: express.RequestHandler = express.urlencoded({ extended: false, limit: '16kb' });

export interface AdminGuardDeps {
  sessions: DeskSessions;
  people: PeopleService;
  audit: AuditLog;
  now: Clock;
}

/** An admin's request: who, the page frame, and the people service recording changes in their name. */
export interface AdminRequest {
  person: Person;
  frame: AdminFrame;
  people: PeopleService;
  record: AuditRecorder;
}

export type OrgRequest = AdminRequest & { frame: AdminFrame & { org: Org } };

/**
 * Who may see or post to an admin page: a desk session (401 without), an admin of some organisation (403
 * otherwise); a post must carry the session's form token and come from this origin (403 otherwise, nothing done).
 * Answers the refusal itself and returns undefined.
 */
export async function adminOf(
  deps: AdminGuardDeps,
  req: Request,
  res: Response,
  posting: boolean,
): Promise<AdminRequest | undefined> {
  const person = await deps.sessions.personOf(req, posting ? csrfIn(req) : undefined);
  if (!person) {
    if (posting && (await deps.sessions.personOf(req)))
      return refuse(res, 403, T.formExpired, T.formExpiredText);
    return refuse(res, 401, T.loginFirst, T.loginFirstText, `${req.baseUrl}/d/login`);
  }
  if (posting && !sameOrigin(req)) return refuse(res, 403, T.formExpired, T.formExpiredText);
  if (!isAnyAdmin(person)) return refuse(res, 403, T.notAdmin, T.notAdminText);
  const record = auditRecorder(deps.audit, person, deps.now);
  const frame = {
    base: req.baseUrl,
    viewerName: person.name,
    csrf: deps.sessions.csrfOf(req),
    installation: hasRole(person, 'installation_admin'),
  };
  return { person, frame, record, people: auditedPeople(deps.people, record) };
}

/**
 * As adminOf, for the organisation in the path: one the person administers (`mayAdminister`); any other, or one
 * that does not exist, is 404 (whether it exists is not told).
 */
export async function orgAdminOf(
  deps: AdminGuardDeps,
  req: Request,
  res: Response,
  posting: boolean,
): Promise<OrgRequest | undefined> {
  const admin = await adminOf(deps, req, res, posting);
  if (!admin) return undefined;
  const slug = String(req.params.slug);
  const org = mayAdminister(admin.person, slug)
    ? (await deps.people.listOrgs()).find((known) => known.slug === slug)
    : undefined;
  if (!org) return refuse(res, 404, T.notFound, T.notFoundText);
  return { ...admin, frame: { ...admin.frame, org } };
}

/** Answers a refusal page (status, title, message; a login link when given). */
export function refuse(
  res: Response,
  status: number,
  title: string,
  message: string,
  login?: string,
): undefined {
  const links = login ? [{ href: login, text: '去登录' }] : [];
  const page = renderConfirmationPage({ title, message, verdict: undefined, draftTitle: '', links });
  res.status(status).type('html').send(page);
  return undefined;
}

/** A service's refusal as a flash note, and the HTTP status it is answered with. */
export function refusalOf(error: ServiceError): { status: number; flash: Flash } {
  return {
    status: ERROR_REGISTRY[error.code].status,
    flash: { kind: 'error', text: errorMessageFor(error) },
  };
}

/** A text field of a form body as typed ('' when absent or not text): passwords. */
export function formValue(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A text field of a form body, trimmed. */
export function formText(body: unknown, name: string): string {
  return formValue(body, name).trim();
}

/** A repeated field (checkboxes) of a form body. */
export function formList(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Pages that show a secret once are never stored by the browser or a proxy. */
export function noStore(res: Response): void {
  res.set('Cache-Control', 'no-store');
}
