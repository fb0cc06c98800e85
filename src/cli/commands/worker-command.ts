import { createServices, loadReviewData, secretKeyOf } from '../../composition.js';
import type { Config } from '../../config/config-schema.js';
import { closeOnSignal, openRedis } from '../../server.js';
import {
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  runCommand,
  type CommandIo,
  refuseExtraArguments,
} from './command-support.js';

export const WORKER_USAGE = 'qianfa worker（只运行发布进程；配置见 QIANFA_WORKER_CONCURRENCY 等环境变量）';

/**
 * `qianfa worker`: runs publish jobs only, until SIGINT or SIGTERM. Any number may run beside `qianfa serve`;
 * on start it re-adds the jobs of approved drafts that a crash may have left without one.
 */
export function workerCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, WORKER_USAGE, async () => {
    const { positionals } = parseCommandArgs(args, {});
    refuseExtraArguments(positionals);
    await closeOnSignal(startWorkers(configOf(io), io), io.stdout);
    io.stdout.write('qianfa 发布进程已停止。\n');
    return EXIT.ok;
  });
}

/**
 * Redis, the services and this process's workers; what closes them again. Also the worker process of
 * `qianfa serve --processes N` (quietly).
 */
export async function startWorkers(
  config: Config,
  io: Pick<CommandIo, 'stdout'>,
): Promise<{ close(): Promise<void> }> {
  const [data, secretKey] = await Promise.all([loadReviewData(config), secretKeyOf(config)]);
  const redis = await openRedis(config);
  const publicUrl = () => config.notifications.publicUrl ?? `http://${config.host}:${config.port}`;
  const services = await createServices(redis, { ...config, publicUrl }, data, secretKey).catch(
    async (error: unknown) => {
      await redis.close();
      throw error;
    },
  );
  const close = async () => {
    await services.close();
    await redis.close();
  };
  try {
    await services.startWorker();
  } catch (error) {
    await close();
    throw error;
  }
  io.stdout.write(
    `qianfa 发布进程已启动（并发 ${config.publishing.concurrency}；Redis：${redis.description}）\n`,
  );
  return { close };
}
