/** Printing drain results: throughput against the target and the platform-latency bound, latency, resources. */
import type { DrainResult } from './drain.js';
import { percentile } from './measure.js';

export const TARGET_PER_SECOND = 200;
const TOKEN_ENDPOINTS = new Set(['/cgi-bin/token', '/cgi-bin/stable_token']);

const f = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
const s = (ms: number) => f(ms / 1000, 2);
const pct = (part: number, whole: number) => `${f((100 * part) / whole)} %`;
const p50p99 = (values: readonly number[], digits = 0) =>
  `${f(percentile(values, 0.5), digits)} / ${f(percentile(values, 0.99), digits)}`;
const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');

/** The figures derived from one result that several tables and the verdicts use. */
export function derived(r: DrainResult, latencyMs: number) {
  const slots = Math.max(1, r.config.processes) * r.config.concurrency;
  const drafts = r.expected / (r.config.weibo ? 2 : 1);
  const totalCalls = [...r.calls.values()].reduce((sum, n) => sum + n, 0);
  const sequential = [...r.calls]
    .filter(([endpoint]) => endpoint.startsWith('/cgi-bin/') && !TOKEN_ENDPOINTS.has(endpoint))
    .reduce((sum, [, n]) => sum + n, 0);
  /** Sequential WeChat calls one publication makes: the per-job floor is this × latency. */
  const callsPerWechat = sequential / drafts;
  /** Platform time a slot spends per publication, token fetches and Weibo shares included. */
  const platformSeconds = (totalCalls * latencyMs) / 1000 / r.expected;
  const orgs = r.config.orgs ?? 1;
  const chain = r.client && {
    writesPerPublication: r.client.chainWrites / r.expected,
    msPerWrite: r.client.chainRedisMs / r.client.chainWrites,
    /** Share of the drain each organisation's chain spent waiting on Redis (it does nothing else meanwhile). */
    busy: r.client.chainRedisMs / (orgs * r.wallMs),
  };
  return {
    slots,
    drafts,
    callsPerWechat,
    floorMs: callsPerWechat * latencyMs,
    bound: slots / platformSeconds,
    rate: (r.published / r.drainMs) * 1000,
    rateFromStart: (r.published / (r.startupMs + r.drainMs)) * 1000,
    chain: chain && { ...chain, ceiling: (orgs * 1000) / (chain.writesPerPublication * chain.msPerWrite) },
  };
}

export function printResults(results: readonly DrainResult[], latencyMs: number): void {
  const rows = results.map((r) => ({ r, d: derived(r, latencyMs) }));

  console.log('\n### Throughput (publications/s; target ≥ 200/s)\n');
  const throughputHead = ['configuration', 'slots', 'published', 'startup s', 'drain s', 'publ/s drain'];
  throughputHead.push('publ/s from start', 'vs 200/s', 'platform bound publ/s', 'measured / bound');
  console.log(
    table(
      throughputHead,
      rows.map(({ r, d }) => [
        r.config.label,
        f(d.slots),
        `${f(r.published)} / ${f(r.expected)}${r.finished ? '' : ' (timed out)'}`,
        s(r.startupMs),
        s(r.drainMs),
        f(d.rate, 1),
        f(d.rateFromStart, 1),
        `${f(d.rate / TARGET_PER_SECOND, 2)}×`,
        f(d.bound),
        f(d.rate / d.bound, 2),
      ]),
    ),
  );

  console.log('\n### Latency per publication, exactly once\n');
  const latencyHead = ['configuration', 'queued→published p50 / p99 s', 'WeChat job p50 / p99 ms'];
  latencyHead.push(
    'floor N × latency ms',
    'job p50 / floor',
    'attempts / publ.',
    'failed jobs',
    'exactly once',
  );
  console.log(
    table(
      latencyHead,
      rows.map(({ r, d }) => {
        const once =
          r.published === r.expected &&
          r.wechatPublished === d.drafts &&
          r.weiboPosted === (r.config.weibo ? d.drafts : 0);
        const counts = `WeChat ${f(r.wechatPublished)}${r.config.weibo ? `, Weibo ${f(r.weiboPosted)}` : ''}`;
        return [
          r.config.label,
          `${s(percentile(r.queuedToPublishedMs, 0.5))} / ${s(percentile(r.queuedToPublishedMs, 0.99))}`,
          p50p99(r.serviceMs),
          `${f(d.floorMs)} (N = ${f(d.callsPerWechat, 2)})`,
          `${f(percentile(r.serviceMs, 0.5) / d.floorMs, 2)}×`,
          f(r.attempts / r.expected, 2),
          f(r.failedJobs),
          `${once ? 'yes' : 'NO'} (${counts})`,
        ];
      }),
    ),
  );

  console.log('\n### Platform calls per draft (the fakes’ callCount ÷ drafts)\n');
  const endpoints = [...(results[0]?.calls.keys() ?? [])].filter((e) => results.some((r) => r.calls.get(e)));
  console.log(
    table(
      ['endpoint', ...results.map((r) => r.config.label)],
      endpoints.map((e) => [`\`${e}\``, ...rows.map(({ r, d }) => f((r.calls.get(e) ?? 0) / d.drafts, 3))]),
    ),
  );
}

