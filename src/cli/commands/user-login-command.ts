import { createAuditLogOn, createPeopleServiceOn, secretKeyOf } from '../../composition.js';
import { loginServiceOn } from '../../composition/login.js';
import { systemClock } from '../../domain/clock.js';
import { auditedPeople } from '../../services/audit-service.js';
import {
  cliRecorderOn,
  CommandUsageError,
  configOf,
  EXIT,
  parseCommandArgs,
  readProcessStdin,
  refusalOf,
  requireString,
  withRedis,
  type CommandIo,
  refuseExtraArguments,
} from './command-support.js';

export interface UserLoginIo extends CommandIo {
  /** Where the password is read from (never argv: it would show in `ps` and shell history). */
  readStdin?: () => Promise<string>;
}

const OPTIONS = { org: { type: 'string' }, name: { type: 'string' } } as const;

/**
 * `qianfa user set-password` (the password's first line from stdin; on a terminal, typed without echo is left to
 * the shell: `read -rs P; printf '%s\n' "$P" | qianfa user set-password …`) and `qianfa user disable`. Both end
 * every session and link the person holds; both are audited as `cli`.
 */
export async function userLoginCommand(
  sub: 'set-password' | 'disable',
  args: string[],
  io: UserLoginIo,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  refuseExtraArguments(positionals);
  const target = { org: requireString(values.org, 'org'), name: requireString(values.name, 'name') };
  const config = configOf(io);
  const password = sub === 'set-password' ? await readPassword(io) : '';
  const secretKey = await secretKeyOf(config);
  const result = await withRedis(config, async (client) => {
    const record = cliRecorderOn(client, config);
    const people = auditedPeople(createPeopleServiceOn(client, config), record);
    if (sub === 'disable') return people.disablePerson(target.org, target.name);
    const audit = createAuditLogOn(client, config);
    const login = loginServiceOn(client, config, { secretKey, people, audit, now: systemClock });
    return login.setPassword(record, target, password);
  });
  if (!result.ok) throw refusalOf(result.error);
  io.stdout.write(
    `${JSON.stringify({ id: result.value.id, [sub === 'disable' ? 'disabled' : 'password_set']: true })}\n`,
  );
  return EXIT.ok;
}

async function readPassword(io: UserLoginIo): Promise<string> {
  const text = await (io.readStdin ?? readProcessStdin)();
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password === '') throw new CommandUsageError('请从标准输入提供密码（第一行），不要写在命令行参数里');
  return password;
}
