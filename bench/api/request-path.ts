/**
 * The request path's own Redis traffic (target ≤ 12 commands per submission): a second service with its workers
 * off (nothing fans out), the same org shape and notices, 100 submissions one at a time under MONITOR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perRun, requestPathCommands } from './diagnostics.js';
import { startQianfa, type Child } from './processes.js';
import { sampleSubmission, setUpOrg } from './rest-setup.js';

export async function printRequestPath(
  bodies: readonly string[],
  reviewers: number,
  stopChild: (child: Child) => Promise<void>,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'qianfa-bench-path-'));
  const alone = await startQianfa(dir, { QIANFA_WORKER: 'off', QIANFA_PROCESSES: '1' });
  try {
    const staff = await setUpOrg(alone.url, alone.adminToken, 'bench', { reviewers, editors: 5 });
    let i = 0;
    const submitOne = async () =>
      void (await sampleSubmission(alone.url, staff.drafter, bodies[i++ % bodies.length]!));
    for (let n = 0; n < 20; n++) await submitOne(); // warm: scripts loaded, token cached
    const counted = await requestPathCommands(alone.redis.url, 100, submitOne);
    console.log(
      `
Redis on the request path per submission (second service, workers off, MONITOR over 100 submissions ` +
        `one at a time; target ≤ 12): sent ${perRun(counted.sent, counted.runs)}; run inside scripts ` +
        `${perRun(counted.inScripts, counted.runs)}`,
    );
    return [...counted.sent.values()].reduce((sum, n) => sum + n, 0) / counted.runs;
  } finally {
    await stopChild(alone);
    rmSync(dir, { recursive: true, force: true });
  }
}
