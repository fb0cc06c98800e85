import type { Logger } from '../../services/ports/logger.js';
import { errorText, stderrLogger } from '../logging/pino-logger.js';
import { EventEmitter } from 'node:events';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina, queueOptionsSymbol, type PiscinaTask } from 'piscina';
import { readCheckerData } from '../../create-checker.js';
import type { CheckScope } from '../../domain/checks/check-scope.js';
import type { CheckReport } from '../../domain/checks/finding.js';
import type { DraftContent } from '../../domain/draft-content.js';
import type { Draft } from '../../domain/draft.js';
import { CheckTooComplexError, type CheckerStats, type DraftChecker } from '../../services/draft-checker.js';
import type { CheckTask, CheckWorkerData } from './check-worker.js';

export interface CheckPoolOptions {
  wordlistsDir: string;
  threads: number;
  /** How long one check may run on its thread (time waiting for a thread does not count). */
  budgetMs: number;
  /** Where a thread failing between tasks is reported; stderr when absent. */
  logger?: Logger;
  /** How long a check whose caller went away may still finish on its thread; ABANDONED_GRACE_MS when absent. */
  abandonedGraceMs?: number;
}

// The worker entry beside this module: `.ts` under tsx and vitest (the thread then needs tsx too), `.js` once
// compiled to dist/.
const HERE = fileURLToPath(import.meta.url);
const WORKER_FILE = join(dirname(HERE), `check-worker${extname(HERE)}`);
const WORKER_EXEC_ARGV = extname(HERE) === '.ts' ? ['--import', 'tsx'] : undefined;

/** A check as handed to piscina: the task, and the pool's id of it for the balancer (see idOf). */
type PooledCheck = CheckTask & { [queueOptionsSymbol]: { id: number } };

/** How piscina picks a thread for a task, and a thread as it shows one (their types are not exported). */
type Balancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;
type PiscinaWorker = Parameters<Balancer>[1][number];

/**
 * The pool's id of a check, where piscina shows it to the balancer: under its queue options symbol, which the
 * thread never receives (a symbol-keyed property is not cloned).
 */
function idOf(task: PiscinaTask): number {
  return (task[queueOptionsSymbol] as { id: number }).id;
}

/**
 * Stops one check on its thread (piscina aborts the task, terminating the thread if it runs). Piscina takes an
 * emitter as the signal: listening on it costs a fraction of listening on an AbortSignal, once per check.
 */
