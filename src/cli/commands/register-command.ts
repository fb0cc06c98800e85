import { writeFile } from 'node:fs/promises';
import { secretKeyOf } from '../../composition.js';
import { createRegisterOn } from '../../composition/register.js';
import { registerLine } from '../../messages/register-texts.js';
import {
  CommandUsageError,
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  refusalOf,
  requireString,
  runCommand,
  withRedis,
  type BinaryOutputIo,
} from './command-support.js';

export const REGISTER_USAGE =
  'qianfa register list --org SLUG [--json] | qianfa register show --org SLUG --account wechat:名称 | qianfa register export --org SLUG [--format json|xlsx] [--out FILE]';

/** `qianfa register list|show|export`: the account register (issue 13 point 1). */
export function registerCommand(args: string[], io: BinaryOutputIo = processIo()): Promise<number> {
  return runCommand(io, REGISTER_USAGE, async () => {
    const [subcommand, ...rest] = args;
    const { values } = parseCommandArgs(rest, {
      org: { type: 'string' },
      account: { type: 'string' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
    });
    const org = requireString(values.org, 'org');
    if (subcommand !== 'list' && subcommand !== 'show' && subcommand !== 'export')
      throw new CommandUsageError(`未知子命令“${subcommand ?? ''}”`);
    const format = typeof values.format === 'string' ? values.format : 'json';
    if (format !== 'json' && format !== 'xlsx') throw new CommandUsageError(`未知格式“${format}”`);
    const account = subcommand === 'show' ? requireString(values.account, 'account') : '';
    const config = configOf(io);
    const key = await secretKeyOf(config);
    const body = await withRedis(config, async (client) => {
      const register = await createRegisterOn(client, config, key);
      if (subcommand === 'show') {
        const found = await register.show(org, account);
        if (!found.ok) throw refusalOf(found.error);
        return Buffer.from(`${JSON.stringify(found.value)}\n`);
      }
      const views = await register.list(org);
      if (!views.ok) throw refusalOf(views.error);
      if (subcommand === 'export' && format === 'xlsx') return register.files.workbook(org, views.value);
      if (subcommand === 'export' || values.json === true)
        return Buffer.from(`${JSON.stringify({ entries: views.value })}\n`);
      return Buffer.from(views.value.map((view) => `${registerLine(view)}\n`).join(''));
    });
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (out === undefined) io.stdout.write(body);
    else await writeFile(out, body);
    return EXIT.ok;
  });
}
