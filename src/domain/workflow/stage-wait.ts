import type { Grade } from '../checks/finding.js';
import type { DraftWithVersion } from '../draft-record.js';

/**
 * The stage decided by the change that produced `committed`, and how long it had waited: since the stage before
 * it was decided, or since the version was submitted. Undefined when that change decided no stage (a submission,
 * a raised grade).
 */
export function stageDecidedLast(
  committed: DraftWithVersion,
): { grade: Grade; waitedMs: number } | undefined {
  const { record, version } = committed;
  const stages = record.review.stages;
  const index = stages.findIndex((stage) => stage.decision?.at === record.updatedAt);
  const decided = stages[index]?.decision;
  if (!decided) return undefined;
  const since = index > 0 ? (stages[index - 1]?.decision?.at ?? version.at) : version.at;
  return { grade: record.review.grade, waitedMs: Math.max(0, Date.parse(decided.at) - Date.parse(since)) };
}
