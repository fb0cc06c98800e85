/**
 * Review statuses (状态) of a draft. The order carries no meaning: storage and the API take each status by
 * name. `published` and `publish_failed` (a target failed for good and waits for a person to retry it) come
 * from the publishing worker's events; `withdrawn` (撤回) when a decider called off a scheduled publication.
 */
export const REVIEW_STATUSES = [
  'blocked',
  'in_review',
  'approved',
  'rejected',
  'published',
  'publish_failed',
  'withdrawn',
] as const;

export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Signed off and not yet published everywhere: the approved version's targets are (still) published. */
export function isPublishing(status: ReviewStatus): boolean {
  return status === 'approved' || status === 'publish_failed';
}
