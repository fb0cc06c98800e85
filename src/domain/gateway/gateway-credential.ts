import { platformOf, type Target } from '../accounts.js';

/**
 * A gateway credential (网关凭据): what qianfa hands an operator's existing tool instead of the account's real
 * AppSecret or access token. It is scoped to one account (`target`) and one person, expires, and can be revoked.
 * Only a one-way hash of its secret is stored.
 *
 * - WeChat: `appid` (`qf` + 16 hex, shaped like a real AppID) and a secret, exchanged at the gateway's
 *   cgi-bin/token or stable_token for short-lived gateway access tokens.
 * - Weibo: the secret itself is the access token the tool sends to statuses/share.
 */
export interface GatewayCredential {
  /** Also the credential's id. */
  appid: string;
  org: string;
  target: Target;
  /** Person id of the operator the tool acts as; every draft it submits is theirs. */
  person: string;
  createdAt: string;
  expiresAt: string;
  /** Set once revoked. */
  revokedAt?: string;
  /** Person id of who granted it (an admin), or `cli` for the command line. */
  grantedBy: string;
}

/** Why a credential or gateway token was refused: facts only; the gateway maps each to the platform's code. */
export type GatewayAuthRefusal =
  | { code: 'unknown_appid' }
  | { code: 'wrong_secret'; credential: GatewayCredential }
  | { code: 'credential_revoked'; credential: GatewayCredential }
  | { code: 'credential_expired'; credential: GatewayCredential }
  | { code: 'missing_token' }
  | { code: 'unknown_token' }
  /** A gateway access token past its lifetime (still recognised for a while after). */
  | { code: 'token_expired'; credential: GatewayCredential }
  | { code: 'wrong_platform'; credential: GatewayCredential }
  | { code: 'person_gone'; credential: GatewayCredential }
  /** The holder is the account's outsourced operator (代运维), whose contract in the register has ended. */
  | { code: 'operator_contract_ended'; credential: GatewayCredential; contractEnd: string };

/** Whether a credential may be used at `now`: not revoked, not expired. */
export function credentialState(
  credential: GatewayCredential,
  now: Date,
): 'valid' | 'credential_revoked' | 'credential_expired' {
  if (credential.revokedAt !== undefined) return 'credential_revoked';
  return Date.parse(credential.expiresAt) <= now.getTime() ? 'credential_expired' : 'valid';
}

/** How a grant shows its secret, once: WeChat tools take an AppSecret; a Weibo tool's secret is its access token. */
export function grantedSecret(
  credential: Pick<GatewayCredential, 'target'>,
  secret: string,
): { secret: string } | { access_token: string } {
  return platformOf(credential.target) === 'weibo' ? { access_token: secret } : { secret };
}
