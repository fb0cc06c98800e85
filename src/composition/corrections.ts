import type { RedisClient } from '../adapters/redis/redis-client.js';
import { RedisCorrectionLedger } from '../adapters/redis/redis-correction-ledger.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import { RedisOneTimeMarks } from '../adapters/redis/redis-one-time-marks.js';
import type { Clock } from '../domain/clock.js';
import { createCorrectionService, type CorrectionService } from '../services/correction-service.js';
import type { AdminAlerts } from '../services/ports/alerts.js';
import type { AuditLog } from '../services/ports/audit.js';
import type { DraftStore } from '../services/ports/drafts.js';
import type { PublicationStore } from '../services/ports/publishing.js';
import type { ReviewService } from '../services/review-service.js';

/** Corrections and retractions (issue 13 point 6) over the review, publications, alerts and their ledger. */
export function correctionsOn(
  client: RedisClient,
  keys: RedisKeys,
  deps: {
    review: ReviewService;
    drafts: DraftStore;
    publications: PublicationStore;
    alerts: AdminAlerts;
    audit: AuditLog;
    now: Clock;
    newId: () => string;
  },
): CorrectionService {
  return createCorrectionService({
    ...deps,
    publications: (draft) => deps.publications.get(draft),
    ledger: new RedisCorrectionLedger(client, keys),
    marks: new RedisOneTimeMarks(client, keys),
  });
}

/**
 * The corrections, made after the review they submit through, for the follow-ups made before it: a draft
 * published before they exist (none can be) has nothing to settle.
 */
export function lateCorrections(): {
  published: (committed: Parameters<CorrectionService['settle']>[0]) => Promise<void>;
  set(service: CorrectionService): CorrectionService;
} {
  let made: CorrectionService | undefined;
  return {
    published: (committed) => made?.settle(committed) ?? Promise.resolve(),
    set: (service) => (made = service),
  };
}
