/**
 * The service under load (issue 3, "Benchmark"): `qianfa serve` with its embedded redis-server (AOF,
 * appendfsync always) in a child process, a bare Express "hello" in another, autocannon in this one.
 * Measures draft submissions (5,000-character notices: check + durable write + audit), approvals (each of a
 * different draft, by a reviewer who is not its drafter) and the bare Express peer, prints requests/s, p50 and
 * p99, CPU per request of every process involved (the service's forked processes summed), and judges issue 17's
 * targets (ratio to the bare POST and p99 at 10 connections, service CPU per submission as the median of three
 * runs of (a), Redis commands per submission); then where the time goes.
 *
 * Run: npm run bench:api. Settings (bounded): BENCH_CONNECTIONS (50), BENCH_DURATION seconds per run (10),
 * BENCH_REVIEWERS (20); BENCH_CPU_PROF=DIR profiles the service; BENCH_FROM=src runs the service from its sources
 * through tsx instead of the built dist/ (built first when older than src/). Only 127.0.0.1 is contacted; the children
 * and the temporary data directory are removed at the end, and the process exits by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkerAlone,
  fanOutDrained,
  redisCommandCount,
  redisProbe,
  startWebhookReceiver,
  watchRedis,
} from './api/diagnostics.js';
import { approvals, barePost, hello, setting, submissions, type Length, type Settings } from './api/load.js';
import { notice, submissionBody } from './api/notices.js';
import {
  measureCpu,
  processesOf,
  serviceBuild,
  startHello,
  startQianfa,
  type Child,
  type CpuProbe,
} from './api/processes.js';
import { cpuTable, loadTable, MACHINE, timingTable, type Row } from './api/report.js';
import { giveWebhooks, sampleSubmission, setUpOrg } from './api/rest-setup.js';
import { printRequestPath } from './api/request-path.js';

/** Issue 17's targets on a 2-core machine: at 10 connections, ratio to the bare POST and p99; service CPU and
 * Redis commands per submission. */
const TARGET = { ratioToBarePost: 0.15, p99Ms: 50, cpuMsPerSubmission: 1.5, requestPathCommands: 12 };
/**
 * Long enough for V8 to have optimised the service's hot code: its compiler threads cost about 1.2 ms of CPU per
 * submission in a fresh process and about 0.05 ms after some 40 s of load (measured per thread from /proc).
 */
const WARM_UP_S = 15;
/** Organisations for the run that spreads the same submissions over several audit chains. */
const SPREAD_ORGS = 4;
/**
 * Runs of (a), at times apart: the service CPU per submission is judged on their median. One 10-s run on a shared
 * 2-core machine is noisy (the same build moved ±0.3 ms between runs minutes apart).
 */
const A_RUNS = 3;
/** Most drafts created for the approval run, whatever the approval rate. */
const MAX_POOL = 60_000;

const settings: Settings = {
  connections: setting('BENCH_CONNECTIONS', 50, 1, 500),
  durationS: setting('BENCH_DURATION', 10, 1, 60),
};
const timed: Length = { durationS: settings.durationS };
/** Connections of the (a10) and (b10) runs. */
const fewConnections = Math.min(10, settings.connections);
const reviewerCount = setting('BENCH_REVIEWERS', 20, 1, 100);

const notices = Array.from({ length: 200 }, (_, i) => notice(i + 1));
const bodies = notices.map(submissionBody);
const requestBytes = Buffer.byteLength(bodies[0]!);