class StopCheck extends EventEmitter {
  aborted = false;
  reason: unknown;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/** A draft small enough to check at once: one on each thread proves every part of it loads before the service starts. */
const PROBE: Draft = { title: '探针', body: '' };

/** The first check on a thread runs cold (code not yet optimised): a small configured budget must not fail it. */
const PROBE_BUDGET_MS = 120_000;

/**
 * A check whose caller went away keeps its thread this long before it is stopped with it: stopping means a new
 * thread that compiles the word lists anew, about 0.7 s of CPU (measured: 0.43 s loading, 0.28 s compiling), while
 * a check takes well under a millisecond. Clients that time out or disconnect (a load test's end does it to every
 * request in flight) would otherwise cost a thread each.
 */
export const ABANDONED_GRACE_MS = 250;

/**
 * Starts the pool: every thread compiles the word lists once, then takes checks. The lists are read and
 * validated here first (not compiled), so invalid lists fail the start with the usual WordlistError instead of
 * inside the threads.
 */
export async function createCheckPool(options: CheckPoolOptions): Promise<CheckPool> {
  await readCheckerData({ wordlistsDir: options.wordlistsDir });
  const pool = new CheckPool(options);
  try {
    // One each, at once: piscina hands a check only to an idle thread (see CheckPool's balancer).
    const probes = Array.from({ length: options.threads }, () =>
      pool.run(PROBE, undefined, undefined, PROBE_BUDGET_MS),
    );
    await Promise.all(probes);
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}

/**
 * Checks on worker threads (piscina), each within a time budget. A check over budget is stopped by terminating its
 * thread; piscina starts a fresh one in its place. A caller who aborts is answered at once, and its check is
 * stopped so only if it has not finished within ABANDONED_GRACE_MS (one still waiting for a thread then just leaves
 * the queue).
 */
export class CheckPool implements DraftChecker {
  readonly #piscina: Piscina<PooledCheck, CheckReport>;
  readonly #budgetMs: number;
  readonly #graceMs: number;
  /** Starts the budget of a check once it is handed to its thread, by task id. */
  readonly #onStart = new Map<number, () => void>();
  /** The threads that have loaded (by thread id): piscina would hand a queued check to one still loading. */
  readonly #loaded = new Set<number>();
  #nextId = 0;
  #running = 0;
  #overBudget = 0;
  #cancelled = 0;
  #replaced = 0;

  constructor(options: CheckPoolOptions) {
    this.#budgetMs = options.budgetMs;
    this.#graceMs = options.abandonedGraceMs ?? ABANDONED_GRACE_MS;
    this.#piscina = new Piscina<PooledCheck, CheckReport>({
      filename: WORKER_FILE,
      minThreads: options.threads,
      maxThreads: options.threads,
      workerData: { wordlistsDir: options.wordlistsDir } satisfies CheckWorkerData,
      ...(WORKER_EXEC_ARGV ? { execArgv: WORKER_EXEC_ARGV } : {}),
      loadBalancer: this.#handOut,
      // Its wait and run histograms are read by nobody.
      recordTiming: false,
    });
    this.#piscina.on('workerCreate', (worker: PiscinaWorker) => this.#loaded.add(worker.id));
    this.#piscina.on('workerDestroy', (worker: PiscinaWorker) => {
      this.#loaded.delete(worker.id);
      this.#replaced++;
    });
    // A task's failure rejects its own promise; this is a thread failing between tasks, which piscina replaces.
    const logger = options.logger ?? stderrLogger();
    this.#piscina.on('error', (error: unknown) =>
      logger.error('check thread failed', { error: errorText(error) }),
    );
  }

  /**
   * Piscina's choice of thread for a task, which starts the check's budget: an idle thread that has loaded (every
   * task is abortable, by its budget's signal, and piscina's own balancer sends those to idle threads only), and
   * the task is posted there at once. Knowing it here spares a message from the thread per check. Piscina counts
   * the threads it starts with as loaded from the first, so createCheckPool probes each before any check.
   */
  readonly #handOut: Balancer = (task, workers) => {
    const idle = workers.find((worker) => worker.currentUsage === 0 && this.#loaded.has(worker.id)) ?? null;
    if (idle) this.#onStart.get(idOf(task))?.();
    return idle;
  };

  check(draft: Draft | DraftContent, scope?: CheckScope, signal?: AbortSignal): Promise<CheckReport> {
    return this.run(draft, scope, signal, this.#budgetMs);
  }

  /**
   * A check on the next free thread, stopped `budgetMs` after it starts there. When `signal` aborts, the promise
   * rejects at once with its reason and the check is left ABANDONED_GRACE_MS to finish before it is stopped.
   */
  async run(
    draft: Draft | DraftContent,
    scope: CheckScope | undefined,
    signal: AbortSignal | undefined,
    budgetMs: number,
  ): Promise<CheckReport> {
    signal?.throwIfAborted();
    const checking = this.#checking(draft, scope, budgetMs);
    if (!signal) return checking.report;
    let given = () => {};
    const givenUp = new Promise<undefined>((resolve) => (given = () => resolve(undefined)));
    const abandon = () => {
      this.#cancelled++;
      checking.abandon(signal.reason);
      given();
    };
    signal.addEventListener('abort', abandon, { once: true });
    try {
      const report = await Promise.race([checking.report, givenUp]);
      if (report === undefined) throw signal.reason;
      return report;
    } finally {
      signal.removeEventListener('abort', abandon);
    }
  }

  /** The check's report, and how to give it up: stopped (with its thread if running) after the grace. */
  #checking(
    draft: Draft | DraftContent,
    scope: CheckScope | undefined,
    budgetMs: number,
  ): { report: Promise<CheckReport>; abandon(reason: unknown): void } {
    const id = this.#nextId++;
    const stop = new StopCheck();
    let budget: NodeJS.Timeout | undefined;
    let grace: NodeJS.Timeout | undefined;
    let finished = false;
    this.#onStart.set(id, () => {
      this.#running++;
      budget = setTimeout(() => stop.abort(new CheckTooComplexError(budgetMs)), budgetMs);
    });
    const report = (async () => {
      try {
        return await this.#piscina.run({ draft, scope, [queueOptionsSymbol]: { id } }, { signal: stop });
      } catch (error) {
        if (!stop.aborted) throw error;
        if (stop.reason instanceof CheckTooComplexError) this.#overBudget++;
        throw stop.reason;
      } finally {
        finished = true;
        if (budget !== undefined) this.#running--;
        clearTimeout(budget);
        clearTimeout(grace);
        this.#onStart.delete(id);
      }
    })();
    const abandon = (reason: unknown) => {
      if (!finished) grace = setTimeout(() => stop.abort(reason), this.#graceMs);
    };
    return { report, abandon };
  }

  stats(): CheckerStats {
    return {
      threads: this.#piscina.threads.length,
      running: this.#running,
      queued: this.#piscina.queueSize,
      overBudget: this.#overBudget,
      cancelled: this.#cancelled,
      replaced: this.#replaced,
    };
  }

  /** Stops every thread at once: checks still running or waiting are rejected (their drafts are not stored). */
  close(): Promise<void> {
    return this.#piscina.destroy();
  }
}
