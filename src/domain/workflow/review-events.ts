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
  /**
   * The leaders `by` may stand in for right now. When `by`'s own role falls short, the machine decides as 代
   * for the first of them whose stage waits (see canDecide).
   */
  leaders?: readonly Person[];
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
  leaders?: readonly Person[];
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

/** Every target of `version` is published (the publish service sends it; no person does). */
export interface PublishedEvent {
  type: 'published';
  version: number;
  at: string;
}

/** A target of `version` failed for good (recorded with its publication; a person may have it retried). */
export interface PublishFailedEvent {
  type: 'publish_failed';
  version: number;
  target: string;
  /** The platform's code and its explanation, kept until the target is retried. */
  code: string;
  explanation: string;
  at: string;
}

/** A decider or administrator has a target that failed for good published again (重新发布). */
export interface RetryPublishEvent {
  type: 'retry_publish';
  by: Person;
  version: number;
  target: string;
  at: string;
}

/** A decider or administrator calls off the scheduled publication of the approved version (撤销定时发布). */
export interface CancelScheduleEvent {
  type: 'cancel_schedule';
  by: Person;
  version: number;
  /** Required: the drafter needs to know why. */
  comment: string;
  at: string;
}

/** The drafter takes the draft back before anyone decided on it (撤回). */
export interface WithdrawEvent {
  type: 'withdraw';
  by: Person;
  version: number;
  comment?: string;
  at: string;
}

/** What a person does to a draft (the audit names them; a refusal is recorded). */
export type PersonEvent =
  | SubmitEvent
  | NewVersionEvent
  | ApproveEvent
  | RejectEvent
  | RaiseGradeEvent
  | RetryPublishEvent
  | CancelScheduleEvent
  | WithdrawEvent;
/** What publishing reports back. */
export type PublishingEvent = PublishedEvent | PublishFailedEvent;
export type ReviewEvent = PersonEvent | PublishingEvent;
export type DecisionEvent = ApproveEvent | RejectEvent;
