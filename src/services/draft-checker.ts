import type { Checker } from '../domain/checks/build-checker.js';
import type { CheckScope } from '../domain/checks/check-scope.js';
import type { CheckReport } from '../domain/checks/finding.js';
import type { DraftContent } from '../domain/draft-content.js';
import type { Draft } from '../domain/draft.js';
import { withPlatformLimits } from '../domain/publishing/platform-limits-check.js';

/**
 * The checker as services use it: asynchronous, so an implementation may run checks off the event loop with a
 * time budget, and cancellable, so a check nobody waits for any more stops. A check over budget rejects with
 * `CheckTooComplexError`; an aborted one with the signal's reason. A draft that names `targets` (a stored
 * version's content) is also checked against what those platforms take: rendering it is as costly as checking.
 */
export interface DraftChecker {
  check(draft: Draft | DraftContent, scope?: CheckScope, signal?: AbortSignal): Promise<CheckReport>;
  /** What a pool is doing (for /healthz); absent on the calling thread. */
  stats?(): CheckerStats;
  close(): Promise<void>;
}

/** Checks in flight and checks stopped, since the checker started. */
export interface CheckerStats {
  threads: number;
  /** Checks running on a thread now. */
  running: number;
  /** Checks waiting for a free thread. */
  queued: number;
  /** Checks stopped at their budget. */
  overBudget: number;
  /** Checks whose caller went away (a pool lets each finish for a moment before it stops it). */
  cancelled: number;
  /** Threads started in place of one stopped with its check (each compiles the word lists anew). */
  replaced: number;
}

/** The check did not finish within its time budget: the drafter should split the draft. */
export class CheckTooComplexError extends Error {
  override readonly name = 'CheckTooComplexError';
  constructor(readonly budgetMs: number) {
    super(`check exceeded its budget of ${budgetMs} ms`);
  }
}

/** One draft's report as every DraftChecker gives it: the checker's, plus the target platforms' limits. */
export function fullReport(checker: Checker, draft: Draft | DraftContent, scope?: CheckScope): CheckReport {
  const report = checker.check(draft, scope);
  return 'targets' in draft ? withPlatformLimits(report, draft) : report;
}

/** Runs checks on the calling thread: for the CLI, the library and tests that need no pool. */
export function inProcessDraftChecker(checker: Checker): DraftChecker {
  return {
    // The executor's throw (an aborted signal, a failing rule) becomes the promise's rejection.
    check: (draft, scope, signal) =>
      new Promise((resolve) => {
        signal?.throwIfAborted();
        resolve(fullReport(checker, draft, scope));
      }),
    close: () => Promise.resolve(),
  };
}

/** The checker, telling `checked` how long each check took (waiting for a thread included). */
export function timedChecker(checker: DraftChecker, checked: (seconds: number) => void): DraftChecker {
  return {
    async check(draft, scope, signal) {
      const started = performance.now();
      try {
        return await checker.check(draft, scope, signal);
      } finally {
        checked((performance.now() - started) / 1000);
      }
    },
    ...(checker.stats ? { stats: checker.stats.bind(checker) } : {}),
    close: () => checker.close(),
  };
}
