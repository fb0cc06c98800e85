import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type { Clock } from '../../domain/clock.js';
import {
  refusalSummaryDetails,
  refusalWindow,
  type UnauthenticatedRefusal,
} from '../../domain/gateway/refusal-summary.js';
import { NO_DRAFT } from '../audit-service.js';
import type { AuditRetention } from '../ports/audit.js';
import type { ClaimedWindow, RefusalTallies } from '../ports/gateway-refusals.js';

/**
 * The audit chain of gateway calls that named no valid credential (an unknown appid or token): they belong to
 * no organisation. Organisation slugs are lower-case letters, digits and `-`, so this name is never one.
 */
export const GATEWAY_AUDIT_ORG = '_gateway';

/** Unauthenticated gateway refusals, counted per window and summarised in the trail once the window has ended. */
export interface RefusalSummaries {
  count(refusal: UnauthenticatedRefusal): Promise<void>;
  /** Writes the summary of every window that has ended; returns how many were written. */
  summariseEnded(): Promise<number>;
}

export interface RefusalSummaryDeps {
  tallies: RefusalTallies;
  now: Clock;
  /** The counting window: the failure limiter's, so a summary covers what one window of guessing did. */
  windowMs: number;
  /** Keeps the gateway's own chain to its retention as summaries are added to it; absent: never trimmed. */
  gatewayTrail?: { retention: AuditRetention; retentionMs: number } | undefined;
}

/** A call may still be counted into a window a moment after it ends (clocks of processes differ a little). */
export const LATE_COUNT_GRACE_MS = 5_000;
/** How long a process holds the windows it claimed before another may summarise them. */
const CLAIM_LEASE_MS = 60_000;
const WINDOWS_PER_CLAIM = 50;

export function createRefusalSummaries(deps: RefusalSummaryDeps): RefusalSummaries {
  const { tallies, now } = deps;
  return {
    count: (refusal) => tallies.count(refusal, refusalWindow(now(), deps.windowMs)),
    async summariseEnded() {
      let written = 0;
      for (;;) {
        const endedBy = new Date(now().getTime() - LATE_COUNT_GRACE_MS);
        const claimed = await tallies.claimEnded(endedBy, CLAIM_LEASE_MS, WINDOWS_PER_CLAIM);
        for (const window of claimed) {
          const event = window.tally.total > 0 ? summaryEvent(window, now()) : null;
          if ((await tallies.summarise(window, event)) && event) written += 1;
        }
        if (claimed.length < WINDOWS_PER_CLAIM) break;
      }
      if (written > 0) await trimGatewayTrail(deps);
      return written;
    },
  };
}

function summaryEvent(window: ClaimedWindow, at: Date): AuditEvent {
  return {
    action: 'gateway_refusals_summarised',
    org: window.chain,
    draft: NO_DRAFT,
    actor: 'gateway',
    at: at.toISOString(),
    details: refusalSummaryDetails(window, window.tally),
  };
}

/** Organisations' chains are never trimmed; the gateway's own keeps its retention. */
async function trimGatewayTrail(deps: RefusalSummaryDeps): Promise<void> {
  if (!deps.gatewayTrail) return;
  const cutoff = new Date(deps.now().getTime() - deps.gatewayTrail.retentionMs);
  await deps.gatewayTrail.retention.trimBefore(GATEWAY_AUDIT_ORG, cutoff);
}
