import type { Checker } from '../domain/checks/build-checker.js';
import type { CheckScope } from '../domain/checks/check-scope.js';
import type { CheckReport } from '../domain/checks/finding.js';
import type { Draft } from '../domain/draft.js';

/**
 * The checker as services use it: asynchronous, so an implementation may run checks off the event loop with a
 * time budget, and cancellable, so a check nobody waits for any more stops. A check over budget rejects with
 * `CheckTooComplexError`.
 */
export interface DraftChecker {
  check(draft: Draft, scope?: CheckScope, signal?: AbortSignal): Promise<CheckReport>;
  close(): Promise<void>;
}

/** The check did not finish within its time budget: the drafter should split the draft. */
export class CheckTooComplexError extends Error {
  override readonly name = 'CheckTooComplexError';
  constructor(readonly budgetMs: number) {
    super(`check exceeded its budget of ${budgetMs} ms`);
  }
}

/** Runs checks on the calling thread: for the CLI, the library and tests that need no pool. */
export function inProcessDraftChecker(checker: Checker): DraftChecker {
  return {
    // The executor's throw (an aborted signal, a failing rule) becomes the promise's rejection.
    check: (draft, scope, signal) =>
      new Promise((resolve) => {
        signal?.throwIfAborted();
        resolve(checker.check(draft, scope));
      }),
    close: () => Promise.resolve(),
  };
}
