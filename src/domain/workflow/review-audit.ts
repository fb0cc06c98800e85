import type { AuditAction, AuditEvent } from '../audit/audit-event.js';
import type { JsonObject } from '../audit/canonical-json.js';
import type { CheckReport } from '../checks/finding.js';
import type { DomainError } from '../domain-error.js';
import type { Person } from '../people.js';
import type { ReviewEffect } from './review-effects.js';
import type { NewVersionEvent, PersonEvent, SubmitEvent } from './review-events.js';
import type { ReviewState } from './review-state.js';

/** An `append_audit` effect for `state`'s draft and current version. */
export function auditEffect(
  state: ReviewState,
  action: AuditAction,
  by: Person,
  at: string,
  details: JsonObject,
): ReviewEffect {
  const event: AuditEvent = {
    action,
    org: state.org,
    draft: state.draft,
    actor: by.id,
    at,
    version: state.version.number,
    details,
  };
  return { type: 'append_audit', event };
}

/** The checker's result as recorded: positions and rule ids, not the matched text or messages. */
export function checkedDetails(report: CheckReport): JsonObject {
  const findings = report.findings.map((finding) => ({
    rule: finding.rule,
    action: finding.action,
    field: finding.field,
    start: finding.start,
    end: finding.end,
    grade: finding.grade,
  }));
  return { blocked: report.blocked, grade: report.grade, findings };
}

/** An attempt as refused: a review event, or a submission refused before its check report existed. */
export type RefusedAttempt = PersonEvent | Omit<SubmitEvent, 'report'> | Omit<NewVersionEvent, 'report'>;

/**
 * The audit event for an attempt `decideReview` refused (R43: refusals are recorded too).
 * The service appends it; the machine cannot, since a refusal returns no effects.
 */
export function refusedAuditEvent(
  target: { org: string; draft: string; version?: number },
  event: RefusedAttempt,
  error: DomainError,
): AuditEvent {
  const attempted = { ...attemptDetails(event), error };
  return {
    action: 'refused',
    org: target.org,
    draft: target.draft,
    actor: event.by.id,
    at: event.at,
    ...(target.version === undefined ? {} : { version: target.version }),
    details: attempted,
  };
}

function attemptDetails(event: RefusedAttempt): JsonObject {
  switch (event.type) {
    case 'approve':
    case 'reject':
      return { attempt: event.type, version: event.version, stage: event.stage };
    case 'new_version':
      return { attempt: event.type, base_version: event.baseVersion };
    case 'raise_grade':
      return { attempt: event.type, grade: event.grade };
    case 'retry_publish':
      return { attempt: event.type, version: event.version, target: event.target };
    case 'cancel_schedule':
    case 'withdraw':
      return { attempt: event.type, version: event.version };
    case 'submit':
      return { attempt: event.type };
  }
}
