/**
 * The request path on its own: a second service with its workers off (nothing fans out), the same org shape and
 * notices. Its Redis traffic (target ≤ 12 commands per submission): 100 submissions one at a time under MONITOR;
 * with `load`, also a timed run at that many connections measuring the service's CPU per submission without the
 * fan-out (the CPU target judged on the request's own work; the fan-out's share is (a) less this). The
 * caller stops any other service first: one still fanning out would share the machine with this one.
 * `afterwards` runs against this service's idle redis-server before it stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perRun, requestPathCommands } from './diagnostics.js';
import { submissions, type Settings } from './load.js';
import { measureCpu, startQianfa, type Child } from './processes.js';
import type { Row } from './report.js';
import { sampleSubmission, setUpOrg } from './rest-setup.js';

export interface RequestPath<T> {
  /** Redis commands sent per submission. */
  commandsSent: number;
  /** The timed run with the workers off, when asked for. */
  load?: Row;
  /** What `afterwards` answered. */
  afterwards?: T;
}

export async function printRequestPath<T = never>(
  bodies: readonly string[],
  reviewers: number,
  stopChild: (child: Child) => Promise<void>,
  load?: Settings & { warmUpS: number },
  afterwards?: (redisUrl: string) => Promise<T>,
): Promise<RequestPath<T>> {
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
    const commandsSent = [...counted.sent.values()].reduce((sum, n) => sum + n, 0) / counted.runs;
    if (!load) return { commandsSent };
    const label = `(p${load.connections}) submissions, workers off, ${load.connections} connections`;
    const tree = { tree: alone.process.pid!, except: [alone.redis.pid] };
    await submissions(
      'warm-up',
      alone.url,
      [staff.drafter],
      bodies,
      load,
      { durationS: load.warmUpS },
      () => undefined,
    );
    const { value, ...cpu } = await measureCpu({ qianfa: tree, 'redis-server': alone.redis.pid }, () =>
      submissions(label, alone.url, [staff.drafter], bodies, load, load, () => undefined),
    );
    const after = afterwards ? { afterwards: await afterwards(alone.redis.url) } : {};
    return { commandsSent, load: { figures: value, ...cpu }, ...after };
  } finally {
    await stopChild(alone);
    rmSync(dir, { recursive: true, force: true });
  }
}
