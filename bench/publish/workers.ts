/** Starting publish workers: in this process (services.startWorker) or as `qianfa worker` children. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Services } from '../../src/composition.js';
import { qianfaCommand } from '../api/processes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What `qianfa worker` prints once its worker runs (after re-adding jobs a crash may have lost). */
const READY_LINE = '发布进程已启动';
/** Generous: a loaded machine starts them slowly. */
const CHILD_READY_TIMEOUT_MS = 180_000;
const CHILD_STOP_TIMEOUT_MS = 15_000;

export interface RunningWorkers {
  /** When each worker was running (in-process: startWorker resolved; child: it printed its ready line). */
  readyAt: number[];
  /** Child pids (none in-process), for their CPU time. */
  pids: number[];
  stop(): Promise<void>;
}

/** One worker in this process; startWorker first runs the crash recovery over every approved draft. */
export async function startInProcess(services: Services): Promise<RunningWorkers> {
  const worker = await services.startWorker();
  return { readyAt: [Date.now()], pids: [], stop: () => worker.close() };
}

/** `count` children running `qianfa worker`, built as bench:api runs the service (BENCH_FROM, bench/api/processes.ts). */
export async function startChildren(
  count: number,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<RunningWorkers> {
  const children = Array.from({ length: count }, () => spawnWorker(env, nodeArgs));
  try {
    const readyAt = await Promise.all(children.map(whenReady));
    return {
      readyAt,
      pids: children.map((child) => child.pid ?? -1),
      stop: () => Promise.all(children.map(stopChild)).then(() => undefined),
    };
  } catch (error) {
    await Promise.all(children.map(stopChild));
    throw error;
  }
}

function spawnWorker(env: Record<string, string>, nodeArgs: readonly string[]): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, ...qianfaCommand('worker')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) =>
    process.stderr.write(`[worker ${child.pid}] ${chunk.toString('utf8')}`),
  );
  return child;
}

function whenReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`worker ${child.pid} not ready: ${text}`)),
      CHILD_READY_TIMEOUT_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve(Date.now());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${child.pid} exited with ${code}: ${text}`));
    });
  });
}

/** SIGTERM (the worker closes gracefully), SIGKILL if it has not exited in time. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