export function printResources(results: readonly DrainResult[], latencyMs: number): void {
  console.log('\n### Resources during the drain (worker running → all published)\n');
  const head = ['configuration', 'Redis cmds / publ. (incl. inside Lua)', 'Redis commands ≥ 0.5 / publ.'];
  head.push(
    'Redis CPU',
    'bench process CPU (in-process worker)',
    'worker children CPU',
    'fakes process CPU',
    'worker CPU ms / publ.',
    'PING p50 / p99 ms',
    'event loop p99 / max ms',
  );
  head.push(
    'seconds with an fsync ≥ 1 ms / window, slowest',
    'recovery at start',
    'AOF MB (rewrites)',
    'load avg',
  );
  console.log(
    table(
      head,
      results.map((r) => [
        r.config.label,
        f(r.redisDrain.total / r.expected, 1),
        r.redisDrain.byCommand
          .filter(([, n]) => n / r.expected >= 0.5)
          .map(([command, n]) => `${command} ${f(n / r.expected, 1)}`)
          .join(', '),
        pct(r.cpuMs.redis, r.wallMs),
        pct(r.cpuMs.bench, r.wallMs),
        r.cpuMs.workers.length ? r.cpuMs.workers.map((ms) => pct(ms, r.wallMs)).join(' + ') : 'in process',
        pct(r.cpuMs.fakes, r.wallMs),
        f(workerCpuMs(r) / r.expected, 2),
        p50p99(r.redisPingMs, 2),
        `${f(r.eventLoop.p99Ms, 1)} / ${f(r.eventLoop.maxMs, 1)}`,
        `${f(r.fsync.seconds)} / ${s(r.fsync.windowMs)} s, ${f(r.fsync.maxMs)} ms`,
        `${f(r.redisRecovery.total)} cmds, ${s(r.readyMs)} s`,
        `${f(r.redisDrain.aofBytes / 2 ** 20, 1)} (${f(r.redisRecovery.aofRewrites + r.redisDrain.aofRewrites)})`,
        f(r.loadAverage, 1),
      ]),
    ),
  );

  console.log('\n### The in-process worker’s own Redis client, and its audit-chain writes\n');
  const chainHead = ['configuration', 'round trips / publ.', 'by command', 'chain writes / publ.'];
  chainHead.push(
    'chain write (turn + group script) mean ms',
    'group script p50 / p99 ms',
    'chain busy',
    'chain ceiling publ/s',
  );
  const inProcess = results.filter((r) => r.client);
  console.log(
    table(
      chainHead,
      inProcess.map((r) => {
        const log = r.client!;
        const chain = derived(r, latencyMs).chain!;
        const trips = [...log.calls.values()].reduce((sum, n) => sum + n, 0);
        const byCommand = [...log.calls].sort((a, b) => b[1] - a[1]);
        return [
          r.config.label,
          f(trips / r.expected, 1),
          byCommand.map(([command, n]) => `${command} ${f(n / r.expected, 1)}`).join(', '),
          f(chain.writesPerPublication, 2),
          f(chain.msPerWrite, 2),
          p50p99(log.chainScriptMs, 2),
          `${f(chain.busy * 100)} %`,
          f(chain.ceiling),
        ];
      }),
    ),
  );
}

/** CPU of the worker(s): the children's, or this process's when the worker runs in it (the fakes run apart). */
function workerCpuMs(r: DrainResult): number {
  return r.cpuMs.workers.length ? r.cpuMs.workers.reduce((sum, ms) => sum + ms, 0) : r.cpuMs.bench;
}

/** Progress second by second, to show ramp-up, the steady rate and stalls. */
export function printTimelines(results: readonly DrainResult[]): void {
  console.log('\n### WeChat articles published in each second after worker start\n');
  for (const r of results) console.log(`- ${r.config.label}: ${r.perSecond.join(' ')}`);
}

/** One sentence per configuration: is it the platform's latency or something of ours that caps it? */
export function printVerdicts(results: readonly DrainResult[], latencyMs: number): void {
  console.log('\n### Reading\n');
  for (const r of results) {
    const d = derived(r, latencyMs);
    const share = d.rate / d.bound;
    const held = `jobs hold a slot ${f(percentile(r.serviceMs, 0.5) / d.floorMs, 1)}× their ${f(d.floorMs)} ms of platform calls`;
    let cause: string;
    if (share >= 0.8) {
      cause = `platform latency (${f(d.slots)} slots ÷ (${f(d.callsPerWechat, 2)} calls × ${latencyMs} ms) = ${f(d.bound)}/s; ${f(share * 100)} % reached)`;
    } else if (d.chain && d.chain.busy >= 0.5) {
      const orgs = r.config.orgs ?? 1;
      const whose =
        orgs === 1
          ? "the organisation's audit-chain writer"
          : `the ${orgs} organisations' audit-chain writers`;
      cause = `${whose}: ${f(d.chain.writesPerPublication, 1)} group writes per publication, one at a time per organisation, ${f(d.chain.msPerWrite, 2)} ms each, busy ${f(d.chain.busy * 100)} % of the drain; ceiling ${f(d.chain.ceiling)}/s (${held})`;
    } else {
      cause = `something of ours, not the platform: ${f(share * 100)} % of the ${f(d.bound)}/s the slots allow (${held})`;
    }
    const verdict = d.rate >= TARGET_PER_SECOND ? 'meets' : 'misses';
    console.log(`- ${r.config.label}: ${f(d.rate, 1)} publ/s ${verdict} the target; limited by ${cause}.`);
  }
}
