import type { AuditEvent } from '../audit/audit-event.js';

/** One decision a person took, as their 已处理 history keeps it (newest first by `at`). */
export interface DecidedEntry {
  draft: string;
  version: number;
  /** The stage's id (`review`, `sign`, …). */
  stage: string;
  verdict: 'approved' | 'rejected';
  at: string;
}

type DecisionEvent = AuditEvent & { action: 'approved' | 'rejected' };

const isDecision = (event: AuditEvent): event is DecisionEvent =>
  event.action === 'approved' || event.action === 'rejected';

/**
 * The decision a change records and who took it (the person who pressed the button, a stand-in 代 too), read
 * from the change's audit events; undefined when the change decides nothing.
 */
export function decidedEntryOf(
  audit: readonly AuditEvent[],
): { person: string; entry: DecidedEntry } | undefined {
  const event = audit.find(isDecision);
  if (!event) return undefined;
  const { stage } = event.details;
  const entry: DecidedEntry = {
    draft: event.draft,
    version: event.version ?? 0,
    stage: typeof stage === 'string' ? stage : '',
    verdict: event.action,
    at: event.at,
  };
  return { person: event.actor, entry };
}
