import type { CookieOptions, Request, Response } from 'express';
import type { Person } from '../../domain/people.js';
import type {
  ClientInfo,
  DeskLogins,
  OpenedSession,
  SessionView,
} from '../../services/desk-session-service.js';

const COOKIE = 'qianfa_desk';

/** The desk's sessions as HTTP carries them: the session id in an HttpOnly, SameSite=Lax cookie. */
export interface DeskSessions {
  /** The path of a single-use login link for `person` (prefix it with the public URL). */
  loginPath(person: Person): string;
  /** Opens a session for a valid, unused login link and sets its cookie; false when the link does not work. */
  loginByLink(req: Request, res: Response, token: string): Promise<boolean>;
  /** Opens a session for a person who proved who they are, and sets its cookie. */
  openFor(req: Request, res: Response, person: Person, method: 'password' | 'wecom'): Promise<void>;
  /** Ends the request's session and clears its cookie (logout). */
  logout(req: Request, res: Response): Promise<void>;
  /** The session's person; with `csrf`, only if it matches the session's form token. */
  personOf(req: Request, csrf?: string): Promise<Person | null>;
  /** The form token of the request's session ('' without one). */
  csrfOf(req: Request): string;
  /** The person's sessions, the request's own marked `current`. */
  list(req: Request | undefined, person: Person): Promise<SessionView[]>;
}

export function deskSessionsOn(logins: DeskLogins): DeskSessions {
  const setCookie = (req: Request, res: Response, opened: OpenedSession) => {
    res.cookie(COOKIE, opened.session, { ...cookieOptions(req, logins.secure), expires: opened.expires });
  };
  return {
    loginPath: (person) => logins.loginPath(person),
    async loginByLink(req, res, token) {
      const opened = await logins.openByLink(token, clientOf(req));
      if (opened) setCookie(req, res, opened);
      return opened !== undefined;
    },
    async openFor(req, res, person, method) {
      setCookie(req, res, await logins.open(person, method, clientOf(req)));
    },
    async logout(req, res) {
      const session = cookieOf(req, COOKIE);
      if (session) await logins.end(session);
      res.clearCookie(COOKIE, cookieOptions(req, logins.secure));
    },
    async personOf(req, csrf) {
      const session = cookieOf(req, COOKIE);
      return session ? logins.personOf(session, csrf) : null;
    },
    csrfOf(req) {
      const session = cookieOf(req, COOKIE);
      return session ? logins.csrfOf(session) : '';
    },
    list: (req, person) => logins.list(person, req && cookieOf(req, COOKIE)),
  };
}

/** `req.baseUrl` is where qianfa is mounted ('' at the root) for the page routes, which are mounted there. */
function cookieOptions(req: Request, secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: `${req.baseUrl}/d`, secure };
}

function clientOf(req: Request): ClientInfo {
  return { userAgent: req.get('user-agent') ?? '', address: req.ip ?? req.socket.remoteAddress ?? '' };
}

export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
