import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/adapters/redis/embedded-redis.js';
import { isAlive, leaseFile } from '../../src/adapters/redis/shared-embedded-redis.js';
import { removeStaleRunDirs } from '../helpers/run-dirs.js';

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

describe('what a killed test run left in the temporary directory', () => {
  let parent: string;
  let orphan: EmbeddedRedis | undefined;
  afterEach(async () => {
    await orphan?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('is removed at the next start, its redis-server stopped; what a running run or nobody made is kept', async () => {
    parent = mkdtempSync(join(tmpdir(), 'qianfa-run-dirs-'));
    const dead = deadPid();
    const build = `qianfa-build-${dead}-a1B2c3`;
    const served = `qianfa-serve-${dead}-d4E5f6`;
    const running = `qianfa-test-redis-${process.pid}-g7H8i9`;
    const unnamed = 'qianfa-serve-j0K1l2'; // an older run's: no pid to tell whether it still runs
    const other = `somebody-${dead}-m3N4o5`;
    for (const name of [build, served, running, unnamed, other]) mkdirSync(join(parent, name));
    // The served qianfa's redis-server lives on after its owner was killed: the lease names both.
    orphan = await startEmbeddedRedis({ dataDir: join(parent, served) });
    const port = Number(new URL(orphan.url).port);
    writeFileSync(
      leaseFile(join(parent, served)),
      JSON.stringify({ ownerPid: dead, url: orphan.url, port, pid: orphan.pid }),
    );

    await removeStaleRunDirs(parent);
    expect(readdirSync(parent).sort()).toEqual([other, running, unnamed].sort());
    expect(isAlive(orphan.pid)).toBe(false);
    expect(await orphan.exited).toBe('exit code 0'); // stopped with SIGTERM: Redis fsyncs and exits by itself
  });
});
