import { platformOf, type Platform, type Target } from '../../domain/accounts.js';
import type { Clock } from '../../domain/clock.js';
import {
  credentialState,
  type GatewayAuthRefusal,
  type GatewayCredential,
} from '../../domain/gateway/gateway-credential.js';
import type { Person } from '../../domain/people.js';
import type { RegisterOperator } from '../../domain/monitor/register-entry.js';
import { contractEnded } from '../../domain/monitor/register-lifecycle.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { GatewayCredentialStore, IssuedGatewayToken } from '../ports/gateway.js';
import type { PeopleStore } from '../ports/people.js';

/** A credential in use, with the operator it acts for. */
export interface CredentialInUse {
  credential: GatewayCredential;
  person: Person;
}

/** How tools authenticate at the gateway. Every use checks the credential afresh, so revoking stops its tokens. */
export interface GatewayAuth {
  /** WeChat cgi-bin/token and stable_token: a new access token for a valid appid and secret. */
  exchange(
    appid: string,
    secret: string,
  ): Promise<Result<CredentialInUse & { token: string; expiresInSeconds: number }, GatewayAuthRefusal>>;
  /** The credential and person behind a gateway access token presented for `platform`. */
  authenticate(
    token: string | undefined,
    platform: Platform,
  ): Promise<Result<CredentialInUse, GatewayAuthRefusal>>;
}

export interface GatewayAuthDeps {
  store: GatewayCredentialStore;
  people: Pick<PeopleStore, 'getPerson'>;
  now: Clock;
  /** Lifetime of WeChat gateway access tokens (cgi-bin/token, stable_token). */
  tokenTtlSeconds: number;
  random: (size: number) => Buffer;
  /** The account's outsourced operator in the register (issue 13 point 1); absent: no register to consult. */
  operatorOf?: OperatorOf;
}

/** The outsourced operator (代运维机构) the register names for an organisation's account, if any. */
export type OperatorOf = (org: string, target: Target) => Promise<RegisterOperator | undefined>;

/** How long an expired WeChat gateway token is still recognised (and answered 42001): a day. */
export const EXPIRED_TOKEN_MEMORY_SECONDS = 86_400;

export function createGatewayAuth(deps: GatewayAuthDeps): GatewayAuth {
  const { store, now } = deps;
  return {
    async exchange(appid, secret) {
      const found = await store.verify(appid, secret);
      if (!found) return err({ code: 'unknown_appid' });
      const { credential } = found;
      if (!found.secretMatches) return err({ code: 'wrong_secret', credential });
      if (platformOf(credential.target) !== 'wechat') return err({ code: 'wrong_platform', credential });
      const checked = await usable(deps, credential);
      if (!checked.ok) return checked;
      const at = now();
      const untilExpiry = Math.ceil((Date.parse(credential.expiresAt) - at.getTime()) / 1000);
      const expiresInSeconds = Math.max(1, Math.min(deps.tokenTtlSeconds, untilExpiry));
      const token = issuedToken(deps.random(72).toString('base64url'), credential, at, expiresInSeconds);
      // Kept past its expiry, so a late call is told it expired (42001) rather than that it is unknown (40001).
      await store.addToken({ ...token, ttlSeconds: expiresInSeconds + EXPIRED_TOKEN_MEMORY_SECONDS });
      return ok({ token: token.token, expiresInSeconds, ...checked.value });
    },

    async authenticate(token, platform) {
      if (token === undefined || token === '') return err({ code: 'missing_token' });
      const owner = await store.tokenOwner(token);
      const credential = owner ? await store.get(owner.appid) : null;
      if (!owner || !credential) return err({ code: 'unknown_token' });
      if (platformOf(credential.target) !== platform) return err({ code: 'wrong_platform', credential });
      const checked = await usable(deps, credential);
      if (!checked.ok) return checked;
      // The store keeps an expired token a while; this clock may also run ahead of the store's.
      if (Date.parse(owner.expiresAt) <= now().getTime()) return err({ code: 'token_expired', credential });
      return checked;
    },
  };
}

/** The credential's person, or the refusal that ends the check. */
async function usable(
  deps: Pick<GatewayAuthDeps, 'people' | 'now' | 'operatorOf'>,
  credential: GatewayCredential,
): Promise<Result<CredentialInUse, GatewayAuthRefusal>> {
  const state = credentialState(credential, deps.now());
  if (state !== 'valid') return err({ code: state, credential });
  const person = await deps.people.getPerson(credential.person);
  const gone = !person || person.disabled === true || person.org !== credential.org;
  if (gone) return err({ code: 'person_gone', credential });
  // An operator's staff act under its contract: their credentials expire with it (seed 000 art. 7).
  const operator = person.outsourced ? await deps.operatorOf?.(credential.org, credential.target) : undefined;
  if (operator && contractEnded(operator, deps.now()))
    return err({ code: 'operator_contract_ended', credential, contractEnd: operator.contractEnd });
  return ok({ credential, person });
}

export function issuedToken(
  token: string,
  credential: GatewayCredential,
  at: Date,
  ttlSeconds: number,
): IssuedGatewayToken {
  const expiresAt = new Date(at.getTime() + ttlSeconds * 1000).toISOString();
  return { token, appid: credential.appid, expiresAt, ttlSeconds };
}
