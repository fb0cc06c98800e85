import type { Logger } from '../../services/ports/logger.js';
import { errorText, stderrLogger } from '../logging/pino-logger.js';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { readCheckerData } from '../../create-checker.js';
import type { CheckScope } from '../../domain/checks/check-scope.js';
import type { CheckReport } from '../../domain/checks/finding.js';
import type { DraftContent } from '../../domain/draft-content.js';
import type { Draft } from '../../domain/draft.js';
import { CheckTooComplexError, type CheckerStats, type DraftChecker } from '../../services/draft-checker.js';
import type { CheckStarted, CheckTask, CheckWorkerData } from './check-worker.js';

export interface CheckPoolOptions {
  wordlistsDir: string;
  threads: number;
  /** How long one check may run on its thread (time waiting for a thread does not count). */
  budgetMs: number;
  /** Where a thread failing between tasks is reported; stderr when absent. */
  logger?: Logger;
}

// The worker entry beside this module: `.ts` under tsx and vitest (the thread then needs tsx too), `.js` once
// compiled to dist/.
const HERE = fileURLToPath(import.meta.url);
const WORKER_FILE = join(dirname(HERE), `check-worker${extname(HERE)}`);
const WORKER_EXEC_ARGV = extname(HERE) === '.ts' ? ['--import', 'tsx'] : undefined;

/** A draft small enough to check at once: proves every part of a thread loads before the service starts. */
const PROBE: Draft = { title: '探针', body: '' };

/** The first check on a thread runs cold (code not yet optimised): a small configured budget must not fail it. */
const PROBE_BUDGET_MS = 120_000;

/**
 * Starts the pool: every thread compiles the word lists once, then takes checks. The lists are read and
 * validated here first (not compiled), so invalid lists fail the start with the usual WordlistError instead of
 * inside the threads.
 */
export async function createCheckPool(options: CheckPoolOptions): Promise<CheckPool> {
  await readCheckerData({ wordlistsDir: options.wordlistsDir });
  const pool = new CheckPool(options);
  try {
    await pool.run(PROBE, undefined, undefined, PROBE_BUDGET_MS);
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}

/**
 * Checks on worker threads (piscina), each within a time budget. A check over budget, or whose caller aborts,
 * is stopped by terminating its thread; piscina starts a fresh one in its place.
 */
export class CheckPool implements DraftChecker {
  readonly #piscina: Piscina<CheckTask, CheckReport>;
  readonly #budgetMs: number;
  /** Starts the budget of a check once its thread says it runs, by task id. */
  readonly #onStart = new Map<number, () => void>();
  #nextId = 0;
  #running = 0;
  #overBudget = 0;
  #cancelled = 0;

  constructor(options: CheckPoolOptions) {
    this.#budgetMs = options.budgetMs;
    this.#piscina = new Piscina<CheckTask, CheckReport>({
      filename: WORKER_FILE,
      minThreads: options.threads,
      maxThreads: options.threads,
      workerData: { wordlistsDir: options.wordlistsDir } satisfies CheckWorkerData,
      ...(WORKER_EXEC_ARGV ? { execArgv: WORKER_EXEC_ARGV } : {}),
    });
    this.#piscina.on('message', (message: Partial<CheckStarted>) => {
      if (typeof message.checkStarted === 'number') this.#onStart.get(message.checkStarted)?.();
    });
    // A task's failure rejects its own promise; this is a thread failing between tasks, which piscina replaces.
    const logger = options.logger ?? stderrLogger();
    this.#piscina.on('error', (error: unknown) =>
      logger.error('check thread failed', { error: errorText(error) }),
    );
  }

  check(draft: Draft | DraftContent, scope?: CheckScope, signal?: AbortSignal): Promise<CheckReport> {
    return this.run(draft, scope, signal, this.#budgetMs);
  }

  /** A check on the next free thread, stopped `budgetMs` after it starts there or when `signal` aborts. */
  async run(
    draft: Draft | DraftContent,
    scope: CheckScope | undefined,
    signal: AbortSignal | undefined,
    budgetMs: number,
  ): Promise<CheckReport> {
    signal?.throwIfAborted();
    const id = this.#nextId++;
    const stop = new AbortController();
    const cancel = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', cancel, { once: true });
    let budget: NodeJS.Timeout | undefined;
    this.#onStart.set(id, () => {
      this.#running++;
      budget = setTimeout(() => stop.abort(new CheckTooComplexError(budgetMs)), budgetMs);
    });
    try {
      return await this.#piscina.run({ id, draft, scope }, { signal: stop.signal });
    } catch (error) {
      if (!stop.signal.aborted) throw error;
      if (stop.signal.reason instanceof CheckTooComplexError) this.#overBudget++;
      else this.#cancelled++;
      throw stop.signal.reason;
    } finally {
      if (budget !== undefined) this.#running--;
      clearTimeout(budget);
      this.#onStart.delete(id);
      signal?.removeEventListener('abort', cancel);
    }
  }

  stats(): CheckerStats {
    return {
      threads: this.#piscina.threads.length,
      running: this.#running,
      queued: this.#piscina.queueSize,
      overBudget: this.#overBudget,
      cancelled: this.#cancelled,
    };
  }

  /** Stops every thread at once: checks still running or waiting are rejected (their drafts are not stored). */
  close(): Promise<void> {
    return this.#piscina.destroy();
  }
}
