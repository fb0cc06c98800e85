/**
 * Hostile drafts against the service (issue 11, point 1): `qianfa serve` in a child process with its embedded
 * redis-server; this process fires hostile submissions (about 900 KB of markdown each, built to be slow to
 * check) all at once, and meanwhile asks /healthz one request after another. Prints /healthz latency p50, p99
 * and max while the hostile checks run (target: p99 ≤ 50 ms), beside the same figures on an idle service, and
 * how the hostile submissions were answered (422 draft_too_complex once over the budget).
 *
 * Run: npm run bench:pool. Settings (bounded): BENCH_HOSTILE submissions (6), BENCH_CHECK_THREADS (the
 * service's default when unset), BENCH_CHECK_BUDGET_MS (2000). Only 127.0.0.1 is contacted; the child and the
 * temporary data directory are removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostileDraft } from '../tests/helpers/hostile-drafts.js';
import { setting } from './api/load.js';
import { startQianfa, type Qianfa } from './api/processes.js';
import { setUpOrg } from './api/rest-setup.js';

const TARGET_P99_MS = 50;
const IDLE_SAMPLES = 200;
const hostileCount = setting('BENCH_HOSTILE', 6, 1, 50);
const budgetMs = setting('BENCH_CHECK_BUDGET_MS', 2000, 10, 600_000);
const threads = process.env.BENCH_CHECK_THREADS;

process.env.QIANFA_CHECK_BUDGET_MS = String(budgetMs);
process.env.QIANFA_WORKER = 'off';
if (threads !== undefined && threads !== '') process.env.QIANFA_CHECK_THREADS = threads;

const dataDir = mkdtempSync(join(tmpdir(), 'qianfa-bench-pool-'));
let service: Qianfa | undefined;
try {
  service = await startQianfa(dataDir);
  await run(service);
} finally {
  await service?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

async function run(qianfa: Qianfa): Promise<void> {
  const { drafter } = await setUpOrg(qianfa.url, qianfa.adminToken, 'bench', { reviewers: 0, editors: 0 });
  const health = async () => {
    const started = performance.now();
    const answer = await fetch(`${qianfa.url}/healthz`);
    const body = (await answer.json()) as { checks?: { threads: number } };
    if (answer.status !== 200) throw new Error(`/healthz answered ${answer.status}`);
    return { ms: performance.now() - started, threads: body.checks?.threads };
  };
  const idle: number[] = [];
  for (let i = 0; i < IDLE_SAMPLES; i++) idle.push((await health()).ms);

  const body = JSON.stringify(hostileDraft());
  const statuses = new Map<string, number>();
  let pending = hostileCount;
  const started = performance.now();
  const hostile = Array.from({ length: hostileCount }, async () => {
    const answer = await fetch(`${qianfa.url}/api/drafts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${drafter}`, 'content-type': 'application/json' },
      body,
    });
    const { error } = (await answer.json()) as { error?: { code: string } };
    const key = `${answer.status}${error ? ` ${error.code}` : ''}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    pending--;
  });
  const busy: number[] = [];
  let poolThreads: number | undefined;
  while (pending > 0) {
    const sample = await health();
    busy.push(sample.ms);
    poolThreads = sample.threads;
  }
  await Promise.all(hostile);
  const elapsedS = (performance.now() - started) / 1000;

  const row = (label: string, samples: number[]) =>
    `| ${label} | ${samples.length} | ${fixed(percentile(samples, 0.5))} | ${fixed(percentile(samples, 0.99))} | ${fixed(Math.max(...samples))} |`;
  const p99 = percentile(busy, 0.99);
  console.log(
    [
      `# /healthz while ${hostileCount} hostile drafts (${(Buffer.byteLength(body) / 1e6).toFixed(2)} MB each) are checked`,
      '',
      `check threads ${poolThreads ?? '?'}, budget ${budgetMs} ms; machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'},`,
      `load average ${loadavg()[0]?.toFixed(2)}; Node ${process.version}`,
      '',
      '| /healthz | samples | p50 ms | p99 ms | max ms |',
      '| --- | --- | --- | --- | --- |',
      row('idle service', idle),
      row('hostile checks in flight', busy),
      '',
      `hostile submissions answered in ${elapsedS.toFixed(1)} s: ${[...statuses].map(([key, n]) => `${n} × ${key}`).join(', ')}`,
      `target: p99 ≤ ${TARGET_P99_MS} ms while hostile checks run: ${p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}`,
    ].join('\n'),
  );
}

function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function fixed(ms: number): string {
  return ms.toFixed(1);
}
