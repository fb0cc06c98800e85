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
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN_LINE, STARTED_LINE } from '../api/processes.js';
import { setUpOrg } from '../api/rest-setup.js';
import { collectedInstructions, underCallgrind } from './callgrind.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 300_000;

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
  const service = spawn(
    'valgrind',
    underCallgrind(join(dir, 'callgrind.service'), script, { counting: false }),
    {
      cwd: ROOT,
      env,
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => void (output += chunk.toString('utf8'));
  service.stdout.on('data', collect);
  service.stderr.on('data', collect);
  const exited = once(service, 'exit');
  try {
    const url = await started(() => output, exited);
    const admin = ADMIN_TOKEN_LINE.exec(output)?.[1];
    if (admin === undefined) throw new Error(`qianfa serve printed no admin token:\n${output}`);
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
    const pid = String(service.pid);
    execFileSync('callgrind_control', ['--instr=on', pid], { stdio: 'ignore' });
    for (let i = 0; i < n; i++) await submit();
    execFileSync('callgrind_control', ['--instr=off', pid], { stdio: 'ignore' });
  } finally {
    if (service.exitCode === null) service.kill('SIGTERM');
    await exited;
  }
  const collected = collectedInstructions(output);
  if (collected === undefined) throw new Error(`callgrind reported no count:\n${output.slice(-2000)}`);
  return collected;
}

/** The service's URL once it says it has started; rejects when it exits first or takes too long. */
async function started(output: () => string, exited: Promise<unknown>): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    const url = STARTED_LINE.exec(output())?.[1];
    if (url !== undefined) return url;
    if (gone) throw new Error(`qianfa serve under valgrind exited:\n${output()}`);
    if (Date.now() > deadline)
      throw new Error(`qianfa serve under valgrind did not start in time:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
