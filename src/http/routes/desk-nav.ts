import type { Request } from 'express';
import type { DeskNav } from '../../pages/editor-nav.js';
import type { DeskSessions } from './desk-sessions.js';

/** The desk's navigation for the person of `req`: its base path, the page shown, and the logout form's target. */
export function deskNavOf(
  sessions: Pick<DeskSessions, 'csrfOf'>,
  req: Request,
  current?: DeskNav['current'],
): DeskNav {
  const logoutAction = `${req.baseUrl}/d/logout?csrf=${encodeURIComponent(sessions.csrfOf(req))}`;
  return { base: req.baseUrl, logoutAction, ...(current ? { current } : {}) };
}
