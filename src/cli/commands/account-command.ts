import { isPlatform } from '../../domain/accounts.js';
import { createAccountServiceOn, secretKeyOf } from '../../composition.js';
import type { NewAccount } from '../../services/account-service.js';
import { accountDetails } from '../../services/audit-service.js';
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
} from './command-support.js';

export const ACCOUNT_USAGE =
  'qianfa account add --org SLUG --platform wechat --name 名称 --appid ID --secret SECRET|- ' +
  '| --platform weibo --name 名称 --token TOKEN|- --link URL | qianfa account list --org SLUG ' +
  '| qianfa account set-link --org SLUG --name 微博账号名称 --link URL';

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

/** `qianfa account add|list|set-link`: one JSON line per account; secrets are never printed. */
export function accountCommand(args: string[], io: AccountCommandIo = processIo()): Promise<number> {
  return runCommand(io, ACCOUNT_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub !== 'add' && sub !== 'list' && sub !== 'set-link') {
      throw new CommandUsageError(sub === undefined ? '缺少子命令' : `未知子命令“${sub}”`);
    }
    const { values, positionals } = parseCommandArgs(rest, OPTIONS);
    if (positionals.length > 0) throw new CommandUsageError(`多余的参数“${positionals[0]}”`);
    const org = requireString(values.org, 'org');
    const config = configOf(io);
    const key = await secretKeyOf(config);
    const answer = await withRedis(config, async (client) => {
      const accounts = createAccountServiceOn(client, config, key);
      if (sub === 'list') return accounts.list(org);
      const changed =
        sub === 'add'
          ? await accounts.add(await newAccountOf(org, values, io))
          : await accounts.setWeiboLink(
              org,
              requireString(values.name, 'name'),
              requireString(values.link, 'link'),
            );
      if (changed.ok) {
        const action = sub === 'add' ? 'created' : 'account_changed';
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

async function newAccountOf(org: string, values: AccountOptions, io: AccountCommandIo): Promise<NewAccount> {
  const platform = requireString(values.platform, 'platform');
  if (!isPlatform(platform)) throw new CommandUsageError(`未知平台“${platform}”，可用：wechat、weibo`);
  return {
    org,
    platform,
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
