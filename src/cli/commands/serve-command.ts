import cluster from 'node:cluster';
import { closeOnSignal, startServer } from '../../server.js';
import { startProcesses } from '../../server-processes.js';
import {
  CommandUsageError,
  configOf,
  EXIT,
  optionalString,
  parseCommandArgs,
  processIo,
  runCommand,
  type CommandIo,
} from './command-support.js';

export const SERVE_USAGE =
  'qianfa serve [--processes N]（N 默认为 CPU 核数；配置见环境变量 PORT、HOST、REDIS_URL、QIANFA_DATA_DIR、QIANFA_PROCESSES）';

/**
 * `qianfa serve [--processes N]`: runs the service until SIGINT or SIGTERM, in N processes behind one port when
 * N > 1 (this one supervising them). A service process forked by it runs the service alone and quietly.
 */
export function serveCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, SERVE_USAGE, async () => {
    const { values, positionals } = parseCommandArgs(args, { processes: { type: 'string' } });
    if (positionals.length > 0) throw new CommandUsageError(`多余的参数“${positionals[0]}”`);
    const config = configOf(io);
    const given = optionalString(values.processes, 'processes');
    const processes = given === undefined ? config.processes : processCount(given);
    const starting = cluster.isWorker
      ? startServer(config, { write: () => undefined })
      : processes > 1
        ? startProcesses(config, processes, io.stdout)
        : startServer(config, io.stdout);
    await closeOnSignal(starting, cluster.isWorker ? { write: () => undefined } : io.stdout);
    if (!cluster.isWorker) io.stdout.write('qianfa 已停止。\n');
    return EXIT.ok;
  });
}

function processCount(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new CommandUsageError(`--processes 须为 1 到 256 的整数，收到“${text}”`);
  }
  return count;
}
