/**
 * Instructions per submission of `qianfa serve` (dist/) under callgrind, for bench/instructions-bench.ts: the
 * request path that the checker count leaves out (Node's HTTP, Express, authentication, the content hash, the
 * hand-off to the check thread and back, the commit, the answer) with the check thread's work included.
 *
 * The service runs under valgrind with its workers off (nothing fans out) and counting off while it starts and
 * while `warm` submissions warm it up, one at a time from this process; `callgrind_control` then turns counting on
 * for `n` more and off again. redis-server, a child of the service, runs outside valgrind. What the service does
 * meanwhile on its own timers is counted too (measured: about 0.5 % of a submission's count over the same time
 * idle).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN_LINE, spawnUntil, STARTED_LINE } from '../api/processes.js';
import { setUpOrg } from '../api/rest-setup.js';
import { collectedInstructions, underCallgrind } from './callgrind.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Starting and stopping under valgrind are slow: node runs some 50 times slower there. */
const UNDER_VALGRIND_MS = 300_000;

/**
 * Starts the service under callgrind in `dir`, submits `warm` then `n` of `bodies` in turn, and stops it; the
 * instructions counted over the `n` (every thread of the service).
 */
export async function countSubmissions(
  dir: string,
  bodies: readonly string[],
  warm: number,
  n: number,
): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    QIANFA_DATA_DIR: dir,
    QIANFA_WORKER: 'off',
    QIANFA_PROCESSES: '1',
  };
  delete env.REDIS_URL;
  delete env.HOST;
  const script = [join(ROOT, 'dist/cli/main.js'), 'serve'];
  const args = underCallgrind(join(dir, 'callgrind.service'), script, { counting: false });
  const service = await spawnUntil('qianfa serve under valgrind', args, env, STARTED_LINE, {
    command: 'valgrind',
    startTimeoutMs: UNDER_VALGRIND_MS,
    stopTimeoutMs: UNDER_VALGRIND_MS,
  });
  try {
    const { url } = service;
    const admin = ADMIN_TOKEN_LINE.exec(service.output())?.[1];
    if (admin === undefined) throw new Error(`qianfa serve printed no admin token:\n${service.output()}`);
    const { drafter } = await setUpOrg(url, admin, 'bench', { reviewers: 20, editors: 5 });
    let next = 0;
    const submit = async () => {
      const response = await fetch(`${url}/api/drafts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${drafter}`, 'content-type': 'application/json' },
        body: bodies[next++ % bodies.length]!,
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`POST /api/drafts: ${response.status} ${text}`);
    };
    for (let i = 0; i < warm; i++) await submit();
    const pid = String(service.process.pid);
    execFileSync('callgrind_control', ['--instr=on', pid], { stdio: 'ignore' });
    for (let i = 0; i < n; i++) await submit();
    execFileSync('callgrind_control', ['--instr=off', pid], { stdio: 'ignore' });
  } finally {
    await service.stop();
  }
  // Callgrind prints its count when the process ends, at the end of the output kept.
  const collected = collectedInstructions(service.output());
  if (collected === undefined)
    throw new Error(`callgrind reported no count:\n${service.output().slice(-2000)}`);
  return collected;
}
