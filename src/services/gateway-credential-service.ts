import { randomBytes } from 'node:crypto';
import { parseTarget, type Platform } from '../domain/accounts.js';
import {
  credentialState,
  type GatewayAuthRefusal,
  type GatewayCredential,
} from '../domain/gateway/gateway-credential.js';
import { hasRole, type Person, type Role } from '../domain/people.js';
import { err, ok, type Result } from '../domain/result.js';
import type { AccountService } from './account-service.js';
import { NO_DRAFT } from './audit-service.js';
import type { AuditLog } from './ports/audit.js';
import type { GatewayCredentialStore, IssuedGatewayToken } from './ports/gateway.js';
import type { PeopleStore } from './ports/people.js';
import type { Clock } from '../domain/clock.js';

/** Refusals of granting, revoking and listing gateway credentials. */
export type GatewayGrantError =
  | { code: 'org_not_found'; slug: string }
  | { code: 'invalid_target'; target: string }
  | { code: 'account_not_found'; platform: Platform; name: string }
  // `while` tells it apart from the people service's: the text says how to add the holder.
  | { code: 'person_not_found'; org: string; name: string; while: 'granting' }
  | { code: 'person_cannot_draft'; name: string; roles: readonly Role[] }
  | { code: 'invalid_days'; days: number }
  | { code: 'credential_not_found'; appid: string };

export interface GatewayGrant {
  org: string;
  /** `wechat:崇川发布` or `weibo:崇川微博`: an account of the organisation. */
  target: string;
  /** The name of a person of the organisation with the `drafter` role; the tool's drafts are theirs. */
  person: string;
  /** Whole days, 1–366. */
  days: number;
  /** Person id of the granting admin, or `cli`. */
  grantedBy: string;
}

/** The longest a credential may be granted for: a year (and a leap day). */
export const MAX_GRANT_DAYS = 366;
const DAY_MS = 86_400_000;
const MAX_NEW_APPID_TRIES = 5;

export type GatewayCredentialService = ReturnType<typeof createGatewayCredentialService>;

/**
 * Credentials that let an operator's existing WeChat or Weibo tool talk to qianfa's gateway instead of the
 * platform. The real AppSecret never leaves qianfa; these secrets and tokens are shown once and stored hashed.
 * Every use checks the credential afresh, so revoking it stops all its tokens at once.
 */
