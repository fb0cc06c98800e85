import type { DomainError } from '../domain-error.js';
import type { Person } from '../people.js';
import { hasRole, mayStandInFor } from '../people.js';
import type { DecisionEvent } from './review-events.js';
import type { ReviewState } from './review-state.js';
import { acknowledgingStageIndex, currentStageIndex } from './review-state.js';

/** Who attempts a decision, on which version and stage; the verdict's own needs aside. */
type Attempt = Pick<DecisionEvent, 'type' | 'by' | 'onBehalfOf' | 'version' | 'stage'>;

/**
 * Why `event.by` may not decide the current stage, or undefined when they may. Checked in this order,
 * so a person failing several rules always gets the same answer: organisation, status, version, stage,
 * outsourced, drafter, role, one person one stage, then what the verdict itself needs.
 */
export function refuseDecision(state: ReviewState, event: DecisionEvent): DomainError | undefined {
  return refuseDecider(state, event) ?? refuseVerdict(state, event, currentStageIndex(state) ?? 0);
}

/** For whom a person decides the waiting stage: themselves (`{}`), or as 代 for `onBehalfOf`. */
export interface DeciderRole {
  onBehalfOf?: Person;
}

/**
 * Whether the waiting stage is `person`'s to decide now (what the verdict itself needs, such as acknowledging
 * findings, aside): themselves, or else as stand-in (代) for the first of `leaders` it waits for. Drives
 * "awaiting me" lists, the review page, the desk and notifications.
 */
export function canDecide(
  state: ReviewState,
  person: Person,
  leaders: readonly Person[] = [],
): DeciderRole | undefined {
  if (state.status !== 'in_review') return undefined;
  const attempt: Attempt = { type: 'reject', by: person, version: state.version.number };
  if (refuseDecider(state, attempt) === undefined) return {};
  const leader = leaders.find((onBehalfOf) => refuseDecider(state, { ...attempt, onBehalfOf }) === undefined);
  return leader ? { onBehalfOf: leader } : undefined;
}

function refuseDecider(state: ReviewState, event: Attempt): DomainError | undefined {
  const index = currentStageIndex(state);
  const stage = index === undefined ? undefined : state.stages[index];
  return (
    refuseOutsider(state, event.by) ??
    refuseStatus(state, event) ??
    refuseVersion(state, event.version) ??
    (stage === undefined ? { code: 'not_in_review', status: state.status } : undefined) ??
    (event.stage !== undefined && event.stage !== stage?.id
      ? { code: 'stage_mismatch', current: stage?.id ?? '', given: event.stage }
      : undefined) ??
    (event.by.outsourced ? { code: 'outsourced_cannot_decide' } : undefined) ??
    (deciders(event).some((person) => isAuthor(state, person))
      ? { code: 'approver_is_drafter' }
      : undefined) ??
    (stage && !hasRole(holderOf(event), stage.role)
      ? { code: 'role_insufficient', required: stage.role, actual: holderOf(event).roles }
      : undefined) ??
    (stage && event.onBehalfOf && !mayStandInFor(event.by, stage.role)
      ? { code: 'role_insufficient', required: stage.role, actual: event.by.roles }
      : undefined) ??
    deciders(event)
      .map((person) => refuseSecondStage(state, person))
      .find((refusal) => refusal)
  );
}

export function refuseOutsider(state: Pick<ReviewState, 'org'>, by: Person): DomainError | undefined {
  return by.org === state.org ? undefined : { code: 'wrong_org', org: state.org, actual: by.org };
}

export function refuseVersion(state: ReviewState, given: number): DomainError | undefined {
  const current = state.version.number;
  return given === current ? undefined : { code: 'stale_version', current, given };
}

/** Has written this draft or its current version: nobody approves their own text. */
export function isAuthor(state: ReviewState, person: Person): boolean {
  return person.id === state.drafter.id || person.id === state.version.author.id;
}

function refuseStatus(state: ReviewState, event: Attempt): DomainError | undefined {
  if (state.status === 'blocked' && event.type === 'approve') return { code: 'draft_blocked' };
  return state.status === 'in_review' ? undefined : { code: 'not_in_review', status: state.status };
}

/** Who holds the stage's role for this decision: the leader when a stand-in decides. */
function holderOf(event: Attempt): Person {
  return event.onBehalfOf ?? event.by;
}

/** Everyone a decision is made by: the person, and the leader they stand in for. */
function deciders(event: Attempt): Person[] {
  return event.onBehalfOf ? [event.by, event.onBehalfOf] : [event.by];
}

/** Separation of duties: one person decides at most one stage of a version. */
function refuseSecondStage(state: ReviewState, by: Person): DomainError | undefined {
  const decided = state.stages.find(
    (stage) => stage.decision?.by.id === by.id || stage.decision?.onBehalfOf?.id === by.id,
  );
  return decided ? { code: 'already_decided_earlier_stage', stage: decided.id } : undefined;
}

function refuseVerdict(state: ReviewState, event: DecisionEvent, index: number): DomainError | undefined {
  if (event.type === 'reject') {
    return event.comment.trim() === '' ? { code: 'comment_required' } : undefined;
  }
  if (index !== acknowledgingStageIndex(state.stages)) return undefined;
  const given = new Set([...state.acknowledged, ...(event.acknowledged ?? [])]);
  const missing = state.reviewRules.filter((rule) => !given.has(rule));
  return missing.length > 0 ? { code: 'review_findings_not_acknowledged', rules: missing } : undefined;
}
