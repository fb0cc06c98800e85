import type { AuditEvent } from '../audit/audit-event.js';

/**
 * What the service must do after a decision. The machine returns these and runs nothing. Followers receive the
 * committed draft with them, so an effect names only what to do, never data they would read again.
 */
export type ReviewEffect =
  /** Append to the organisation's audit chain (in the same atomic step as the change). */
  | { type: 'append_audit'; event: AuditEvent }
  /** The committed draft's waiting stage waits for its deciders: tell them. */
  | { type: 'notify' }
  /** Every stage approved: publish exactly the committed version. */
  | { type: 'enqueue_publish' }
  /** Rejected: back to the drafter with the reason (the rejecting decision in the committed state). */
  | { type: 'return_to_drafter' }
  /** Withdrawn before its scheduled time: the version's publications waiting for it are cancelled. */
  | { type: 'cancel_publishing' };

export interface ReviewOutcome<S> {
  state: S;
  effects: ReviewEffect[];
}
