import { createGatewayCredentialServiceOn } from '../../composition.js';
import { grantedSecret } from '../../domain/gateway/gateway-credential.js';
import type { GatewayCredentialService } from '../../services/gateway-credential-service.js';
import {
  refusalOf,
  CommandUsageError,
  configOf,
  EXIT,
  optionalString,
  parseCommandArgs,
  processIo,
  requireString,
  runCommand,
  withRedis,
  type CommandIo,
  unknownSubcommand,
  refuseExtraArguments,
} from './command-support.js';

export const GATEWAY_USAGE =
  'qianfa gateway grant --org SLUG --account wechat:名称|weibo:名称 --person 姓名 [--days 90] ' +
  '| qianfa gateway revoke --org SLUG --appid ID | qianfa gateway list --org SLUG';

const DEFAULT_DAYS = 90;

const OPTIONS = {
  org: { type: 'string' },
  account: { type: 'string' },
  person: { type: 'string' },
  days: { type: 'string' },
  appid: { type: 'string' },
} as const;

/** Which options each subcommand takes besides `--org`. */
const SUBCOMMAND_OPTIONS = {
  grant: ['account', 'person', 'days'],
  revoke: ['appid'],
  list: [],
} as const satisfies Record<string, readonly (keyof typeof OPTIONS)[]>;

type Subcommand = keyof typeof SUBCOMMAND_OPTIONS;

/**
 * `qianfa gateway grant|revoke|list`: gateway credentials for existing tools, one JSON line each. `grant` prints
 * the secret (WeChat) or access token (Weibo) that once; it is stored only hashed and cannot be shown again.
 */
export function gatewayCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, GATEWAY_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub === undefined || !Object.hasOwn(SUBCOMMAND_OPTIONS, sub)) {
      throw unknownSubcommand(sub);
    }
    const { values, positionals } = parseCommandArgs(rest, OPTIONS);
    refuseExtraArguments(positionals);
    const allowed: readonly string[] = SUBCOMMAND_OPTIONS[sub as Subcommand];
    const extra = Object.keys(values).find((option) => option !== 'org' && !allowed.includes(option));
    if (extra !== undefined) throw new CommandUsageError(`gateway ${sub} 不接受 --${extra}`);
    const org = requireString(values.org, 'org');
    const config = configOf(io);
    const withService = <T>(use: (service: GatewayCredentialService) => Promise<T>) =>
      withRedis(config, (client) => use(createGatewayCredentialServiceOn(client, config)));

    if (sub === 'list') {
      const listed = await withService((service) => service.list(org));
      if (!listed.ok) throw refusalOf(listed.error);
      for (const credential of listed.value) io.stdout.write(`${JSON.stringify(credential)}\n`);
      return EXIT.ok;
    }
    if (sub === 'revoke') {
      const appid = requireString(values.appid, 'appid');
      const revoked = await withService((service) => service.revoke(org, appid, 'cli'));
      if (!revoked.ok) throw refusalOf(revoked.error);
      io.stdout.write(`${JSON.stringify(revoked.value)}\n`);
      return EXIT.ok;
    }
    const input = {
      org,
      target: requireString(values.account, 'account'),
      person: requireString(values.person, 'person'),
      days: daysOf(optionalString(values.days, 'days')),
      grantedBy: 'cli',
    };
    const granted = await withService((service) => service.grant(input));
    if (!granted.ok) throw refusalOf(granted.error);
    const { credential, secret } = granted.value;
    const { appid, target, person, expiresAt } = credential;
    io.stdout.write(
      `${JSON.stringify({ appid, ...grantedSecret(credential, secret), target, person, expiresAt })}\n`,
    );
    io.stderr.write(
      `qianfa: 密钥只显示这一次，请立即交给持有人妥善保存；qianfa 只保存其哈希，无法再次查看（遗失请吊销后重新签发）。\n`,
    );
    return EXIT.ok;
  });
}

function daysOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DAYS;
  if (!/^\d+$/.test(text.trim())) throw new CommandUsageError('--days 须为 1–366 之间的整数天数');
  return Number(text.trim());
}
