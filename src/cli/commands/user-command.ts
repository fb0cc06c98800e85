import type { IssuedToken } from '../../services/ports/people.js';
import { userLoginCommand, type UserLoginIo } from './user-login-command.js';
import {
  refusalOf,
  CommandUsageError,
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  requireString,
  runCommand,
  withPeopleService,
  unknownSubcommand,
  refuseExtraArguments,
} from './command-support.js';

export const USER_USAGE =
  'qianfa user add --org SLUG --name 姓名 --roles reviewer,editor [--outsourced] | qianfa user token --org SLUG --name 姓名' +
  ' | qianfa user set-password --org SLUG --name 姓名 (密码从标准输入读取) | qianfa user disable --org SLUG --name 姓名';

const OPTIONS = {
  org: { type: 'string' },
  name: { type: 'string' },
  roles: { type: 'string' },
  outsourced: { type: 'boolean' },
} as const;

/** `qianfa user add|token`: prints `{ "id", "token" }` as one JSON line; the token is shown only here. */
export function userCommand(args: string[], io: UserLoginIo = processIo()): Promise<number> {
  return runCommand(io, USER_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub === 'set-password' || sub === 'disable') return userLoginCommand(sub, rest, io);
    if (sub !== 'add' && sub !== 'token') {
      throw unknownSubcommand(sub);
    }
    const { values, positionals } = parseCommandArgs(rest, OPTIONS);
    refuseExtraArguments(positionals);
    const org = requireString(values.org, 'org');
    const name = requireString(values.name, 'name');
    if (sub === 'token' && (values.roles !== undefined || values.outsourced !== undefined)) {
      throw new CommandUsageError('user token 不接受 --roles 或 --outsourced');
    }
    const roles = sub === 'add' ? parseRoles(requireString(values.roles, 'roles')) : [];
    const result = await withPeopleService(configOf(io), (people) =>
      sub === 'add'
        ? people.addPerson({ org, name, roles, outsourced: values.outsourced === true })
        : people.issueToken(org, name),
    );
    if (!result.ok) throw refusalOf(result.error);
    io.stdout.write(`${JSON.stringify(issuedLine(result.value))}\n`);
    return EXIT.ok;
  });
}

function parseRoles(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((role) => role.trim())
    .filter((role) => role !== '');
}

function issuedLine(issued: IssuedToken): { id: string; token: string } {
  return { id: issued.person.id, token: issued.token };
}
