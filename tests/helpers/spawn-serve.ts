import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { leaseFile } from '../../src/adapters/redis/shared-embedded-redis.js';
import { runDir } from './run-dirs.js';
import { runningQianfa, spawnQianfa, stopQianfa } from './run-qianfa.js';

export { isAlive } from '../../src/adapters/redis/shared-embedded-redis.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const dataDirs: string[] = [];

/** A data directory for one spawned qianfa, removed after the file (or by the next run, if this one is killed). */
export function tempDataDir(): string {
  const dir = runDir('serve');
  dataDirs.push(dir);
  return dir;
}

/**
 * The environment of a spawned qianfa: no REDIS_URL unless `extra` sets one, so it runs its own redis-server; one service process unless
 * a test asks for more (QIANFA_PROCESSES), so the small CI machine is not asked for one per core in every test.
 */
export function serveEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.REDIS_URL;
  return { ...env, PORT: '0', QIANFA_DATA_DIR: dataDir, QIANFA_PROCESSES: '1', ...extra };
}

export interface Served {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Spawns `qianfa serve ARGS…` (with `extra` settings) and resolves once it has printed where it listens. */
export function serve(
  dataDir: string,
  extra: Record<string, string> = {},
  args: string[] = [],
): Promise<Served> {
  const child = spawnQianfa(['serve', ...args], serveEnv(dataDir, extra));
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const url = /已启动：(http:\/\/\S+?:\d+)（/.exec(text)?.[1];
      if (url) {
        resolve({ child, url, output: () => text, exited });
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${text}`)));
  });
}

export function leasedRedisPid(dataDir: string): number {
  return (JSON.parse(readFileSync(leaseFile(dataDir), 'utf8')) as { pid: number }).pid;
}

/**
 * Registers the clean-up: a failed assertion must not leave a server (and its redis-server) running into the next
 * test. Each test's own qianfa processes are stopped, and waited for, when it ends (those started before it, in a
 * beforeAll, by the end of the file: tests/helpers/stop-qianfa.ts).
 */
export function stopServedAfterEachTest(): void {
  let before = new Set<ChildProcess>();
  beforeEach(() => {
    before = new Set(runningQianfa());
  });
  afterEach(() => stopQianfa(runningQianfa().filter((child) => !before.has(child))));
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
}
