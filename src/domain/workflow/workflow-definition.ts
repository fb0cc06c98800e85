import type { Grade } from '../checks/finding.js';
import type { Role } from '../people.js';

/** One sign-off stage (环节) of a chain, e.g. `{ id: 'review', role: 'reviewer', label: '审核' }`. */
export interface StageDefinition {
  /** Stable within a workflow: decisions carry over a grade raise only onto a stage with the same id and role. */
  id: string;
  role: Role;
  /** Chinese name shown to people, e.g. 审核, 复核, 审签. */
  label: string;
}

/**
 * Tail (尾注) templates. Placeholders: `{drafter}`, `{reviewer}`, `{signer}`, and `{source}` (reposts only).
 * `{reviewer}` is whoever approved the chain's `reviewer` stage (or its first stage); `{signer}` the last stage.
 */
export interface TailTemplates {
  original: string;
  repost: string;
}

export interface WorkflowDefinition {
  chains: Readonly<Record<Grade, readonly StageDefinition[]>>;
  tails: TailTemplates;
}

export function chainFor(definition: WorkflowDefinition, grade: Grade): readonly StageDefinition[] {
  return definition.chains[grade];
}