const dataDir = mkdtempSync(join(tmpdir(), 'qianfa-bench-'));
const children: Child[] = [];
let cleaning: Promise<void> | undefined;
async function stopChild(child: Child): Promise<void> {
  if ((await child.stop()) === 'killed') {
    console.log(`\nnote: ${child.name} did not exit within 15 s of SIGTERM and was killed.`);
  }
}
/** Stops the children (saying so when one had to be killed) and removes the data directory, once. */
const cleanUp = (): Promise<void> =>
  (cleaning ??= (async () => {
    try {
      await Promise.all(children.map(stopChild));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  const lengths = notices.map((n) => n.body.length);
  console.log(
    `\n## API benchmark: qianfa serve vs bare Express (${cpus().length} cores, Node ${process.version})\n`,
  );
  console.log(
    `autocannon: ${settings.connections} connections, ${settings.durationS} s per run (after ${WARM_UP_S} s ` +
      `warm-up); ${notices.length} different notices of ${Math.min(...lengths)}–${Math.max(...lengths)} ` +
      `characters (request ${requestBytes} bytes); load average (1 min) before: ${loadavg()[0]!.toFixed(2)}`,
  );
  const [qianfa, peer] = await Promise.all([startQianfa(dataDir), startHello()]);
  children.push(qianfa, peer);
  console.log(`runs: ${serviceBuild()}; ${processesOf(qianfa)}`);
  const receiver = await startWebhookReceiver();
  const redis = await watchRedis(qianfa.redis.url);
  const staff = await setUpOrg(qianfa.url, qianfa.adminToken, 'bench', {
    reviewers: reviewerCount,
    editors: 5,
  });
  await giveWebhooks(qianfa.url, [staff.drafter, ...staff.reviewers, ...staff.editors], receiver.url);
  const sample = await sampleSubmission(qianfa.url, staff.drafter, bodies[0]!);
  console.log(
    `org bench: 1 drafter, ${reviewerCount} reviewers, 5 editors, each with a webhook channel to a loopback ` +
      `receiver; sample submission: ${sample}\n`,
  );

  const service: CpuProbe = {
    qianfa: { tree: qianfa.process.pid!, except: [qianfa.redis.pid] },
    'redis-server': qianfa.redis.pid,
    autocannon: 'self',
    [MACHINE]: 'machine',
  };
  const measure = async (run: () => Promise<Row['figures']>, pids = service): Promise<Row> => {
    const { value, ...cpu } = await measureCpu(pids, run);
    return { figures: value, ...cpu };
  };
  const drains: string[] = [];
  /** A run of the service, measured until the fan-out it set off has drained (its CPU belongs to the run). */
  const measureService = (run: () => Promise<Row['figures']>) =>
    measure(async () => {
      const figures = await redis.around(run);
      drains.push(`${figures.label} ${(await fanOutDrained(qianfa.redis.url)).toFixed(1)} s`);
      return figures;
    });
  const pool: string[] = [];
  const statuses = new Map<string, number>();
  /** Counts every draft created; those of org bench in review go to the pool its reviewers approve from. */
  const submit = (
    label: string,
    length: Length,
    options: { otherOrgs?: string[]; connections?: number } = {},
  ) => {
    const { otherOrgs, connections = settings.connections } = options;
    const drafters = otherOrgs ?? [staff.drafter];
    return submissions(label, qianfa.url, drafters, bodies, { ...settings, connections }, length, (draft) => {
      statuses.set(draft.status, (statuses.get(draft.status) ?? 0) + 1);
      if (otherOrgs === undefined && draft.status === 'in_review') pool.push(draft.id);
    });
  };

  await submit('warm-up', { durationS: WARM_UP_S });
  await fanOutDrained(qianfa.redis.url);
  const commandsBefore = await redisCommandCount(qianfa.redis.url);
  const submitted = await measureService(() => submit('(a) submissions', timed));
  const commandsAfter = await redisCommandCount(qianfa.redis.url);
  const fewSubmitted = await measureService(() =>
    submit(`(a10) submissions, ${fewConnections} connections`, timed, { connections: fewConnections }),
  );
  const rows = [submitted, fewSubmitted];
  // Straight after (a), on the same Redis, each changing one thing: several audit chains (orgs staffed
  // alike), an org with nobody to notify (a drafter alone), fewer requests in flight.
  const staffed = { reviewers: reviewerCount, editors: 5 };
  const spread: string[] = [];
  for (let i = 1; i <= SPREAD_ORGS; i++) {
    spread.push((await setUpOrg(qianfa.url, qianfa.adminToken, `bench-${i}`, staffed)).drafter);
  }
  const nobody = { reviewers: 0, editors: 0 };
  const alone = (await setUpOrg(qianfa.url, qianfa.adminToken, 'bench-alone', nobody)).drafter;
  const variants: [string, Parameters<typeof submit>[2]][] = [
    [`(a2) submissions, ${SPREAD_ORGS} orgs alike`, { otherOrgs: spread }],
    ['(a3) submissions, drafter-only org', { otherOrgs: [alone] }],
  ];
  for (const [label, options] of variants)
    rows.push(await measureService(() => submit(label, timed, options)));
  const repeated = [submitted];
  for (let run = 2; run <= A_RUNS; run++)
    repeated.push(await measureService(() => submit(`(a) submissions, run ${run} of ${A_RUNS}`, timed)));
  rows.push(...repeated.slice(1));

  // A short unmeasured approval run sizes the pool of drafts for the measured one.
  const pilotIds = pool.splice(0, Math.min(pool.length, settings.connections * 40));
  const pilot = await approvals('pilot', qianfa.url, staff.reviewers, pilotIds, settings, {
    amount: pilotIds.length,
  });
  const needed = Math.min(MAX_POOL, Math.ceil(pilot.rps * settings.durationS * 1.5));
  if (pool.length < needed) await submit('top-up', { amount: needed - pool.length });
  const ids = pool.splice(0);
  const fewIds = ids.splice(0, Math.floor(ids.length / 3));
  rows.push(
    await measureService(() => approvals('(b) approvals', qianfa.url, staff.reviewers, ids, settings, timed)),
  );
  const fewSettings = { ...settings, connections: fewConnections };
  const approve10 = `(b10) approvals, ${fewConnections} connections`;
  rows.push(
    await measureService(() => approvals(approve10, qianfa.url, staff.reviewers, fewIds, fewSettings, timed)),
  );

  const peerPids: CpuProbe = { 'express hello': peer.process.pid!, autocannon: 'self', [MACHINE]: 'machine' };
  await hello('warm-up', peer.url, settings, { durationS: WARM_UP_S });
  const hi = await measure(() => hello('(c) bare Express hello', peer.url, settings, timed), peerPids);
  const bare = await measure(
    () => barePost('(d) bare Express POST, same bodies', peer.url, bodies, settings, timed),
    peerPids,
  );
  rows.push(hi, bare);

  console.log(loadTable(rows, bare.figures, 'bare POST'));
  const perSubmission = (n: number) => (n / submitted.figures.requests).toFixed(1);
  console.log(
    `\nRedis commands per submission in (a) (INFO commandstats; a script's own calls counted too, fan-out ` +
      `included): ${perSubmission(commandsAfter.all - commandsBefore.all)}, of which script calls ` +
      `${perSubmission(commandsAfter.scripts - commandsBefore.scripts)}; webhooks received: ${receiver.received()}`,
  );
  console.log(
    `\n(a2)–(a3) change one thing in (a): (a2) the drafters of ${SPREAD_ORGS} organisations staffed alike take turns ` +
      `(${SPREAD_ORGS} audit chains instead of one); (a3) the drafter's organisation has nobody else, so nobody ` +
      `is notified.`,
  );
  console.log(
    `\nCPU used during each run, in cores (of ${cpus().length}), and CPU ms per request; ${MACHINE} above ` +
      `these together is other processes (redis AOF rewrites, anything else running):\n`,
  );
  console.log(cpuTable(rows));
  console.log(
    `\nEach qianfa run is measured until the workers had drained the fan-out it set off (its CPU is the run's; ` +
      `req/s and latency are the run's own); drained after the run's end: ${drains.join('; ')}.`,
  );
  const counted = [...statuses].map(([status, count]) => `${status} ${count}`).join(', ');
  console.log(
    `\nsubmissions answered 201: ${counted}; approvals pilot: ${pilot.requests}, non-2xx ${pilot.non2xx}.`,
  );
  const load = loadavg()[0]!.toFixed(2);
  console.log(`load average (1 min) at the end: ${load} (other work on the machine skews every figure)`);

  receiver.close();
  const redisLines = await redis.report();
  // The request path alone runs on a quiet machine: this service's fan-out, still draining, stops first.
  children.splice(children.indexOf(qianfa), 1);
  await stopChild(qianfa);
  const requestPath = await printRequestPath(
    bodies,
    reviewerCount,
    stopChild,
    { connections: fewConnections, durationS: settings.durationS, warmUpS: WARM_UP_S },
    (url) => redisProbe(url, settings.connections, requestBytes),
  );
  const pathAlone = requestPath.load!;
  console.log(
    `\nThe request path alone (a second service, workers off, so nothing fans out; same org and notices; the ` +
      `first service stopped before it, its fan-out with it):\n\n` +
      `${loadTable([pathAlone], bare.figures, 'bare POST')}\n\n${cpuTable([pathAlone])}`,
  );
  console.log(targetsTable(fewSubmitted, bare.figures, repeated, pathAlone, requestPath.commandsSent));
  console.log('\n### Where the time goes\n');
  console.log(timingTable([await checkerAlone(notices), ...requestPath.afterwards!]));
  console.log(`\nredis-server during the runs above:\n${redisLines.map((line) => `- ${line}`).join('\n')}`);
  console.log(
    `\nWith N connections each waiting for its answer, mean latency = N ÷ throughput: that is why p99 is ` +
      `judged at ${fewConnections} connections, (a10), and (a) shows the queueing at ${settings.connections}.`,
  );
} finally {
  await cleanUp();
}

/**
 * Issue 17's targets against this run's figures, each met or not: judged with the fan-out running (every person
 * has a webhook), and, below them, the same figures for the request path alone (workers off) to show the split.
 * Service CPU per submission is the median of `cpuRuns` (each run's figure shown beside it).
 */
function targetsTable(
  few: Row,
  bare: Row['figures'],
  submitted: Row[],
  alone: Row,
  requestPathCommands: number,
): string {
  const cpuPerRequest = (row: Row) => row.cpuMs.qianfa! / Math.max(row.figures.requests, 1);
  const judged = (label: string, run: Row, cpuRuns: Row[]): [string, string, string, boolean][] => {
    const ratio = run.figures.rps / bare.rps;
    const each = cpuRuns.map(cpuPerRequest);
    const cpu = [...each].sort((a, b) => a - b)[(each.length - 1) >> 1]!;
    const runs = each.length > 1 ? `, median of ${each.length} runs` : '';
    const eachText = each.length > 1 ? ` (${each.map((ms) => ms.toFixed(2)).join(', ')})` : '';
    return [
      [
        `${label}: submissions ÷ bare POST`,
        `≥ ${TARGET.ratioToBarePost}×`,
        `${ratio.toFixed(2)}×`,
        ratio >= TARGET.ratioToBarePost,
      ],
      [`${label}: p99`, `≤ ${TARGET.p99Ms} ms`, `${run.figures.p99} ms`, run.figures.p99 <= TARGET.p99Ms],
      [
        `${cpuRuns[0]!.figures.label.split(' ')[0]}${runs}: service CPU per submission, every qianfa process`,
        `≤ ${TARGET.cpuMsPerSubmission} ms`,
        `${cpu.toFixed(2)} ms${eachText}`,
        cpu <= TARGET.cpuMsPerSubmission,
      ],
    ];
  };
  const lines = [
    ...judged('(a10), fan-out running', few, submitted),
    [
      'Redis commands sent per submission (request path)',
      `≤ ${TARGET.requestPathCommands}`,
      requestPathCommands.toFixed(1),
      requestPathCommands <= TARGET.requestPathCommands,
    ] as [string, string, string, boolean],
    ...judged(`${alone.figures.label.split(' ')[0]}, request path alone`, alone, [alone]),
  ];
  const rows = lines.map(
    ([what, target, got, met]) => `| ${what} | ${target} | ${got} | ${met ? 'met' : 'NOT met'} |`,
  );
  return ['\n### Targets (issue 17)\n', '| what | target | this run | |', '|---|---|---:|---|', ...rows].join(
    '\n',
  );
}
