import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

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
    execFile(
      process.execPath,
      qianfaArgv(...args),
      { cwd: ROOT, env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}
