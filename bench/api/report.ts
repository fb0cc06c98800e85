/** Markdown tables for the API benchmark. */
import type { Timing } from './diagnostics.js';
import type { Figures } from './load.js';

export interface Row {
  figures: Figures;
  /** Share of one core used by each process during the run. */
  cores: Record<string, number>;
  /** CPU time used by each process during the run. */
  cpuMs: Record<string, number>;
}

/** The CpuProbe name of the whole machine's CPU time, shown apart from the processes'. */
export const MACHINE = 'whole machine';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '–');
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');

export function loadTable(rows: readonly Row[], peer: Figures, peerName = 'Express'): string {
  const lines = [
    `| run | requests | s | req/s | p50 ms | p99 ms | non-2xx | errors | req/s ÷ ${peerName} | p99 ÷ ${peerName} |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { figures: f } of rows) {
    const cells = [f.label, int(f.requests), f.durationS.toFixed(1), int(f.rps), ms(f.p50), ms(f.p99)];
    cells.push(int(f.non2xx), int(f.errors), ratio(f.rps / peer.rps), ratio(f.p99 / Math.max(peer.p99, 1)));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * CPU per process per run: cores (1.00 = one core busy the whole run) and, in brackets, CPU ms per request;
 * and the status codes answered.
 */
export function cpuTable(rows: readonly Row[]): string {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row.cores)))].filter(
    (name) => name !== MACHINE,
  );
  const lines = [
    `| run | ${names.join(' | ')} | these together | ${MACHINE} | status codes |`,
    `|---|${names.map(() => '---:|').join('')}---:|---:|---|`,
  ];
  for (const { figures, cores, cpuMs } of rows) {
    const used = names.map((name) => {
      const core = cores[name];
      const perRequest = (cpuMs[name] ?? NaN) / Math.max(figures.requests, 1);
      return core === undefined ? '–' : `${core.toFixed(2)} (${perRequest.toFixed(2)} ms)`;
    });
    const all = Object.entries(cores)
      .filter(([name]) => name !== MACHINE)
      .reduce((sum, [, core]) => sum + core, 0);
    const codes = Object.entries(figures.statuses)
      .map(([code, count]) => `${code}: ${int(count)}`)
      .join(', ');
    const machine = cores[MACHINE]?.toFixed(2) ?? '–';
    lines.push(`| ${figures.label} | ${used.join(' | ')} | ${all.toFixed(2)} | ${machine} | ${codes} |`);
  }
  return lines.join('\n');
}

export function timingTable(timings: readonly Timing[]): string {
  const lines = ['| what | per s | p50 ms | p99 ms |', '|---|---:|---:|---:|'];
  for (const t of timings)
    lines.push(`| ${t.label} | ${int(t.perSecond)} | ${ms(t.p50Ms)} | ${ms(t.p99Ms)} |`);
  return lines.join('\n');
}
