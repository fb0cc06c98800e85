import { hash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { isAnyAdmin, mayAdminister, type Person, type Role } from '../domain/people.js';
import { ROLE_NAMES } from '../messages/zh-cn.js';
import { AUTH_TEXT } from '../messages/auth.js';
import { addressThrottle, type AddressThrottle } from './address-throttle.js';
import { HttpError } from './error-mapping.js';

/**
 * Resolves a Bearer token to a person; answers 401 when the header is missing or the token is not valid, and 429
 * (whatever the token) for an address that failed too often.
 */
export function authenticate(
  personByToken: (token: string) => Promise<Person | null>,
  throttle: AddressThrottle = addressThrottle(undefined),
): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    // Both asked at once (their reads leave in one write); a refused address is refused whatever the token.
    const [waitSeconds, person] = await Promise.all([
      throttle.refusedFor(req),
      match?.[1] ? personByToken(match[1]) : null,
    ]);
    if (waitSeconds !== undefined) {
      res.set('Retry-After', String(waitSeconds));
      throw new HttpError(429, 'auth_rate_limited', AUTH_TEXT.tooManyFailures(waitSeconds));
    }
    if (!person) {
      await throttle.failed(req);
      throw new HttpError(401, 'unauthenticated', AUTH_TEXT.unauthenticated);
    }
    res.locals.caller = person;
    next();
  };
}

/** How a token cache reads: the holder with their credential generation, and a person's current generation. */
export interface TokenCredentials {
  credentialOf(token: string): Promise<{ person: Person; generation: string } | null>;
  generationOf(personId: string): Promise<string>;
}

/** How long a token stays cached in process, and how many at most (the oldest leave first). */
const TOKEN_CACHE = { ttlMs: 60_000, maxEntries: 10_000 };

/**
 * Token → person, cached briefly in this process. A cached token is used only while its holder's credential
 * generation (one GET) is unchanged: a reissued token or a changed person is refused on the very next request,
 * by every process sharing the Redis. A miss reads holder and generation at one instant (one script call).
 */
export function cachedPersonByToken(
  credentials: TokenCredentials,
  now: () => number = Date.now,
): (token: string) => Promise<Person | null> {
  const cache = new Map<string, { person: Person; generation: string; until: number }>();
  return async (token) => {
    const key = hash('sha256', token, 'base64');
    const cached = cache.get(key);
    if (cached && cached.until > now()) {
      if ((await credentials.generationOf(cached.person.id)) === cached.generation) return cached.person;
    }
    cache.delete(key);
    const found = await credentials.credentialOf(token);
    if (!found) return null;
    if (cache.size >= TOKEN_CACHE.maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(key, { ...found, until: now() + TOKEN_CACHE.ttlMs });
    return found.person;
  };
}

/** 403 unless the authenticated caller holds the role. */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    if (!callerOf(res).roles.includes(role)) {
      throw new HttpError(403, 'forbidden', `该操作需要“${ROLE_NAMES[role]}”角色，您的账号没有该角色。`);
    }
    next();
  };
}

/**
 * 403 unless the caller administers the organisation the request addresses (`orgOf`): its own admins and
 * installation admins. Another organisation is refused the same whether it exists or not. When the request
 * names no organisation, any admin passes and the route's own validation answers.
 */
export function requireAdminOf(orgOf: (req: Request) => string | undefined): RequestHandler {
  return (req, res, next) => {
    const caller = callerOf(res);
    if (!isAnyAdmin(caller)) throw new HttpError(403, 'forbidden', AUTH_TEXT.notAnAdmin);
    const org = orgOf(req);
    if (org !== undefined && !mayAdminister(caller, org)) {
      throw new HttpError(403, 'forbidden', AUTH_TEXT.otherOrganisation(org));
    }
    next();
  };
}

/** The organisation in the path (`/api/orgs/:slug/…`). */
export const orgInPath = (req: Request): string | undefined => stringOf(req.params['slug']);

/** The organisation in the query (`?org=SLUG`). */
export const orgInQuery = (req: Request): string | undefined => stringOf(req.query['org']);

const stringOf = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The person `authenticate` attached to this request. */
export function callerOf(res: Response): Person {
  return res.locals.caller as Person;
}
