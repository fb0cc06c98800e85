import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import { signToken, verifyToken, type TokenClaims } from '../domain/links/signed-token.js';
import type { Person } from '../domain/people.js';

interface PersonClaims extends TokenClaims {
  person: string;
}

/**
 * The desk's log-in by link: an expiring signed link opens a signed session. Forms carry a token derived from
 * the session, so another site cannot post a decision in someone's name. How a session travels (a cookie) is
 * the HTTP layer's; notifications need the login links, hence a service.
 */
export interface DeskLogins {
  /** Whether sessions may only travel over HTTPS (qianfa is reached by an https: URL). */
  readonly secure: boolean;
  /** The path of a login link for `person` (prefix it with the public URL). */
  loginPath(person: Person): string;
  /** A session for a valid login link token, and when it ends. */
  openSession(loginToken: string): { session: string; expires: Date } | undefined;
  /** The session's person; with `csrf`, only if it matches the session's form token. */
  personOf(session: string, csrf?: string): Promise<Person | null>;
  /** The form token of a session. */
  csrfOf(session: string): string;
}

export interface DeskLoginDeps {
  key: Uint8Array;
  getPerson: (id: string) => Promise<Person | null>;
  now: Clock;
  /** How long a login link works. */
  loginTtlMs: number;
  /** How long a desk session lasts. */
  sessionTtlMs: number;
  secure: boolean;
}

export function createDeskLogins(deps: DeskLoginDeps): DeskLogins {
  const now = () => deps.now().getTime();
  const csrfOf = (session: string) =>
    createHmac('sha256', deps.key).update(`csrf\n${session}`).digest('base64url');
  return {
    secure: deps.secure,
    loginPath(person) {
      const claims = { person: person.id, exp: now() + deps.loginTtlMs };
      return `/d/login/${signToken<PersonClaims>('login_link', claims, deps.key)}`;
    },
    openSession(loginToken) {
      const checked = verifyToken<PersonClaims>('login_link', loginToken, deps.key, now());
      if (!checked.ok) return undefined;
      const exp = now() + deps.sessionTtlMs;
      const session = signToken<PersonClaims>('session', { person: checked.claims.person, exp }, deps.key);
      return { session, expires: new Date(exp) };
    },
    async personOf(session, csrf) {
      const checked = verifyToken<PersonClaims>('session', session, deps.key, now());
      if (!checked.ok) return null;
      if (csrf !== undefined && !sameText(csrf, csrfOf(session))) return null;
      return deps.getPerson(checked.claims.person);
    },
    csrfOf,
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
