import { execFile, spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { stopChild } from './stop-child.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The arguments of `node` that run `qianfa ARGS…`: the run's compiled CLI (tests/helpers/qianfa-build.ts), from ROOT. */
export function qianfaArgv(...args: string[]): string[] {
  return [inject('qianfaMain'), ...args];
}

/**
 * The qianfa processes this test file started that still run. A `qianfa serve` or `worker` runs until it is
 * stopped, through a Redis that goes away too (it waits for it to come back, as an operator wants: see
 * docs/service.md, "Supervised"), so a test that fails or times out before stopping one would leave it running
 * after the test run: stopQianfa ends them, and tests/helpers/stop-qianfa.ts does so at the end of every file.
 */
const running = new Set<ChildProcess>();

function tracked<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Starts `qianfa ARGS…` with `env`, from ROOT; stopped at the end of the test file at the latest (stopQianfa). */
export function spawnQianfa(args: string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return tracked(spawn(process.execPath, qianfaArgv(...args), { cwd: ROOT, env }));
}

/** The qianfa processes started so far that still run. */
export function runningQianfa(): ChildProcess[] {
  return [...running];
}

/**
 * How long a stopped qianfa may take: a server drains its requests (up to 10 s) and closes its queues (3 s, 3 more
 * with Redis gone) before it stops the redis-server it started; after that it is killed.
 */
const STOP_GRACE_MS = 25_000;

/** Stops `children` (default: every qianfa this file started) as an operator would, and waits until they have. */
export async function stopQianfa(children: Iterable<ChildProcess> = runningQianfa()): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, 'SIGTERM', STOP_GRACE_MS)));
}

/**
 * Runs `qianfa ARGS…` in a child process, on the run's Redis under `prefix`; `overrides` replace variables
 * (`REDIS_URL: ''` for the embedded Redis of `QIANFA_DATA_DIR`).
 */
export function runQianfa(
  args: string[],
  prefix: string,
  overrides: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const env = { ...process.env, REDIS_URL: inject('redisUrl'), QIANFA_REDIS_PREFIX: prefix, ...overrides };
  return new Promise((resolve) => {
    tracked(
      execFile(
        process.execPath,
        qianfaArgv(...args),
        { cwd: ROOT, env, encoding: 'utf8' },
        (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        },
      ),
    );
  });
}