export function createGatewayCredentialService(deps: {
  store: GatewayCredentialStore;
  accounts: Pick<AccountService, 'exists'>;
  people: Pick<PeopleStore, 'getOrg' | 'getPerson' | 'listPeople'>;
  audit: AuditLog;
  now: Clock;
  /** Lifetime of WeChat gateway access tokens (cgi-bin/token, stable_token). */
  tokenTtlSeconds: number;
  /** Test seam: where randomness comes from. */
  randomBytes?: (size: number) => Buffer;
}) {
  const { store, now } = deps;
  const random = deps.randomBytes ?? randomBytes;

  const audit = (
    credential: GatewayCredential,
    action: 'credential_granted' | 'credential_revoked',
    by: string,
    details: Record<string, string>,
  ) =>
    deps.audit.append({
      action,
      org: credential.org,
      draft: NO_DRAFT,
      actor: by,
      at: now().toISOString(),
      details: { appid: credential.appid, target: credential.target, person: credential.person, ...details },
    });

  /** The credential's person, or the refusal that ends the check. */
  async function usable(
    credential: GatewayCredential,
  ): Promise<Result<{ credential: GatewayCredential; person: Person }, GatewayAuthRefusal>> {
    const state = credentialState(credential, now());
    if (state !== 'valid') return err({ code: state, credential });
    const person = await deps.people.getPerson(credential.person);
    if (!person || person.org !== credential.org) return err({ code: 'person_gone', credential });
    return ok({ credential, person });
  }

  return {
    async grant(
      input: GatewayGrant,
    ): Promise<Result<{ credential: GatewayCredential; secret: string }, GatewayGrantError>> {
      const target = parseTarget(input.target);
      if (!target) return err({ code: 'invalid_target', target: input.target });
      if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_GRANT_DAYS) {
        return err({ code: 'invalid_days', days: input.days });
      }
      const people = await deps.people.listPeople(input.org);
      if (people === null) return err({ code: 'org_not_found', slug: input.org });
      if (!(await deps.accounts.exists(input.org, target.platform, target.name))) {
        return err({ code: 'account_not_found', ...target });
      }
      const name = input.person.trim();
      const person = people.find((candidate) => candidate.name === name);
      if (!person) return err({ code: 'person_not_found', org: input.org, name, while: 'granting' });
      if (!hasRole(person, 'drafter')) {
        return err({ code: 'person_cannot_draft', name, roles: person.roles });
      }
      const at = now();
      const expiresAt = new Date(at.getTime() + input.days * DAY_MS).toISOString();
      const secret = target.platform === 'wechat' ? hex(random, 16) : `2.00${hex(random, 16)}`;
      for (let tries = 0; tries < MAX_NEW_APPID_TRIES; tries++) {
        const credential: GatewayCredential = {
          appid: `qf${hex(random, 8)}`,
          org: input.org,
          target: `${target.platform}:${target.name}`,
          person: person.id,
          createdAt: at.toISOString(),
          expiresAt,
          grantedBy: input.grantedBy,
        };
        // A Weibo tool sends its secret as the access token itself: it is usable until the credential expires.
        const token =
          target.platform === 'weibo' ? issuedToken(secret, credential, at, input.days * 86_400) : undefined;
        if ((await store.add(credential, secret, token)) === 'exists') continue;
        await audit(credential, 'credential_granted', input.grantedBy, { name: person.name, expiresAt });
        return ok({ credential, secret });
      }
      throw new Error(`no free gateway appid after ${MAX_NEW_APPID_TRIES} tries`);
    },

    async revoke(
      org: string,
      appid: string,
      by: string,
    ): Promise<Result<GatewayCredential, GatewayGrantError>> {
      const found = await store.get(appid);
      if (!found || found.org !== org) return err({ code: 'credential_not_found', appid });
      const outcome = await store.revoke(appid, now().toISOString());
      if (!outcome) return err({ code: 'credential_not_found', appid });
      const { credential, revoked } = outcome;
      // Revoking twice changes nothing and records nothing: the trail keeps the first revocation.
      if (revoked)
        await audit(credential, 'credential_revoked', by, { revokedAt: credential.revokedAt ?? '' });
      return ok(credential);
    },

    async list(org: string): Promise<Result<GatewayCredential[], GatewayGrantError>> {
      if ((await deps.people.getOrg(org)) === null) return err({ code: 'org_not_found', slug: org });
      return ok(await store.list(org));
    },

    /** WeChat cgi-bin/token and stable_token: a new access token for a valid appid and secret. */
    async exchange(
      appid: string,
      secret: string,
    ): Promise<
      Result<
        { token: string; expiresInSeconds: number; credential: GatewayCredential; person: Person },
        GatewayAuthRefusal
      >
    > {
      const found = await store.verify(appid, secret);
      if (!found) return err({ code: 'unknown_appid' });
      const { credential } = found;
      if (!found.secretMatches) return err({ code: 'wrong_secret', credential });
      if (!credential.target.startsWith('wechat:')) return err({ code: 'wrong_platform', credential });
      const checked = await usable(credential);
      if (!checked.ok) return checked;
      const at = now();
      const untilExpiry = Math.ceil((Date.parse(credential.expiresAt) - at.getTime()) / 1000);
      const expiresInSeconds = Math.max(1, Math.min(deps.tokenTtlSeconds, untilExpiry));
      const token = issuedToken(random(72).toString('base64url'), credential, at, expiresInSeconds);
      await store.addToken(token);
      return ok({ token: token.token, expiresInSeconds, ...checked.value });
    },

    /** The credential and person behind a gateway access token presented for `platform`. */
    async authenticate(
      token: string | undefined,
      platform: Platform,
    ): Promise<Result<{ credential: GatewayCredential; person: Person }, GatewayAuthRefusal>> {
      if (token === undefined || token === '') return err({ code: 'missing_token' });
      const owner = await store.tokenOwner(token);
      const credential = owner ? await store.get(owner.appid) : null;
      if (!owner || !credential) return err({ code: 'unknown_token' });
      if (!credential.target.startsWith(`${platform}:`)) return err({ code: 'wrong_platform', credential });
      const checked = await usable(credential);
      if (!checked.ok) return checked;
      // The store forgets a token at its TTL; this clock may run ahead of the store's (and tests move it).
      if (Date.parse(owner.expiresAt) <= now().getTime()) return err({ code: 'unknown_token' });
      return checked;
    },
  };
}

function hex(random: (size: number) => Buffer, bytes: number): string {
  return random(bytes).toString('hex');
}

function issuedToken(
  token: string,
  credential: GatewayCredential,
  at: Date,
  ttlSeconds: number,
): IssuedGatewayToken {
  const expiresAt = new Date(at.getTime() + ttlSeconds * 1000).toISOString();
  return { token, appid: credential.appid, expiresAt, ttlSeconds };
}
