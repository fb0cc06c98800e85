import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, stopOrphanedRedis } from '../../src/adapters/redis/shared-embedded-redis.js';

/** What a test run keeps in the temporary directory: its build, its Redis, the data of the qianfa it serves. */
const RUN_DIR_KINDS = ['build', 'test-redis', 'serve'] as const;
export type RunDirKind = (typeof RUN_DIR_KINDS)[number];

/** `qianfa-<kind>-<pid>-<random>`: the pid of the process that made it. */
const RUN_DIR = new RegExp(`^qianfa-(?:${RUN_DIR_KINDS.join('|')})-(\\d+)-`);

/**
 * A fresh temporary directory named after this process, so that the next test run removes it (removeStaleRunDirs)
 * if this one is killed before it cleans up.
 */
export function runDir(kind: RunDirKind): string {
  return mkdtempSync(join(tmpdir(), `qianfa-${kind}-${process.pid}-`));
}

/**
 * Removes what killed test runs left in `parent`: the run directories named after a process that is gone, each
 * after stopping the redis-server its lease names if that still runs (stopOrphanedRedis). A run still going keeps
 * its directories, so two runs at once leave each other's alone.
 */
export async function removeStaleRunDirs(parent: string = tmpdir()): Promise<void> {
  const stale = (await readdir(parent)).filter((name) => {
    const pid = RUN_DIR.exec(name)?.[1];
    return pid !== undefined && !isAlive(Number(pid));
  });
  await Promise.all(
    stale.map(async (name) => {
      await stopOrphanedRedis(join(parent, name));
      await rm(join(parent, name), { recursive: true, force: true });
    }),
  );
}
