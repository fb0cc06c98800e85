/**
 * Drain rate of 1,000 queued publishes of 5,000-character drafts spread over 8 organisations against the
 * loopback fakes with 50 ms latency on every platform call (issues 4 and 17, target ≥ 200 publishes/s, or say
 * what limits it). One run: its own redis-server (AOF, appendfsync
 * always), fresh fakes and key prefix per worker configuration, the backlog seeded with no worker running, then
 * the drain measured. Prints figures only; asserts nothing.
 *
 * Run: npm run bench:publish [-- --drafts 1000 --body 5000 --latency 50 --timeout 60 --configs 1,2,3]
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadReviewData } from '../src/composition.js';
import { DEFAULT_WORDLISTS_DIR, DEFAULT_WORKFLOWS_DIR } from '../src/package-dirs.js';
import { qianfaCommand } from './api/processes.js';
import { runDrain, type DrainConfig, type DrainResult } from './publish/drain.js';
import { startBenchRedis } from './publish/harness.js';
import { printResources, printResults, printTimelines, printVerdicts } from './publish/report.js';

const { values } = parseArgs({
  options: {
    drafts: { type: 'string', default: '1000' },
    /** Characters of each draft's body. */
    body: { type: 'string', default: '5000' },
    latency: { type: 'string', default: '50' },
    /** Per configuration, from worker start; a drain still running then is reported as timed out. */
    timeout: { type: 'string', default: '60' },
    /** Comma-separated indexes into CONFIGS (1-based), e.g. `--configs 2,3`; default all. */
    configs: { type: 'string' },
    /** Directory for CPU profiles of the worker children (node --cpu-prof); run this script with --cpu-prof too. */
    'cpu-prof': { type: 'string' },
  },
});
const drafts = Number(values.drafts);
const bodyLength = Number(values.body);
const latencyMs = Number(values.latency);
const timeoutMs = Number(values.timeout) * 1000;
const childNodeArgs = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];

const CONFIGS: readonly DrainConfig[] = [
  { label: '1 process × 64, 8 orgs', processes: 0, concurrency: 64, weibo: false, orgs: 8 },
  { label: '2 processes × 32, 8 orgs', processes: 2, concurrency: 32, weibo: false, orgs: 8 },
  { label: '1 process × 64, 8 orgs, +Weibo', processes: 0, concurrency: 64, weibo: true, orgs: 8 },
  // Diagnostics: each changes one suspected limit, to show how much it costs.
  { label: 'diag: 1 × 64, one org', processes: 0, concurrency: 64, weibo: false },
  { label: 'diag: 1 × 16, 8 orgs', processes: 0, concurrency: 16, weibo: false, orgs: 8 },
  {
    label: 'diag: 1 × 64, 8 orgs, appendfsync everysec',
    processes: 0,
    concurrency: 64,
    weibo: false,
    orgs: 8,
    appendfsync: 'everysec',
  },
];
const chosen = values.configs
  ? values.configs.split(',').map((n) => CONFIGS[Number(n) - 1] ?? CONFIGS[0]!)
  : CONFIGS;

const runStarted = Date.now();
console.log(`## Publish drain: ${drafts.toLocaleString('en-US')} approved drafts queued, then drained\n`);
console.log(
  [
    `- fakes: every WeChat call and every Weibo statuses/share answered after ${latencyMs} ms; freepublish jobs`,
    `  settle 30 ms after submit (the fake's default); no other faults`,
    '- Redis: a private redis-server per configuration (temp dir), appendonly yes, appendfsync always',
    '- worker settings: concurrency as listed, lock 2 s, backoff 20–200 ms, platform timeout 2 s (testPublishing);',
    '  freepublish/get poll delays as in src/composition.ts',
    "- the seeding's notification jobs (reviewers told of submissions and approvals) are dropped before the drain:",
    "  their fan-out is bench:api's; publishing notifies nobody",
    `- drafts: ${bodyLength.toLocaleString('en-US')}-character notices (bench/api/notices.ts), round-robin over the`,
    '  organisations listed; one WeChat target each (the primary figure); the "+Weibo" row adds a Weibo target',
    '  to every draft (2 publications per draft; the Weibo job waits for the WeChat article it links)',
    `- machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; code: ${codeState()}`,
    `- worker processes of the multi-process rows: node ${qianfaCommand('worker').join(' ')} (BENCH_FROM=src: through tsx)`,
  ].join('\n'),
);

const data = await loadReviewData({
  wordlistsDir: DEFAULT_WORDLISTS_DIR,
  workflowsDir: DEFAULT_WORKFLOWS_DIR,
});
const secretKey = randomBytes(32);
const results: DrainResult[] = [];
for (const config of chosen) {
  // A fresh redis-server per configuration: no AOF left over from the last one (nor a rewrite it triggers).
  const redis = await startBenchRedis();
  try {
    const result = await runDrain(
      { drafts, bodyLength, latencyMs, timeoutMs, redis, data, secretKey, childNodeArgs },
      config,
    );
    results.push(result);
    console.error(
      `${config.label}: seeded ${result.expected} jobs (queue held ${result.pendingBefore}) in ` +
        `${(result.setupMs / 1000).toFixed(1)} s, drained ${result.published} in ${(result.drainMs / 1000).toFixed(2)} s`,
    );
  } finally {
    await redis.stop();
  }
}

printResults(results, latencyMs);
printResources(results, latencyMs);
printTimelines(results);
printVerdicts(results, latencyMs);
console.log(
  `\nSetup per configuration (submit + 2 approvals through the review service, ${drafts} drafts): ` +
    results.map((r) => `${(r.setupMs / 1000).toFixed(1)} s`).join(', ') +
    `. Queue held before the drain: ${results.map((r) => r.pendingBefore).join(', ')} jobs; the seeding's` +
    ` notification jobs dropped from the outbox first: ${results.map((r) => r.droppedNotifications).join(', ')}.` +
    ` Whole run: ${((Date.now() - runStarted) / 1000).toFixed(0)} s.`,
);

/** The commit measured, and whether src/ had uncommitted changes (the figures belong to that code). */
function codeState(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ` + ${changed} uncommitted changes under src/` : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}
