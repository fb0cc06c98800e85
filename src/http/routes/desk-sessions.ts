import type { CookieOptions, Request } from 'express';
import type { Person } from '../../domain/people.js';
import type { DeskLogins } from '../../services/desk-session-service.js';

const COOKIE = 'qianfa_desk';

/** The desk's sessions as HTTP carries them: a signed, HttpOnly cookie. */
export interface DeskSessions {
  /** The path of a login link for `person` (prefix it with the public URL). */
  loginPath(person: Person): string;
  /** A session cookie for a valid login link; `mountPath` is where qianfa is mounted ('' at the root). */
  login(token: string, mountPath?: string): { cookie: [string, string, CookieOptions] } | undefined;
  /** The session's person; with `csrf`, only if it matches the session's form token. */
  personOf(req: Request, csrf?: string): Promise<Person | null>;
  /** The form token of the request's session ('' without one). */
  csrfOf(req: Request): string;
}

export function deskSessionsOn(logins: DeskLogins): DeskSessions {
  return {
    loginPath: (person) => logins.loginPath(person),
    login(token, mountPath = '') {
      const opened = logins.openSession(token);
      if (!opened) return undefined;
      const options: CookieOptions = {
        httpOnly: true,
        sameSite: 'lax',
        path: `${mountPath}/d`,
        secure: logins.secure,
        expires: opened.expires,
      };
      return { cookie: [COOKIE, opened.session, options] };
    },
    async personOf(req, csrf) {
      const session = cookieOf(req, COOKIE);
      return session ? logins.personOf(session, csrf) : null;
    },
    csrfOf(req) {
      const session = cookieOf(req, COOKIE);
      return session ? logins.csrfOf(session) : '';
    },
  };
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
