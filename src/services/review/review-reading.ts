import type { AuditEntry } from '../../domain/audit/audit-event.js';
import type { DomainError } from '../../domain/domain-error.js';
import type { DraftRecord, DraftWithVersion } from '../../domain/draft-record.js';
import { mayAdminister, type Person } from '../../domain/people.js';
import { err, ok, type Result } from '../../domain/result.js';
import { canDecide, isAuthor, type DeciderRole } from '../../domain/workflow/review-guards.js';
import type { ReviewState, ReviewStatus } from '../../domain/workflow/review-state.js';
import type { AuditLog } from '../ports/audit.js';
import type { DraftStore } from '../ports/drafts.js';
import type { Answer } from './review-commits.js';

export interface DraftListQuery {
  /** Only what waits for the caller: stages they may decide now (代 too), and their own drafts returned to them. */
  awaitingMe?: boolean;
  statuses?: readonly ReviewStatus[];
  /** Admins may list another organisation; everyone else sees their own. */
  org?: string;
  limit: number;
}

/** Reading drafts, what waits for a person, and a draft's trail. */
export interface ReviewReading {
  get(by: Person, id: string): Answer;
  list(by: Person, query: DraftListQuery): Promise<DraftRecord[]>;
  /** Whether `by` may decide the draft's waiting stage now, and for whom (代) when standing in. */
  mayDecide(by: Person, found: DraftWithVersion): Promise<DeciderRole | undefined>;
  auditOf(by: Person, id: string): Promise<Result<AuditEntry[], DomainError>>;
}

export interface ReviewReadingDeps {
  drafts: DraftStore;
  audit: AuditLog;
  /** The leaders a person stands in for right now (代). */
  leadersOf: (person: Person) => Promise<Person[]>;
}

/** The most drafts "awaiting me" looks through: every open one of an organisation, read in one batch. */
const OPEN_DRAFTS_READ = 10_000;

export function createReviewReading(deps: ReviewReadingDeps): ReviewReading {
  const { drafts } = deps;
  const load = loaderOf(drafts);

  return {
    async get(by, id) {
      const found = await load(by, id);
      return found ? ok(found) : err({ code: 'draft_not_found', id });
    },

    async list(by, query) {
      const org = query.org !== undefined && mayAdminister(by, query.org) ? query.org : by.org;
      const { statuses, limit } = query;
      if (!query.awaitingMe) return drafts.list(org, { limit, ...(statuses ? { statuses } : {}) });
      const open = await drafts.list(org, {
        statuses: ['in_review', 'rejected', 'blocked'],
        limit: OPEN_DRAFTS_READ,
      });
      const leaders = await deps.leadersOf(by);
      return open
        .filter(
          ({ review }) => waitsFor(review, by, leaders) && (!statuses || statuses.includes(review.status)),
        )
        .slice(0, limit);
    },

    async mayDecide(by, found) {
      const { review } = found.record;
      return review.status === 'in_review' ? canDecide(review, by, await deps.leadersOf(by)) : undefined;
    },

    async auditOf(by, id) {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      return ok(await deps.audit.forDraft(found.record.review.org, id));
    },
  };
}

/** A stage `person` may decide (代 too), or their own draft returned or blocked. */
function waitsFor(review: ReviewState, person: Person, leaders: readonly Person[]): boolean {
  return review.status === 'in_review'
    ? canDecide(review, person, leaders) !== undefined
    : isAuthor(review, person);
}

/** Reads a draft `by` may read: people of its organisation, and those who administer it; others get nothing. */
export function loaderOf(drafts: Pick<DraftStore, 'get'>) {
  return async (by: Person, id: string): Promise<DraftWithVersion | undefined> => {
    const found = await drafts.get(id);
    return found && mayRead(by, found.record.review.org) ? found : undefined;
  };
}

const mayRead = (by: Person, org: string): boolean => by.org === org || mayAdminister(by, org);
