/** The platforms qianfa publishes to: WeChat official accounts (公众号) and Weibo (微博号). */
export const PLATFORMS = ['wechat', 'weibo'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Account names appear in targets (`wechat:崇川发布`): letters (Chinese too), digits, `_` and `-`. */
const ACCOUNT_NAME = String.raw`[\p{L}\p{N}_-]{1,40}`;
export const ACCOUNT_NAME_PATTERN = new RegExp(`^${ACCOUNT_NAME}$`, 'u');
/** A well-formed target: a platform, a colon, an account name. */
export const TARGET_PATTERN = new RegExp(`^(${PLATFORMS.join('|')}):${ACCOUNT_NAME}$`, 'u');

/** A platform account (公众号 or 微博号) an organisation publishes to. */
export interface Account {
  org: string;
  platform: Platform;
  name: string;
  /** WeChat: the AppID (public; the AppSecret is sealed apart). */
  appid?: string;
  /** Weibo: the link in the account's safe domain a post carries when there is no WeChat article to link. */
  link?: string;
  createdAt: string;
  /** When an admin disabled it (停用): no new draft may target it, and nothing is published to it. */
  disabledAt?: string;
}

/** Whether an organisation can publish to a target: its account is there and in use. */
export type TargetState = 'active' | 'disabled' | 'missing';

export function targetStateOf(account: Pick<Account, 'disabledAt'> | null | undefined): TargetState {
  if (!account) return 'missing';
  return account.disabledAt === undefined ? 'active' : 'disabled';
}

/** Which account of an organisation: the platform and the account's name. */
export interface AccountRef {
  platform: Platform;
  name: string;
}

/**
 * Where an approved draft goes: `wechat:<account>` or `weibo:<account>`, as stored and on the wire. Text becomes
 * a Target only through `parseTarget` where it enters (the API's draft schema, a gateway credential's grant, whose
 * target the gateway then uses); past that edge nothing handles a malformed one again, and `accountOf` is total.
 */
export type Target = `${Platform}:${string}`;

export function isPlatform(value: unknown): value is Platform {
  return PLATFORMS.some((platform) => platform === value);
}

/** `wechat:崇川发布` as a Target, or undefined when malformed. */
export function parseTarget(text: string): Target | undefined {
  return TARGET_PATTERN.test(text) ? (text as Target) : undefined;
}

/** The account a target names. */
export function accountOf(target: Target): AccountRef {
  const colon = target.indexOf(':');
  return { platform: target.slice(0, colon) as Platform, name: target.slice(colon + 1) };
}

export function platformOf(target: Target): Platform {
  return accountOf(target).platform;
}

export function targetOf(account: AccountRef): Target {
  return `${account.platform}:${account.name}`;
}
