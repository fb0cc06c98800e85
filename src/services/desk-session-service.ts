import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import { signToken, verifyToken, type TokenClaims } from '../domain/links/signed-token.js';
import { credentialsOf, stillHolds, type Person } from '../domain/people.js';
import type { SessionStore, StoredSession } from './ports/desk-logins.js';
import type { OneTimeMarks } from './ports/one-time-marks.js';

/** A login link's claims: whose, under which credential generation, and its single-use nonce. */
interface LoginLinkClaims extends TokenClaims {
  person: string;
  credentials: number;
  nonce: string;
}

/** Where a session is opened from: shown in the person's list of sessions. */
export interface ClientInfo {
  userAgent: string;
  address: string;
}

/** A session just opened: what the cookie carries (`<handle>.<secret>`), and when it ends. */
export interface OpenedSession {
  session: string;
  expires: Date;
}

/** A session as its owner (or an admin) sees it: no secret. */
export interface SessionView {
  id: string;
  method: StoredSession['method'];
  created: string;
  lastSeen: string;
  expires: string;
  userAgent: string;
  address: string;
  current: boolean;
}

/**
 * The desk's sessions, kept in Redis: a random session id in an HttpOnly cookie (its SHA-256 stored), opened
 * by password, a single-use login link or WeCom, listed and revocable, and ended at once when the person's
 * credentials are reissued or the person is disabled (the session carries the credential generation it was
 * opened under). Forms carry a token derived from the session, so another site cannot post in someone's name.
 * How a session travels (a cookie) is the HTTP layer's; notifications need the login links, hence a service.
 */
export interface DeskLogins {
  /** Whether sessions may only travel over HTTPS (qianfa is reached by an https: URL). */
  readonly secure: boolean;
  /** The path of a single-use login link for `person` (prefix it with the public URL). */
  loginPath(person: Person): string;
  /** A session for a valid login link, which is spent by it; undefined when invalid, used or revoked. */
  openByLink(loginToken: string, client: ClientInfo): Promise<OpenedSession | undefined>;
  /** A session for a person who just proved who they are (password, WeCom). */
  open(person: Person, method: StoredSession['method'], client: ClientInfo): Promise<OpenedSession>;
  /** The session's person; with `csrf`, only if it matches the session's form token. */
  personOf(session: string, csrf?: string): Promise<Person | null>;
  /** The form token of a session. */
  csrfOf(session: string): string;
  /** Ends this session (logout). */
  end(session: string): Promise<void>;
  /** The person's open sessions, latest activity first; `current` marks the one of `session`. */
  list(person: Person, session?: string): Promise<SessionView[]>;
  /** Ends one of the person's sessions by its id; false when there is no such session. */
  revoke(person: Person, id: string): Promise<boolean>;
}

export interface DeskLoginDeps {
  key: Uint8Array;
  getPerson: (id: string) => Promise<Person | null>;
  now: Clock;
  sessions: SessionStore;
  /** Remembers a used login link until it expires. */
  marks: OneTimeMarks;
  /** How long a login link works. */
  loginTtlMs: number;
  /** How long a desk session lasts. */
  sessionTtlMs: number;
  secure: boolean;
}

/** Last-seen times are written at most this often (each page view would otherwise write). */
const TOUCH_EVERY_MS = 60_000;

export function createDeskLogins(deps: DeskLoginDeps): DeskLogins {
  const now = () => deps.now().getTime();
  const csrfOf = (session: string) =>
    createHmac('sha256', deps.key).update(`csrf\n${session}`).digest('base64url');

  async function open(person: Person, method: StoredSession['method'], client: ClientInfo) {
    const handle = randomBytes(12).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const at = new Date(now()).toISOString();
    const expires = new Date(now() + deps.sessionTtlMs);
    await deps.sessions.open({
      ...{ handle, secretHash: sha256(secret), person: person.id, credentials: credentialsOf(person) },
      ...{ created: at, lastSeen: at, expires: expires.toISOString(), method },
      ...{ userAgent: client.userAgent.slice(0, 300), address: client.address },
    });
    return { session: `${handle}.${secret}`, expires };
  }

  /** The stored session a cookie value names, if its secret matches and its person still holds it. */
  async function holderOf(session: string): Promise<{ stored: StoredSession; person: Person } | null> {
    const [handle, secret, extra] = session.split('.');
    if (!handle || !secret || extra !== undefined) return null;
    const stored = await deps.sessions.find(handle);
    if (!stored || !sameText(sha256(secret), stored.secretHash)) return null;
    const person = await deps.getPerson(stored.person);
    return person && stillHolds(person, stored.credentials) ? { stored, person } : null;
  }

  return {
    secure: deps.secure,
    loginPath(person) {
      const claims = { person: person.id, credentials: credentialsOf(person), nonce: randomNonce() };
      const token = signToken<LoginLinkClaims>(
        'login_link',
        { ...claims, exp: now() + deps.loginTtlMs },
        deps.key,
      );
      return `/d/login/${token}`;
    },
    async openByLink(loginToken, client) {
      const checked = verifyToken<LoginLinkClaims>('login_link', loginToken, deps.key, now());
      if (!checked.ok || typeof checked.claims.nonce !== 'string') return undefined;
      const { claims } = checked;
      const person = await deps.getPerson(claims.person);
      if (!person || !stillHolds(person, claims.credentials)) return undefined;
      if (!(await deps.marks.claim(`login:${claims.nonce}`, claims.exp - now()))) return undefined;
      return open(person, 'link', client);
    },
    open,
    async personOf(session, csrf) {
      const held = await holderOf(session);
      if (!held) return null;
      if (csrf !== undefined && !sameText(csrf, csrfOf(session))) return null;
      if (now() - Date.parse(held.stored.lastSeen) >= TOUCH_EVERY_MS) {
        await deps.sessions.touch(held.stored.handle, new Date(now()).toISOString());
      }
      return held.person;
    },
    csrfOf,
    async end(session) {
      const held = await holderOf(session);
      if (held) await deps.sessions.end(held.person.id, held.stored.handle);
    },
    async list(person, session) {
      const current = session?.split('.')[0];
      const stored = await deps.sessions.list(person.id);
      return stored
        .filter((one) => stillHolds(person, one.credentials))
        .map((one) => viewOf(one, one.handle === current));
    },
    revoke: (person, id) => deps.sessions.end(person.id, id),
  };
}

function viewOf(stored: StoredSession, current: boolean): SessionView {
  const { handle, method, created, lastSeen, expires, userAgent, address } = stored;
  return { id: handle, method, created, lastSeen, expires, userAgent, address, current };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const randomNonce = () => randomBytes(12).toString('base64url');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
