import type { Grade } from './checks/finding.js';
import type { Role } from './people.js';
import type { ReviewStatus } from './workflow/review-status.js';

// Kept for importers that take the status with the errors that carry it.
export type { ReviewStatus } from './workflow/review-status.js';

/** A tail field that could not be filled. */
export type TailField = 'drafter' | 'reviewer' | 'signer' | 'source';

/**
 * Every refusal the domain can return: facts only, no HTTP status and no text.
 * `messages/zh-cn.ts` turns each into Chinese; the HTTP edge maps each code to a status.
 */
export type DomainError =
  | { code: 'draft_not_submitted' }
  | { code: 'already_submitted' }
  | { code: 'wrong_org'; org: string; actual: string }
  | { code: 'not_in_review'; status: ReviewStatus }
  | { code: 'draft_blocked' }
  | { code: 'already_published' }
  | { code: 'stale_version'; current: number; given: number }
  | { code: 'stage_mismatch'; current: string; given: string }
  | { code: 'outsourced_cannot_decide' }
  | { code: 'approver_is_drafter' }
  /** Only the draft's drafter, or whoever holds its waiting stage, puts a new version on it. */
  | { code: 'revision_not_allowed' }
  /** Only the drafter withdraws a draft, and only before anyone decided on its current version. */
  | { code: 'withdraw_not_allowed' }
  | { code: 'review_started'; stage: string }
  | { code: 'role_insufficient'; required: Role; actual: readonly Role[] }
  | { code: 'already_decided_earlier_stage'; stage: string }
  | { code: 'review_findings_not_acknowledged'; rules: readonly string[] }
  | { code: 'comment_required' }
  | { code: 'grade_cannot_be_lowered'; current: Grade; requested: Grade; floor: Grade }
  | { code: 'grade_unchanged'; grade: Grade }
  | { code: 'not_on_chain'; roles: readonly Role[] }
  | { code: 'not_approved'; status: ReviewStatus }
  | { code: 'tail_incomplete'; missing: readonly TailField[] }
  /** Only the organisation's administrators and the deciders of the draft's chain retry or call off publishing. */
  | { code: 'publishing_not_allowed' }
  | { code: 'target_not_failed'; target: string; status: ReviewStatus }
  // Raised by the review service rather than the machine: facts about storage, not about the review.
  | { code: 'draft_not_found'; id: string }
  | { code: 'unknown_targets'; targets: readonly string[] }
  /** Accounts an admin disabled (停用): no new version may target them. */
  | { code: 'targets_disabled'; targets: readonly string[] }
  | { code: 'target_not_found'; id: string; target: string }
  /** The version has no scheduled publication still waiting (none set, or its time has come). */
  | { code: 'schedule_not_pending'; id: string }
  | { code: 'publish_time_past'; publishAt: string }
  | { code: 'concurrent_change' }
  /** The check did not finish within its time budget: nothing is stored, the drafter splits the draft. */
  | { code: 'draft_too_complex'; budgetMs: number };

export type DomainErrorCode = DomainError['code'];
