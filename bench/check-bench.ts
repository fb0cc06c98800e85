/**
 * Full `check()` of a 5,000-character article: median and p99 over many runs (target: median ≤ 1 ms); then the
 * CPU time per check of bench:api's 5,000-character notices (issue 17: the checker's share of a submission's
 * service CPU), the best of several rounds, so other load on the machine inflates it little.
 * Run: npm run bench (or npx tsx bench/check-bench.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createChecker } from '../src/create-checker.js';
import { notice } from './api/notices.js';

const SEEDS = fileURLToPath(new URL('../tests/fixtures/seeds/', import.meta.url));
const corpus = readdirSync(SEEDS)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => readFileSync(SEEDS + name, 'utf8'))
  .join('\n');

function article(offset: number, length = 5000): string {
  return corpus.slice(offset, offset + length);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const buildStart = performance.now();
const checker = await createChecker();
const buildMs = performance.now() - buildStart;

const formats = ['text', 'html'] as const;
const rows: string[] = [];
for (const format of formats) {
  const bodies = [0, 5000, 10000, 20000, 30000].map((offset) =>
    format === 'html' ? `<p>${article(offset).replaceAll('\n', '</p><p>')}</p>` : article(offset),
  );
  for (let i = 0; i < 200; i++) checker.check({ title: '通知', body: bodies[i % bodies.length]!, format });
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const started = performance.now();
    checker.check({ title: '关于印发管理办法的通知', body: bodies[i % bodies.length]!, format });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  rows.push(
    `| ${format} | 5,000 | ${percentile(times, 0.5).toFixed(3)} | ${percentile(times, 0.99).toFixed(3)} | ${(1 / percentile(times, 0.5)).toFixed(2)} |`,
  );
}

console.log(`\n## check() of a 5,000-character article (createChecker: ${buildMs.toFixed(0)} ms)\n`);
console.log('| format | chars | median ms | p99 ms | median vs 1 ms target (×) |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) console.log(row);

const NOTICES = 50;
const ROUNDS = 7;
const CHECKS_PER_ROUND = 500;
const notices = Array.from({ length: NOTICES }, (_, seed) => notice(seed + 1));
const cpuMsPerCheck = (checks: number): number => {
  const started = process.cpuUsage();
  for (let i = 0; i < checks; i++) checker.check(notices[i % NOTICES]!);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / checks;
};
cpuMsPerCheck(CHECKS_PER_ROUND);
const rounds = Array.from({ length: ROUNDS }, () => cpuMsPerCheck(CHECKS_PER_ROUND)).sort((a, b) => a - b);
console.log(`\n## check() of bench:api's 5,000-character notices: CPU per check (${NOTICES} notices)\n`);
console.log('| rounds × checks | CPU ms per check, best round | median round | checks per CPU second |');
console.log('|---|---:|---:|---:|');
console.log(
  `| ${ROUNDS} × ${CHECKS_PER_ROUND} | ${rounds[0]!.toFixed(3)} | ${percentile(rounds, 0.5).toFixed(3)} | ${(1000 / rounds[0]!).toFixed(0)} |`,
);
