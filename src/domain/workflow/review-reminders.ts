import type { Grade } from '../checks/finding.js';
import type { Role } from '../people.js';
import { DECIDING_ROLES } from '../people.js';
import type { ReviewState } from './review-state.js';
import { currentStageIndex } from './review-state.js';

const MINUTE = 60_000;

/** How long a stage may wait before its people are reminded (and as long again before it escalates). */
export const DEFAULT_REMINDER_DELAYS: Readonly<Record<Grade, number>> = {
  general: 240 * MINUTE,
  important: 120 * MINUTE,
  major: 30 * MINUTE,
};

/** The role one level above `role` on the sign-off ladder, or undefined above the principal. */
export function nextLevelUp(role: Role): Role | undefined {
  const index = DECIDING_ROLES.indexOf(role);
  return index === -1 ? undefined : DECIDING_ROLES[index + 1];
}

/**
 * Whether a timer set when `stage` of `version` started waiting is still due: the draft is in review, on that
 * version, and that stage is the one waiting. Anything else means someone acted meanwhile; nothing is ever
 * decided by a timer.
 */
export function isStillWaiting(state: ReviewState, version: number, stage: string): boolean {
  if (state.status !== 'in_review' || state.version.number !== version) return false;
  const index = currentStageIndex(state);
  return index !== undefined && state.stages[index]?.id === stage;
}

/** A reminder or an escalation due for a stage still waiting. */
export interface ReviewTimer {
  org: string;
  draft: string;
  version: number;
  stage: string;
  level: 'remind' | 'escalate';
}
