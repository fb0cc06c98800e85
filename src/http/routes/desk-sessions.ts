import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request } from 'express';
import { signToken, verifyToken, type TokenClaims } from '../../domain/links/signed-token.js';
import type { Person } from '../../domain/people.js';
import type { Clock } from '../../domain/clock.js';

const COOKIE = 'qianfa_desk';

interface PersonClaims extends TokenClaims {
  person: string;
}

export interface DeskSessionDeps {
  key: Uint8Array;
  getPerson: (id: string) => Promise<Person | null>;
  now: Clock;
  /** How long a login link works. */
  loginTtlMs: number;
  /** How long a desk session lasts. */
  sessionTtlMs: number;
  /** Mark the cookie Secure (behind HTTPS). */
  secure: boolean;
}

export type DeskSessions = ReturnType<typeof createDeskSessions>;

/**
 * The desk's log-in by link: an expiring signed link becomes a signed, HttpOnly session cookie. Forms carry a
 * token derived from the session (in their action URL), so another site cannot post a decision in someone's name.
 */
export function createDeskSessions(deps: DeskSessionDeps) {
  const now = () => deps.now().getTime();
  const csrfFor = (session: string) =>
    createHmac('sha256', deps.key).update(`csrf\n${session}`).digest('base64url');

  return {
    /** The path of a login link for `person` (prefix it with the public URL). */
    loginPath(person: Person): string {
      const token = signToken<PersonClaims>(
        'login_link',
        { person: person.id, exp: now() + deps.loginTtlMs },
        deps.key,
      );
      return `/d/login/${token}`;
    },

    /** A session cookie for a valid login link; `mountPath` is where qianfa is mounted ('' at the root). */
    login(token: string, mountPath = ''): { cookie: [string, string, CookieOptions] } | undefined {
      const checked = verifyToken<PersonClaims>('login_link', token, deps.key, now());
      if (!checked.ok) return undefined;
      const exp = now() + deps.sessionTtlMs;
      const session = signToken<PersonClaims>('session', { person: checked.claims.person, exp }, deps.key);
      const options: CookieOptions = {
        httpOnly: true,
        sameSite: 'lax',
        path: `${mountPath}/d`,
        secure: deps.secure,
        expires: new Date(exp),
      };
      return { cookie: [COOKIE, session, options] };
    },

    /** The session's person; with `csrf`, only if it matches the session's form token. */
    async personOf(req: Request, csrf?: string): Promise<Person | null> {
      const session = cookieOf(req, COOKIE);
      if (!session) return null;
      const checked = verifyToken<PersonClaims>('session', session, deps.key, now());
      if (!checked.ok) return null;
      if (csrf !== undefined && !sameText(csrf, csrfFor(session))) return null;
      return deps.getPerson(checked.claims.person);
    },

    /** The form token of the request's session ('' without one). */
    csrfOf(req: Request): string {
      const session = cookieOf(req, COOKIE);
      return session ? csrfFor(session) : '';
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

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
