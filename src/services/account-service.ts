import {
  ACCOUNT_NAME_PATTERN,
  accountOf,
  targetStateOf,
  type Account,
  type Platform,
  type Target,
  type TargetState,
} from '../domain/accounts.js';
import { err, ok, type Result } from '../domain/result.js';
import type { AccountStore, SecretSealer, StoredAccount } from './ports/accounts.js';
import type { PeopleStore } from './ports/people.js';
import type { Clock } from '../domain/clock.js';

export type AccountError =
  | { code: 'org_not_found'; slug: string }
  | { code: 'invalid_account_name'; name: string }
  | { code: 'invalid_appid'; appid: string }
  | { code: 'invalid_link'; link: string }
  /** Weibo takes only links under the app's safe domain: a Weibo account cannot publish without one. */
  | { code: 'missing_link' }
  | { code: 'missing_credential'; platform: Platform; option: 'appid' | 'secret' | 'token' }
  | { code: 'account_exists'; platform: Platform; name: string }
  | { code: 'account_not_found'; platform: Platform; name: string };

export interface NewAccount {
  org: string;
  platform: Platform;
  name: string;
  appid?: string | undefined;
  /** WeChat AppSecret. */
  secret?: string | undefined;
  /** Weibo access token. */
  token?: string | undefined;
  link?: string | undefined;
}

/** An account and its opened credential, for the publisher only: never returned over any API, never logged. */
export interface AccountCredentials {
  account: Account;
  secret: string;
}

/** WeChat AppIDs are `wx` and 16 hex digits. */
const APPID_PATTERN = /^wx[0-9a-f]{16}$/;

/** Platform accounts of organisations; credentials are sealed at rest and opened only for publishing. */
export interface AccountService {
  add(input: NewAccount): Promise<Result<Account, AccountError>>;
  list(org: string): Promise<Result<Account[], AccountError>>;
  exists(org: string, platform: Platform, name: string): Promise<boolean>;
  /** Whether a new draft may target it: the account is there and not disabled. */
  targetState(org: string, target: Target): Promise<TargetState>;
  /** Disables (停用) or enables an account again; disabling keeps its credentials and history. */
  setDisabled(
    org: string,
    platform: Platform,
    name: string,
    disabled: boolean,
  ): Promise<Result<Account, AccountError>>;
  /** Sets the link a Weibo account's posts carry (accounts added before the link was required have none). */
  setWeiboLink(org: string, name: string, link: string): Promise<Result<Account, AccountError>>;
  /** The account with its opened secret: for the publisher only, never returned over any API, never logged. */
  credentials(
    org: string,
    platform: Platform,
    name: string,
  ): Promise<Result<AccountCredentials, AccountError>>;
}

/** Whether an organisation's target names an account in use, disabled or missing; never opens a secret. */
export async function targetStateIn(
  accounts: Pick<AccountStore, 'get'>,
  org: string,
  target: Target,
): Promise<TargetState> {
  const { platform, name } = accountOf(target);
  return targetStateOf(await accounts.get(org, platform, name));
}

/** Platform accounts: their credentials are sealed before they reach the store and opened only for publishing. */
export function createAccountService(deps: {
  accounts: AccountStore;
  people: Pick<PeopleStore, 'getOrg'>;
  sealer: SecretSealer;
  now: Clock;
}): AccountService {
  const { accounts, sealer } = deps;
  const context = (account: Pick<Account, 'org' | 'platform' | 'name'>): string =>
    `${account.org}/${account.platform}/${account.name}`;

  return {
    async add(input: NewAccount): Promise<Result<Account, AccountError>> {
      const checked = checkAccount(input);
      if (!checked.ok) return checked;
      if ((await deps.people.getOrg(input.org)) === null)
        return err({ code: 'org_not_found', slug: input.org });
      const account: Account = {
        org: input.org,
        platform: input.platform,
        name: input.name,
        ...(input.appid ? { appid: input.appid } : {}),
        ...(input.link ? { link: input.link } : {}),
        createdAt: deps.now().toISOString(),
      };
      const stored: StoredAccount = {
        ...account,
        sealedSecret: sealer.seal(checked.value, context(account)),
      };
      if ((await accounts.add(stored)) === 'exists') {
        return err({ code: 'account_exists', platform: input.platform, name: input.name });
      }
      return ok(account);
    },

    async list(org: string): Promise<Result<Account[], AccountError>> {
      if ((await deps.people.getOrg(org)) === null) return err({ code: 'org_not_found', slug: org });
      return ok((await accounts.list(org)).map(withoutSecret));
    },

    async exists(org: string, platform: Platform, name: string): Promise<boolean> {
      return (await accounts.get(org, platform, name)) !== null;
    },

    targetState: (org, target) => targetStateIn(accounts, org, target),

    async setDisabled(org, platform, name, disabled) {
      const stored = await accounts.get(org, platform, name);
      if (!stored) return err({ code: 'account_not_found', platform, name });
      const { disabledAt: _was, ...rest } = stored;
      const changed: StoredAccount = disabled ? { ...rest, disabledAt: deps.now().toISOString() } : rest;
      if ((await accounts.replace(changed)) === 'missing')
        return err({ code: 'account_not_found', platform, name });
      return ok(withoutSecret(changed));
    },

    async setWeiboLink(org, name, link) {
      if (!isHttpsLink(link)) return err({ code: 'invalid_link', link });
      const stored = await accounts.get(org, 'weibo', name);
      if (!stored) return err({ code: 'account_not_found', platform: 'weibo', name });
      if ((await accounts.replace({ ...stored, link })) === 'missing') {
        return err({ code: 'account_not_found', platform: 'weibo', name });
      }
      return ok(withoutSecret({ ...stored, link }));
    },

    async credentials(
      org: string,
      platform: Platform,
      name: string,
    ): Promise<Result<AccountCredentials, AccountError>> {
      const stored = await accounts.get(org, platform, name);
      if (!stored) return err({ code: 'account_not_found', platform, name });
      return ok({
        account: withoutSecret(stored),
        secret: sealer.open(stored.sealedSecret, context(stored)),
      });
    },
  };
}

/** The credential to seal, once the input is well-formed. */
function checkAccount(input: NewAccount): Result<string, AccountError> {
  if (!ACCOUNT_NAME_PATTERN.test(input.name)) return err({ code: 'invalid_account_name', name: input.name });
  if (input.link !== undefined && !isHttpsLink(input.link)) {
    return err({ code: 'invalid_link', link: input.link });
  }
  if (input.platform === 'weibo') {
    if (!input.token) return err({ code: 'missing_credential', platform: 'weibo', option: 'token' });
    return input.link ? ok(input.token) : err({ code: 'missing_link' });
  }
  if (!input.appid) return err({ code: 'missing_credential', platform: 'wechat', option: 'appid' });
  if (!APPID_PATTERN.test(input.appid)) return err({ code: 'invalid_appid', appid: input.appid });
  return input.secret
    ? ok(input.secret)
    : err({ code: 'missing_credential', platform: 'wechat', option: 'secret' });
}

const isHttpsLink = (link: string): boolean => /^https:\/\/[^\s/]+\.[^\s/]+/.test(link);

function withoutSecret(stored: StoredAccount): Account {
  const { sealedSecret: _sealed, ...account } = stored;
  return account;
}
