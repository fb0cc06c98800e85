import type { Request } from 'express';
import { isAnyAdmin, type Person } from '../../domain/people.js';
import type { DeskNav } from '../../pages/editor-nav.js';
import type { DeskSessions } from './desk-sessions.js';

/**
 * The desk's navigation for the person of `req`: its base path, the page shown, the logout form's target, and
 * the admin's link for those who administer an organisation.
 */
export function deskNavOf(
  sessions: Pick<DeskSessions, 'csrfOf'>,
  req: Request,
  person: Person,
  current?: DeskNav['current'],
): DeskNav {
  const logoutAction = `${req.baseUrl}/d/logout?csrf=${encodeURIComponent(sessions.csrfOf(req))}`;
  return { base: req.baseUrl, logoutAction, admin: isAnyAdmin(person), ...(current ? { current } : {}) };
}
