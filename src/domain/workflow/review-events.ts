import type { CheckReport, Grade } from '../checks/finding.js';
import type { Person } from '../people.js';

/** Creates the review of a new draft (version 1) from its check report. */
export interface SubmitEvent {
  type: 'submit';
  draft: string;
  by: Person;
  hash: string;
  report: CheckReport;
  /** Can only raise the checker's grade; a lower request is ignored (the answer shows the grade used). */
  requestedGrade?: Grade;
  at: string;
}

/** Stores version `baseVersion + 1`: every approval is void and review restarts at the first stage. */
export interface NewVersionEvent {
  type: 'new_version';
  by: Person;
  baseVersion: number;
  hash: string;
  report: CheckReport;
  requestedGrade?: Grade;
  at: string;
}

export interface ApproveEvent {
  type: 'approve';
  by: Person;
  /** The leader `by` stands in for (代): the stage's role is checked on them, the rest on both. */
  onBehalfOf?: Person;
  version: number;
  at: string;
  /** When given, the stage the caller means to decide: refused if the draft has moved on meanwhile. */
  stage?: string;
  comment?: string;
  /** Rule ids of findings with action `review` the caller has checked. */
  acknowledged?: readonly string[];
}

export interface RejectEvent {
  type: 'reject';
  by: Person;
  onBehalfOf?: Person;
  version: number;
  at: string;
  stage?: string;
  /** Required: the drafter needs to know what to change. */
  comment: string;
}

/** Raises the grade; the chain becomes the new grade's chain. */
export interface RaiseGradeEvent {
  type: 'raise_grade';
  by: Person;
  grade: Grade;
  at: string;
  comment?: string;
}

export type ReviewEvent = SubmitEvent | NewVersionEvent | ApproveEvent | RejectEvent | RaiseGradeEvent;
export type DecisionEvent = ApproveEvent | RejectEvent;
