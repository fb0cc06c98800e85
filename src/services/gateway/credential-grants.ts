import {
  accountOf,
  parseTarget,
  type AccountRef,
  type Platform,
  type Target,
} from '../../domain/accounts.js';
import type { Clock } from '../../domain/clock.js';
import type { GatewayCredential } from '../../domain/gateway/gateway-credential.js';
import { hasRole, type Person, type Role } from '../../domain/people.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { AccountService } from '../account-service.js';
import { NO_DRAFT } from '../audit-service.js';
import type { AuditLog } from '../ports/audit.js';
import type { GatewayCredentialStore } from '../ports/gateway.js';
import type { PeopleStore } from '../ports/people.js';
import { issuedToken } from './credential-auth.js';

/** Refusals of granting, revoking and listing gateway credentials. */
export type GatewayGrantError =
  | { code: 'org_not_found'; slug: string }
  | { code: 'invalid_target'; target: string }
  | { code: 'account_not_found'; platform: Platform; name: string }
  // 停用: a tool must not be handed a way to submit to an account nothing is published to.
  | { code: 'account_disabled'; platform: Platform; name: string }
  // `while` tells it apart from the people service's: the text says how to add the holder.
  | { code: 'person_not_found'; org: string; name: string; while: 'granting' }
  | { code: 'person_cannot_draft'; name: string; roles: readonly Role[] }
  | { code: 'invalid_days'; days: number }
  | { code: 'credential_not_found'; appid: string };

export interface GatewayGrant {
  org: string;
  /**
   * `wechat:崇川发布` or `weibo:崇川微博`: an account of the organisation, as the admin typed it (the API and the
   * CLI pass it through, so the grant is where it is parsed and refused).
   */
  target: string;
  /** The name of a person of the organisation with the `drafter` role; the tool's drafts are theirs. */
  person: string;
  /** Whole days, 1–366. */
  days: number;
  /** Person id of the granting admin, or `cli`. */
  grantedBy: string;
}

/** Granting, revoking and listing credentials; each grant and revocation is recorded in the trail. */
export interface GatewayGrants {
  /** The secret (WeChat) or access token (Weibo) is answered this once and stored only hashed. */
  grant(
    input: GatewayGrant,
  ): Promise<Result<{ credential: GatewayCredential; secret: string }, GatewayGrantError>>;
  /** Revoking twice changes nothing and records nothing: the trail keeps the first revocation. */
  revoke(org: string, appid: string, by: string): Promise<Result<GatewayCredential, GatewayGrantError>>;
  list(org: string): Promise<Result<GatewayCredential[], GatewayGrantError>>;
}

export interface GatewayGrantsDeps {
  store: GatewayCredentialStore;
  accounts: Pick<AccountService, 'targetState'>;
  people: Pick<PeopleStore, 'getOrg' | 'listPeople'>;
  audit: AuditLog;
  now: Clock;
  random: (size: number) => Buffer;
}

/** The longest a credential may be granted for: a year (and a leap day). */
export const MAX_GRANT_DAYS = 366;
const DAY_MS = 86_400_000;
const MAX_NEW_APPID_TRIES = 5;

type CredentialAction = 'credential_granted' | 'credential_revoked';

export function createGatewayGrants(deps: GatewayGrantsDeps): GatewayGrants {
  const { store, now } = deps;
  return {
    async grant(input) {
      const checked = await grantee(deps, input);
      return checked.ok ? ok(await issue(deps, input, checked.value)) : checked;
    },

    async revoke(org, appid, by) {
      const found = await store.get(appid);
      if (!found || found.org !== org) return err({ code: 'credential_not_found', appid });
      const outcome = await store.revoke(appid, now().toISOString());
      if (!outcome) return err({ code: 'credential_not_found', appid });
      const { credential, revoked } = outcome;
      if (revoked) {
        await record(deps, credential, 'credential_revoked', by, { revokedAt: credential.revokedAt ?? '' });
      }
      return ok(credential);
    },

    async list(org) {
      if ((await deps.people.getOrg(org)) === null) return err({ code: 'org_not_found', slug: org });
      return ok(await store.list(org));
    },
  };
}

/** The account and person a grant names, or why it cannot be granted. */
async function grantee(
  deps: GatewayGrantsDeps,
  input: GatewayGrant,
): Promise<Result<{ target: Target; account: AccountRef; person: Person }, GatewayGrantError>> {
  const target = parseTarget(input.target);
  if (!target) return err({ code: 'invalid_target', target: input.target });
  const account = accountOf(target);
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_GRANT_DAYS) {
    return err({ code: 'invalid_days', days: input.days });
  }
  const people = await deps.people.listPeople(input.org);
  if (people === null) return err({ code: 'org_not_found', slug: input.org });
  const state = await deps.accounts.targetState(input.org, target);
  if (state === 'missing') return err({ code: 'account_not_found', ...account });
  if (state === 'disabled') return err({ code: 'account_disabled', ...account });
  const name = input.person.trim();
  const person = people.find((candidate) => candidate.name === name);
  if (!person) return err({ code: 'person_not_found', org: input.org, name, while: 'granting' });
  if (!hasRole(person, 'drafter')) return err({ code: 'person_cannot_draft', name, roles: person.roles });
  return ok({ target, account, person });
}

/** Stores a new credential under a free appid and records the grant. */
async function issue(
  deps: GatewayGrantsDeps,
  input: GatewayGrant,
  { target, account, person }: { target: Target; account: AccountRef; person: Person },
): Promise<{ credential: GatewayCredential; secret: string }> {
  const at = deps.now();
  const expiresAt = new Date(at.getTime() + input.days * DAY_MS).toISOString();
  const secret = account.platform === 'wechat' ? hex(deps.random, 16) : `2.00${hex(deps.random, 16)}`;
  for (let tries = 0; tries < MAX_NEW_APPID_TRIES; tries++) {
    const credential: GatewayCredential = {
      appid: `qf${hex(deps.random, 8)}`,
      org: input.org,
      target,
      person: person.id,
      createdAt: at.toISOString(),
      expiresAt,
      grantedBy: input.grantedBy,
    };
    // A Weibo tool sends its secret as the access token itself: it is usable until the credential expires.
    const token =
      account.platform === 'weibo' ? issuedToken(secret, credential, at, input.days * 86_400) : undefined;
    if ((await deps.store.add(credential, secret, token)) === 'exists') continue;
    await record(deps, credential, 'credential_granted', input.grantedBy, { name: person.name, expiresAt });
    return { credential, secret };
  }
  throw new Error(`no free gateway appid after ${MAX_NEW_APPID_TRIES} tries`);
}

function record(
  deps: Pick<GatewayGrantsDeps, 'audit' | 'now'>,
  credential: GatewayCredential,
  action: CredentialAction,
  by: string,
  details: Record<string, string>,
): Promise<unknown> {
  return deps.audit.append({
    action,
    org: credential.org,
    draft: NO_DRAFT,
    actor: by,
    at: deps.now().toISOString(),
    details: { appid: credential.appid, target: credential.target, person: credential.person, ...details },
  });
}

function hex(random: (size: number) => Buffer, bytes: number): string {
  return random(bytes).toString('hex');
}
