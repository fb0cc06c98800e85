import type { Grade } from '../checks/finding.js';
import type { ReviewStatus } from './review-status.js';
import type { PersonRef, Role } from '../people.js';

export type { ReviewStatus } from './review-status.js';

export interface Decision {
  verdict: 'approved' | 'rejected';
  by: PersonRef;
  /** Set when `by` decided as stand-in (代) for this leader. */
  onBehalfOf?: PersonRef;
  /** ISO 8601, from the event: the machine never reads a clock. */
  at: string;
  comment?: string;
  /** Rule ids this person acknowledged (须审核人确认的命中项). */
  acknowledged?: readonly string[];
}

/** A stage of the current version's chain and, once someone decided it, that decision. */
export interface StageState {
  id: string;
  role: Role;
  label: string;
  decision?: Decision;
}

export interface VersionRef {
  number: number;
  /** SHA-256 (hex) of the version's content, computed by the caller. */
  hash: string;
  /** Who wrote this version: never allowed to approve it. */
  author: PersonRef;
}

/** Everything the review machine needs about one draft. Plain data: the store saves it as JSON. */
export interface ReviewState {
  draft: string;
  org: string;
  drafter: PersonRef;
  version: VersionRef;
  /** Effective grade: the higher of the checker's grade and the highest grade any person asked for. */
  grade: Grade;
  /** The checker's grade for the current version: the floor nobody can go below. */
  checkerGrade: Grade;
  /** Highest grade requested or raised by a person on this draft; it survives new versions. */
  requestedGrade?: Grade;
  status: ReviewStatus;
  stages: readonly StageState[];
  /** Rule ids of the current version's findings with action `review`, sorted, each once. */
  reviewRules: readonly string[];
  /** The subset of `reviewRules` acknowledged for the current version. */
  acknowledged: readonly string[];
  /** Targets of the approved version that failed for good, each until a person has it retried (发布失败). */
  failedTargets?: readonly FailedTarget[];
  /** Per target, how often a person had it retried: each retry is a publish job of its own. */
  retries?: Readonly<Record<string, number>>;
  /**
   * Who withdrew the current version (撤回), when and why: its drafter before anyone decided, or a decider before
   * its scheduled publication.
   */
  withdrawal?: { by: PersonRef; at: string; comment?: string };
}

/** A target that failed for good, with the platform's code and what it means. */
export interface FailedTarget {
  target: string;
  code: string;
  explanation: string;
}

/** The first stage nobody has approved yet; undefined when every stage is approved. */
export function currentStageIndex(state: Pick<ReviewState, 'stages'>): number | undefined {
  const index = state.stages.findIndex((stage) => stage.decision?.verdict !== 'approved');
  return index === -1 ? undefined : index;
}

/**
 * The stage that must acknowledge findings with action `review`: the first stage whose role is `reviewer`,
 * or the first stage when the chain has none.
 */
export function acknowledgingStageIndex(stages: readonly Pick<StageState, 'role'>[]): number {
  const index = stages.findIndex((stage) => stage.role === 'reviewer');
  return index === -1 ? 0 : index;
}

/** Where a stage stands, as people are shown it. */
export type StageStatus = 'approved' | 'rejected' | 'waiting' | 'pending';

/** The stage a draft in review waits on; undefined when it is not in review. */
export function waitingStage(state: Pick<ReviewState, 'status' | 'stages'>): StageState | undefined {
  if (state.status !== 'in_review') return undefined;
  const index = currentStageIndex(state);
  return index === undefined ? undefined : state.stages[index];
}

/** Each stage's status: decided (approved / rejected), the one waiting, or still to come. */
export function stageStatuses(state: Pick<ReviewState, 'status' | 'stages'>): StageStatus[] {
  const waiting = waitingStage(state);
  return state.stages.map((stage) => stage.decision?.verdict ?? (stage === waiting ? 'waiting' : 'pending'));
}
