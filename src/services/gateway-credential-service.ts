import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import type { AccountService } from './account-service.js';
import { createGatewayAuth, type GatewayAuth, type OperatorOf } from './gateway/credential-auth.js';
import { createGatewayGrants, type GatewayGrants } from './gateway/credential-grants.js';
import type { AuditLog } from './ports/audit.js';
import type { GatewayCredentialStore } from './ports/gateway.js';
import type { PeopleStore } from './ports/people.js';

export type { GatewayGrant, GatewayGrantError } from './gateway/credential-grants.js';

/**
 * Credentials that let an operator's existing WeChat or Weibo tool talk to qianfa's gateway instead of the
 * platform. The real AppSecret never leaves qianfa; these secrets and tokens are shown once and stored hashed.
 * Every use checks the credential afresh, so revoking it stops all its tokens at once.
 */
export interface GatewayCredentialService extends GatewayGrants, GatewayAuth {}

export interface GatewayCredentialServiceDeps {
  store: GatewayCredentialStore;
  accounts: Pick<AccountService, 'targetState'>;
  people: Pick<PeopleStore, 'getOrg' | 'getPerson' | 'listPeople'>;
  audit: AuditLog;
  now: Clock;
  /** Lifetime of WeChat gateway access tokens (cgi-bin/token, stable_token). */
  tokenTtlSeconds: number;
  /** The account's outsourced operator in the register, whose contract end stops its staff's credentials. */
  operatorOf?: OperatorOf;
  /** Test seam: where randomness comes from. */
  randomBytes?: (size: number) => Buffer;
}

export function createGatewayCredentialService(deps: GatewayCredentialServiceDeps): GatewayCredentialService {
  const random = deps.randomBytes ?? randomBytes;
  return { ...createGatewayGrants({ ...deps, random }), ...createGatewayAuth({ ...deps, random }) };
}
