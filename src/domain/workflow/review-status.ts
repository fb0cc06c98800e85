/**
 * Review statuses (状态) of a draft. The order carries no meaning: storage and the API take each status by
 * name. `published` is set by the publishing worker, not by the review machine.
 */
export const REVIEW_STATUSES = ['blocked', 'in_review', 'approved', 'rejected', 'published'] as const;

export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
