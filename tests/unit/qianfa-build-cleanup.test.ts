import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleBuilds } from '../helpers/qianfa-build.js';

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

describe('the integration build left by a killed test run', () => {
  let parent: string;
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('is removed at the next start; the build of a run still going, and what is not a build, are kept', async () => {
    parent = mkdtempSync(join(tmpdir(), 'qianfa-build-cleanup-'));
    const dead = `qianfa-build-${deadPid()}-a1B2c3`;
    const running = `qianfa-build-${process.pid}-d4E5f6`;
    const unnamed = 'qianfa-build-g7H8i9'; // an older run's: no pid to tell whether it still runs
    const other = `qianfa-serve-${deadPid()}-j0K1l2`;
    for (const name of [dead, running, unnamed, other])
      mkdirSync(join(parent, name, 'src'), { recursive: true });

    await removeStaleBuilds(parent);
    expect(readdirSync(parent).sort()).toEqual([other, running, unnamed].sort());
  });
});
