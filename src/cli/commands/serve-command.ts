import { closeOnSignal, startServer } from '../../server.js';
import {
  CommandUsageError,
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  runCommand,
  type CommandIo,
} from './command-support.js';

export const SERVE_USAGE = 'qianfa serve（配置见环境变量 PORT、HOST、REDIS_URL、QIANFA_DATA_DIR）';

/** `qianfa serve`: runs the service until SIGINT or SIGTERM. */
export function serveCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, SERVE_USAGE, async () => {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length > 0) throw new CommandUsageError(`多余的参数“${positionals[0]}”`);
    const config = configOf(io);
    await closeOnSignal(startServer(config, io.stdout), io.stdout);
    io.stdout.write('qianfa 已停止。\n');
    return EXIT.ok;
  });
}
