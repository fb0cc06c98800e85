/**
 * Instructions per check (issue 17): check() of the API benchmark's 200 notices, counted by valgrind's callgrind.
 * On this virtual machine the timing benchmarks move by a third with the host (the same build's service CPU per
 * submission ran 1.60–2.80 ms within an hour) and there are no hardware counters; this count repeats within about
 * 0.5 %, so a change to the checker can be judged by it where a timing cannot tell 10 %.
 *
 * Three runs of the built checker (dist/, built first when older than src/) under callgrind: WARM checks alone,
 * and WARM + N checks twice. Instructions per check = (WARM + N run − WARM run) ÷ N, startup and warm-up
 * cancelled; the two WARM + N runs give the repeat spread. Node runs with V8's --predictable (no compiler or GC
 * threads, no time-driven GC) and fixed hash and random seeds. After 400 checks of warm-up the count still moved by
 * 1–2 % between runs (V8 still optimising: per check 3.98 M then, 3.63 M after 1,000); after 1,000, by 0.5 %, but
 * once by 15 % while a CI run shared the machine: the spread it prints says when a count is not to be trusted.
 * Instructions are not time (a cache miss costs more than an add), but code that executes fewer of them on the same
 * input has done less work.
 *
 * Then instructions per submission: the same notices sent one at a time to `qianfa serve` (dist/) under callgrind,
 * counted over BENCH_SUBMISSIONS of them after BENCH_SUBMISSIONS_WARM uncounted ones, in two services side by side
 * (bench/instructions/submissions.ts): the whole request path, the check thread's work included. Counting from the
 * 1,500th submission, two services counted within 0.1–0.8 % of each other.
 *
 * Run: npm run bench:instructions (about 5 minutes; needs valgrind: apt-get install valgrind). Settings (bounded):
 * BENCH_CHECKS N (1000), BENCH_WARM (1000), BENCH_SUBMISSIONS (500), BENCH_SUBMISSIONS_WARM (1500).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setting } from './api/load.js';
import { notice, submissionBody } from './api/notices.js';
import { currentDist } from './api/processes.js';
import { collectedInstructions, underCallgrind } from './instructions/callgrind.js';
import { countSubmissions } from './instructions/submissions.js';

const checks = setting('BENCH_CHECKS', 1000, 10, 10_000);
const warm = setting('BENCH_WARM', 1000, 0, 10_000);
const submissions = setting('BENCH_SUBMISSIONS', 500, 10, 5_000);
const submissionsWarm = setting('BENCH_SUBMISSIONS_WARM', 1500, 0, 10_000);
const CHECKER = new URL('../dist/create-checker.js', import.meta.url).href;
/**
 * What runs under valgrind (written to the temporary directory): WARM then N checks of the notices in NOTICES
 * with the built checker, printing nothing.
 */
const CHILD = `
import { readFileSync } from 'node:fs';
import { createChecker } from ${JSON.stringify(CHECKER)};
const drafts = JSON.parse(readFileSync(process.env.NOTICES, 'utf8'));
const checker = await createChecker();
const count = Number(process.env.WARM) + Number(process.env.N);
for (let i = 0; i < count; i++) checker.check(drafts[i % drafts.length]);
`;

if (spawnSync('valgrind', ['--version']).error) {
  process.stderr.write('bench:instructions: valgrind not found; install it (apt-get install valgrind)\n');
  process.exit(2);
}

/** Instructions callgrind counted in one run of the child (every thread of the process). */
function counted(dir: string, run: string, env: Record<string, string>): Promise<number> {
  const args = underCallgrind(join(dir, `callgrind.${run}`), [join(dir, 'count-checks.mjs')]);
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const total = collectedInstructions(stderr);
      if (code === 0 && total !== undefined) resolve(total);
      else reject(new Error(`valgrind run ${run} exited ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'qianfa-bench-instructions-'));
try {
  const notices = Array.from({ length: 200 }, (_, i) => notice(i + 1));
  const path = join(dir, 'notices.json');
  writeFileSync(path, JSON.stringify(notices.map(({ title, body }) => ({ title, body }))));
  writeFileSync(join(dir, 'count-checks.mjs'), CHILD);
  console.log(
    `\n## Instructions per check (callgrind)\n\nchecker: dist/create-checker.js (${currentDist()})`,
  );
  const env = (n: number) => ({ NOTICES: path, WARM: String(warm), N: String(n) });
  const [base, first, second] = await Promise.all([
    counted(dir, 'warm', env(0)),
    counted(dir, 'measured-1', env(checks)),
    counted(dir, 'measured-2', env(checks)),
  ]);
  const perCheck = ((first + second) / 2 - base) / checks;
  const spread = Math.abs(first - second) / checks;
  const characters = notices.reduce((sum, n) => sum + n.title.length + n.body.length, 0) / notices.length;
  const millions = (n: number) => `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 3 })} M`;
  console.log(
    `\n| what | instructions |\n|---|---:|\n` +
      `| ${warm} checks (warm-up) and startup | ${millions(base)} |\n` +
      `| ${warm} + ${checks} checks, two runs | ${millions(first)}, ${millions(second)} |\n` +
      `| **per check** of a notice (${characters.toFixed(0)} characters on average) | **${millions(perCheck)}** ` +
      `(${(perCheck / characters).toFixed(0)} per character) |\n` +
      `| the two runs apart, per check | ${(spread / 1e3).toFixed(1)} k (${((100 * spread) / perCheck).toFixed(2)} %) |`,
  );

  const bodies = notices.map((each) => submissionBody(each));
  const services = await Promise.all(
    ['service-1', 'service-2'].map((name) => {
      const data = join(dir, name);
      mkdirSync(data);
      return countSubmissions(data, bodies, submissionsWarm, submissions);
    }),
  );
  const [one, two] = services.map((instructions) => instructions / submissions) as [number, number];
  console.log(
    `\n## Instructions per submission (callgrind)\n\n` +
      `POST /api/drafts of the same notices to \`qianfa serve\` (dist/, workers off), one at a time, ` +
      `counted after ${submissionsWarm} uncounted\n\n| what | instructions |\n|---|---:|\n` +
      `| ${submissions} submissions, two services | ${millions(services[0]!)}, ${millions(services[1]!)} |\n` +
      `| **per submission**, the check included | **${millions((one + two) / 2)}** |\n` +
      `| the two services apart, per submission | ${(Math.abs(one - two) / 1e3).toFixed(1)} k ` +
      `(${((200 * Math.abs(one - two)) / (one + two)).toFixed(2)} %) |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
