import { secretKeyOf } from '../../composition.js';
import { createMonitorOn } from '../../composition/monitor.js';
import { monitorLine } from '../../messages/monitor-texts.js';
import { monitorPatrol } from './monitor-patrol-command.js';
import {
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  refusalOf,
  requireString,
  runCommand,
  withRedis,
  type CommandIo,
  unknownSubcommand,
} from './command-support.js';

export const MONITOR_USAGE = 'qianfa monitor cadence|patrol --org SLUG [--json]';

type Io = CommandIo & { stdout: { write(text: string): unknown } };

/**
 * `qianfa monitor cadence --org SLUG [--json]`: each account's update cadence and original ratio now (reads the
 * platforms' lists; raises no alert, which the scheduled check does).
 */
export function monitorCommand(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand(io, MONITOR_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub === 'patrol') return monitorPatrol(rest, io);
    if (sub !== 'cadence') throw unknownSubcommand(sub);
    const { values } = parseCommandArgs(rest, { org: { type: 'string' }, json: { type: 'boolean' } });
    const org = requireString(values.org, 'org');
    const config = configOf(io);
    const key = await secretKeyOf(config);
    const result = await withRedis(config, async (client) =>
      (await createMonitorOn(client, config, key)).report(org),
    );
    if (!result.ok) throw refusalOf(result.error);
    if (values.json === true) io.stdout.write(`${JSON.stringify(result.value)}\n`);
    else for (const account of result.value.accounts) io.stdout.write(`${monitorLine(account)}\n`);
    return EXIT.ok;
  });
}
