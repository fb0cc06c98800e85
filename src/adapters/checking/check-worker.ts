import { workerData } from 'node:worker_threads';
import { createChecker } from '../../create-checker.js';
import type { CheckScope } from '../../domain/checks/check-scope.js';
import type { CheckReport } from '../../domain/checks/finding.js';
import type { DraftContent } from '../../domain/draft-content.js';
import type { Draft } from '../../domain/draft.js';
import { fullReport } from '../../services/draft-checker.js';

/** What the pool hands a worker thread once, when it starts. */
export interface CheckWorkerData {
  wordlistsDir: string;
}

/** One check as the pool sends it. */
export interface CheckTask {
  draft: Draft | DraftContent;
  scope: CheckScope | undefined;
}

/**
 * The piscina worker: compiles the word lists once per thread (piscina awaits the exported promise before the
 * thread takes tasks), then answers each task with the draft's full report.
 */
async function startWorker(): Promise<(task: CheckTask) => CheckReport> {
  const { wordlistsDir } = workerData as CheckWorkerData;
  const checker = await createChecker({ wordlistsDir });
  return ({ draft, scope }) => fullReport(checker, draft, scope);
}

export default startWorker();
