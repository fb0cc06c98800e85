import type { DeciderRole } from '../../domain/workflow/review-guards.js';
import type { ReviewState } from '../../domain/workflow/review-state.js';
import { stageStatuses, waitingStage } from '../../domain/workflow/review-state.js';
import type { Publication, PublicationRetry } from '../../domain/publishing/publication.js';
import { GRADE_NAMES, PUBLICATION_STATUS_NAMES, ROLE_NAMES, STATUS_NAMES } from '../../messages/zh-cn.js';
import type { AllowEntry } from '../../services/check-settings-service.js';
import type { DraftRecord, DraftWithVersion } from '../../domain/draft-record.js';
import { withMarks } from './allow-entry-presenter.js';

/**
 * The JSON a client sees of one draft: snake_case fields, Chinese names beside the codes. `callerRole`: for whom
 * the caller may decide the waiting stage (review.mayDecide: themselves, or as 代), undefined when they may not.
 */
export function presentDraft(
  { record, version }: DraftWithVersion,
  callerRole: DeciderRole | undefined,
  publications: readonly Publication[] = [],
  marks: readonly AllowEntry[] = [],
) {
  const { review } = record;
  const { content, report } = version;
  // Added to the summary with Object.assign, not after a spread of it: see docs/scaling.md, "Hidden classes".
  return Object.assign(presentSummary(record), {
    hash: version.hash,
    checker_grade: review.checkerGrade,
    requested_grade: review.requestedGrade ?? null,
    author: version.author,
    content: Object.assign({}, content, { format: content.format ?? 'text' }),
    blocked: report.blocked,
    findings: withMarks(report.findings, marks),
    review_rules: review.reviewRules,
    acknowledged: review.acknowledged,
    stages: presentStages(review),
    awaits_me: callerRole !== undefined,
    final: record.final ?? null,
    publish_at: content.publish_at ?? null,
    withdrawal: review.withdrawal ?? null,
    publications: publications.map(presentPublication),
  });
}

/**
 * The answer to a submission or a new version (201 / 200 of PUT): what the client needs to go on, from the
 * committed draft as the service returned it, without reading anything again (GET /api/drafts/:id has the rest).
 * A version just stored has no false-positive marks yet.
 */
export function presentStored({ record, version }: DraftWithVersion) {
  const { id, version: number, status, status_name, grade, grade_name } = presentSummary(record);
  const { report } = version;
  const findings = withMarks(report.findings, []);
  const stages = presentStages(record.review);
  return {
    id,
    version: number,
    status,
    status_name,
    grade,
    grade_name,
    blocked: report.blocked,
    findings,
    stages,
  };
}

/** Where one target stands: status, the platform's ids and URL once published, the reason once failed. */
function presentPublication(publication: Publication) {
  return {
    target: publication.target,
    status: publication.status,
    status_name: PUBLICATION_STATUS_NAMES[publication.status],
    attempts: publication.attempts,
    ids: publication.ids ?? null,
    url: publication.url ?? null,
    failure: publication.failure
      ? { code: publication.failure.platformCode, explanation: publication.failure.explanation }
      : null,
    retry: publication.retry ? presentRetry(publication.retry) : null,
    not_before: publication.notBefore ?? null,
    updated_at: publication.updatedAt,
  };
}

/** The last failed attempt of a target that is retried, and when it runs again. */
function presentRetry(retry: PublicationRetry) {
  return {
    kind: retry.kind,
    code: retry.platformCode,
    explanation: retry.explanation,
    attempt: retry.attempt,
    failed_at: retry.failedAt,
    next_retry_at: retry.nextRetryAt,
  };
}

/** One line of a list. */
export function presentSummary(record: DraftRecord) {
  const { review } = record;
  const waiting = waitingStage(review);
  return {
    id: record.id,
    org: review.org,
    title: record.title,
    version: review.version.number,
    status: review.status,
    status_name: STATUS_NAMES[review.status],
    grade: review.grade,
    grade_name: GRADE_NAMES[review.grade],
    drafter: review.drafter,
    awaiting: waiting ? { stage: waiting.id, label: waiting.label, role: waiting.role } : null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

function presentStages(review: ReviewState) {
  const statuses = stageStatuses(review);
  return review.stages.map((stage, index) => {
    const { decision } = stage;
    return {
      id: stage.id,
      label: stage.label,
      role: stage.role,
      role_name: ROLE_NAMES[stage.role],
      status: statuses[index],
      decided_by: decision?.by ?? null,
      decided_at: decision?.at ?? null,
      comment: decision?.comment ?? null,
      acknowledged: decision?.acknowledged ?? [],
    };
  });
}
