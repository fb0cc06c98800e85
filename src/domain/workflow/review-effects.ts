import type { AuditEvent } from '../audit/audit-event.js';
import type { Role } from '../people.js';

/** What the service must do after a decision. The machine returns these and runs nothing. */
export type ReviewEffect =
  /** Append to the organisation's audit chain. */
  | { type: 'append_audit'; event: AuditEvent }
  /** Tell the people of `org` holding `role` that `stage` waits for them. */
  | { type: 'notify'; org: string; draft: string; stage: string; role: Role }
  /** Every stage approved: publish exactly this version. */
  | { type: 'enqueue_publish'; org: string; draft: string; version: number; hash: string }
  /** Rejected: back to the drafter with the reason. */
  | { type: 'return_to_drafter'; org: string; draft: string; drafter: string; by: string; comment: string };

export interface ReviewOutcome<S> {
  state: S;
  effects: ReviewEffect[];
}
