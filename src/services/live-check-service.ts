import type { CheckReport } from '../domain/checks/finding.js';
import type { DraftContent } from '../domain/draft-content.js';
import type { Person } from '../domain/people.js';
import { err, ok, type Result } from '../domain/result.js';
import type { OrgCheckScope } from './check-settings-service.js';
import { CheckTooComplexError, type DraftChecker } from './draft-checker.js';

/** Counts uses per key; refuses once a key's allowance for the current window is spent. */
export interface RateLimiter {
  take(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }>;
}

/** How many live checks one person may run per window: an editor's debounced typing stays well inside it. */
export const LIVE_CHECK_LIMIT = { points: 30, durationSeconds: 60 } as const;

export type RateLimitedError = { code: 'rate_limited'; retryAfterSeconds: number };
export type LiveCheckError = RateLimitedError | { code: 'draft_too_complex'; budgetMs: number };

/** The check a writer runs while typing (`POST /api/check`): nothing is stored, and callers are rate-limited. */
export interface LiveCheckService {
  check(
    by: Person,
    content: DraftContent,
    signal?: AbortSignal,
  ): Promise<Result<CheckReport, LiveCheckError>>;
}

/**
 * The editor's live check: the report a draft would get if submitted now, in the person's organisation, without
 * storing anything. Limited per person, since every check costs CPU.
 */
export function createLiveCheckService(deps: {
  checker: DraftChecker;
  scopeFor: (org: string) => Promise<OrgCheckScope>;
  limiter: RateLimiter;
}): LiveCheckService {
  return {
    async check(
      by: Person,
      content: DraftContent,
      signal?: AbortSignal,
    ): Promise<Result<CheckReport, LiveCheckError>> {
      const taken = await deps.limiter.take(by.id);
      if (!taken.allowed) {
        return err({
          code: 'rate_limited',
          retryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)),
        });
      }
      const scope = await deps.scopeFor(by.org);
      try {
        // The checker applies the platform limits of the draft's targets itself.
        return ok(await deps.checker.check(content, scope, signal));
      } catch (error) {
        if (!(error instanceof CheckTooComplexError)) throw error;
        return err({ code: 'draft_too_complex', budgetMs: error.budgetMs });
      }
    },
  };
}
