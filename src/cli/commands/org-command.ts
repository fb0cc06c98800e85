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
  type CommandIo,
  unknownSubcommand,
} from './command-support.js';

export const ORG_USAGE = 'qianfa org add SLUG --name 名称';

/** `qianfa org add SLUG --name 名称`: prints `{ "slug", "name" }` as one JSON line. */
export function orgCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, ORG_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub !== 'add') throw unknownSubcommand(sub);
    const { values, positionals } = parseCommandArgs(rest, { name: { type: 'string' } });
    if (positionals.length !== 1) throw new CommandUsageError('须给出一个单位标识 SLUG');
    const org = { slug: positionals[0]!, name: requireString(values.name, 'name') };
    const result = await withPeopleService(configOf(io), (people) => people.addOrg(org));
    if (!result.ok) throw refusalOf(result.error);
    io.stdout.write(`${JSON.stringify(result.value)}\n`);
    return EXIT.ok;
  });
}
