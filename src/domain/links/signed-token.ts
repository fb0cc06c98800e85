import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed token is for; part of what is signed, so a token of one purpose never passes as another. */
export type TokenPurpose = 'review_link' | 'login_link' | 'session';

export interface TokenClaims {
  /** Expiry, epoch milliseconds. */
  exp: number;
}

export type TokenCheck<C> =
  | { ok: true; claims: C }
  | { ok: false; reason: 'malformed' | 'bad_signature' }
  | { ok: false; reason: 'expired'; claims: C };

/** `<claims as base64url JSON>.<HMAC-SHA256 of purpose and claims, base64url>`: compact, URL-safe, tamper-evident. */
export function signToken<C extends TokenClaims>(purpose: TokenPurpose, claims: C, key: Uint8Array): string {
  const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${body}.${mac(purpose, body, key)}`;
}

/** Checks signature, then expiry against `now` (epoch ms). The claims are returned with `expired` too, to explain it. */
export function verifyToken<C extends TokenClaims>(
  purpose: TokenPurpose,
  token: string,
  key: Uint8Array,
  now: number,
): TokenCheck<C> {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(purpose, body, key), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  let claims: C;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as C;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
  return claims.exp > now ? { ok: true, claims } : { ok: false, reason: 'expired', claims };
}

function mac(purpose: TokenPurpose, body: string, key: Uint8Array): string {
  return createHmac('sha256', key).update(`${purpose}\n${body}`, 'utf8').digest('base64url');
}
