import cluster from 'node:cluster';
import type { Config } from '../../config/config-schema.js';
import { closeOnSignal, startServer } from '../../server.js';
import {
  lowerPriority,
  reportWorkersStarted,
  roleFromPrimary,
  startProcesses,
} from '../../server-processes.js';
import { serveSandbox } from './serve-sandbox.js';
import { startWorkers } from './worker-command.js';
import {
  CommandUsageError,
  configOf,
  EXIT,
  optionalString,
  parseCommandArgs,
  processIo,
  runCommand,
  type CommandIo,
  refuseExtraArguments,
} from './command-support.js';

export const SERVE_USAGE =
  'qianfa serve [--processes N] [--sandbox]（N 默认为 CPU 核数；--sandbox 为沙盒演示：模拟微信、微博和演示单位，单进程；配置见环境变量 PORT、HOST、REDIS_URL、QIANFA_DATA_DIR、QIANFA_PROCESSES）';

/**
 * `qianfa serve [--processes N] [--sandbox]`: runs the service until SIGINT or SIGTERM, in N processes behind one
 * port when N > 1 (this one supervising them). A service process forked by it runs the service alone and quietly.
 * The sandbox runs in one process: its simulated platforms live there.
 */
export function serveCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, SERVE_USAGE, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      processes: { type: 'string' },
      sandbox: { type: 'boolean' },
    });
    refuseExtraArguments(positionals);
    const given = optionalString(values.processes, 'processes');
    const processes = given === undefined ? undefined : processCount(given);
    if (values.sandbox) {
      // Asked for explicitly, several processes cannot be honoured; QIANFA_PROCESSES (a real service's
      // setting, perhaps in the same environment) is simply not used.
      if (processes !== undefined && processes > 1)
        throw new CommandUsageError('沙盒只能在一个进程中运行（模拟平台就在这个进程里），请去掉 --processes');
      await serveSandbox(io);
    } else await serveService(configOf(io), processes, io);
    if (!cluster.isWorker) io.stdout.write('qianfa 已停止。\n');
    return EXIT.ok;
  });
}

async function serveService(config: Config, given: number | undefined, io: CommandIo): Promise<void> {
  const processes = given ?? config.processes;
  const quiet = { write: () => undefined };
  const starting = cluster.isWorker
    ? roleFromPrimary().then((role) =>
        role === 'workers' ? startWorkersProcess(config) : startServer(config, quiet),
      )
    : processes > 1
      ? startProcesses(config, processes, io.stdout)
      : startServer(config, io.stdout);
  await closeOnSignal(starting, cluster.isWorker ? quiet : io.stdout);
}

/** The worker process of `qianfa serve --processes N`: the workers alone, at a lower priority, quietly. */
async function startWorkersProcess(config: Config): Promise<{ close(): Promise<void> }> {
  lowerPriority();
  const running = await startWorkers(config, { stdout: { write: () => undefined } });
  reportWorkersStarted();
  return running;
}

function processCount(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new CommandUsageError(`--processes 须为 1 到 256 的整数，收到“${text}”`);
  }
  return count;
}
