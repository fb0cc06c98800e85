import { isPlatform, type Platform } from '../../domain/accounts.js';
import { createAccountServiceOn, secretKeyOf } from '../../composition.js';
import type { NewAccount } from '../../services/account-service.js';
import { accountDetails, disabledAction } from '../../services/audit-service.js';
import {
  cliRecorderOn,
  refusalOf,
  CommandUsageError,
  configOf,
  EXIT,
  parseCommandArgs,
  optionalString,
  processIo,
  readProcessStdin,
  requireString,
  runCommand,
  withRedis,
  type CommandIo,
  unknownSubcommand,
  refuseExtraArguments,
} from './command-support.js';

export const ACCOUNT_USAGE =
  'qianfa account add --org SLUG --platform wechat --name 名称 --appid ID --secret SECRET|- ' +
  '| --platform weibo --name 名称 --token TOKEN|- --link URL | qianfa account list --org SLUG ' +
  '| qianfa account set-link --org SLUG --name 微博账号名称 --link URL ' +
  '| qianfa account disable|enable --org SLUG --platform wechat|weibo --name 名称';

const SUBCOMMANDS = ['add', 'list', 'set-link', 'disable', 'enable'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
const isSubcommand = (sub: string | undefined): sub is Subcommand =>
  (SUBCOMMANDS as readonly (string | undefined)[]).includes(sub);

const OPTIONS = {
  org: { type: 'string' },
  platform: { type: 'string' },
  name: { type: 'string' },
  appid: { type: 'string' },
  secret: { type: 'string' },
  token: { type: 'string' },
  link: { type: 'string' },
} as const;

export interface AccountCommandIo extends CommandIo {
  /** Where `--secret -` and `--token -` read from, so a secret need not appear in `ps` or shell history. */
  readStdin?: () => Promise<string>;
}

/**
 * `qianfa account add|list|set-link|disable|enable`: one JSON line per account; secrets are never printed. A
 * disabled account (停用) is refused as a target of new drafts and nothing is published to it, as on the admin page.
 */
export function accountCommand(args: string[], io: AccountCommandIo = processIo()): Promise<number> {
  return runCommand(io, ACCOUNT_USAGE, async () => {
    const [sub, ...rest] = args;
    if (!isSubcommand(sub)) {
      throw unknownSubcommand(sub);
    }
    const { values, positionals } = parseCommandArgs(rest, OPTIONS);
    refuseExtraArguments(positionals);
    const org = requireString(values.org, 'org');
    const config = configOf(io);
    const key = await secretKeyOf(config);
    const answer = await withRedis(config, async (client) => {
      const accounts = createAccountServiceOn(client, config, key);
      if (sub === 'list') return accounts.list(org);
      const name = () => requireString(values.name, 'name');
      let changed;
      if (sub === 'add') changed = await accounts.add(await newAccountOf(org, values, io));
      else if (sub === 'set-link')
        changed = await accounts.setWeiboLink(org, name(), requireString(values.link, 'link'));
      else changed = await accounts.setDisabled(org, platformOf(values), name(), sub === 'disable');
      if (changed.ok) {
        const action = ACTIONS[sub];
        await cliRecorderOn(client, config)(org, action, accountDetails(changed.value));
      }
      return changed;
    });
    if (!answer.ok) throw refusalOf(answer.error);
    for (const account of [answer.value].flat()) io.stdout.write(`${JSON.stringify(account)}\n`);
    return EXIT.ok;
  });
}

type AccountOptions = ReturnType<typeof parseCommandArgs>['values'];

/** What each change is recorded as in the audit trail (as the admin page records it). */
const ACTIONS = {
  add: 'created',
  'set-link': 'account_changed',
  disable: disabledAction(true),
  enable: disabledAction(false),
} as const;

function platformOf(values: AccountOptions): Platform {
  const platform = requireString(values.platform, 'platform');
  if (!isPlatform(platform)) throw new CommandUsageError(`未知平台“${platform}”，可用：wechat、weibo`);
  return platform;
}

async function newAccountOf(org: string, values: AccountOptions, io: AccountCommandIo): Promise<NewAccount> {
  return {
    org,
    platform: platformOf(values),
    name: requireString(values.name, 'name'),
    appid: optionalString(values.appid, 'appid'),
    secret: await orStdin(optionalString(values.secret, 'secret'), io),
    token: await orStdin(optionalString(values.token, 'token'), io),
    link: optionalString(values.link, 'link'),
  };
}

async function orStdin(value: string | undefined, io: AccountCommandIo): Promise<string | undefined> {
  if (value !== '-') return value;
  const text = await (io.readStdin ?? readProcessStdin)();
  return text.trim();
}
