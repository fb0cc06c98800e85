import type { AuditEntry } from '../../domain/audit/audit-event.js';
import type { DomainError } from '../../domain/domain-error.js';
import type { DraftRecord, DraftWithVersion } from '../../domain/draft-record.js';
import { mayAdminister, type Person, type Role } from '../../domain/people.js';
import { err, ok, type Result } from '../../domain/result.js';
import { canDecide, isAuthor, type DeciderRole } from '../../domain/workflow/review-guards.js';
import type { ReviewStatus } from '../../domain/workflow/review-state.js';
import type { DecidedEntry } from '../../domain/workflow/decided-index.js';
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

/** One of a person's decisions (已处理) with its draft as it is now (absent when the draft is gone). */
export interface DecidedItem {
  entry: DecidedEntry;
  record?: DraftRecord;
}

/** Reading drafts, what waits for a person, what they decided, and a draft's trail. */
export interface ReviewReading {
  get(by: Person, id: string): Answer;
  list(by: Person, query: DraftListQuery): Promise<DraftRecord[]>;
  /** Whether `by` may decide the draft's waiting stage now, and for whom (代) when standing in. */
  mayDecide(by: Person, found: DraftWithVersion): Promise<DeciderRole | undefined>;
  auditOf(by: Person, id: string): Promise<Result<AuditEntry[], DomainError>>;
  /** What `by` decided in their organisation, newest first, paged (read from the index the commits keep). */
  decided(by: Person, page: { offset: number; count: number }): Promise<DecidedItem[]>;
}

export interface ReviewReadingDeps {
  drafts: DraftStore;
  audit: AuditLog;
  /** The leaders a person stands in for right now (代). */
  leadersOf: (person: Person) => Promise<Person[]>;
}

/** Index entries read per round of "awaiting me": a few more than asked, for those the person cannot decide. */
const AWAITING_PAGE = 100;

export function createReviewReading(deps: ReviewReadingDeps): ReviewReading {
  const { drafts } = deps;
  const load = loaderOf(drafts);

  /** Stages `by` may decide now (代 too), longest-waiting first: read page by page from the awaiting index. */
  async function toDecide(by: Person, org: string, limit: number): Promise<DraftRecord[]> {
    const leaders = await deps.leadersOf(by);
    const roles = rolesToDecide(by, leaders);
    const found: DraftRecord[] = [];
    for (let offset = 0; found.length < limit; offset += AWAITING_PAGE) {
      const ids = await drafts.waitingFor(org, roles, { offset, count: AWAITING_PAGE });
      found.push(...decidableBy(await drafts.records(ids), by, leaders));
      if (ids.length < AWAITING_PAGE) break;
    }
    return found.slice(0, limit);
  }

  /** `by`'s own drafts returned or blocked, latest first. */
  async function returnedTo(by: Person, org: string, limit: number): Promise<DraftRecord[]> {
    const records = await drafts.records(await drafts.returnedTo(org, by.id, limit));
    const back = (status: ReviewStatus) => status === 'rejected' || status === 'blocked';
    return records.filter(({ review }) => back(review.status) && isAuthor(review, by));
  }

  return {
    async get(by, id) {
      const found = await load(by, id);
      return found ? ok(found) : err({ code: 'draft_not_found', id });
    },

    async list(by, query) {
      const org = query.org !== undefined && mayAdminister(by, query.org) ? query.org : by.org;
      const { statuses, limit } = query;
      if (!query.awaitingMe) return drafts.list(org, { limit, ...(statuses ? { statuses } : {}) });
      const wanted = (status: ReviewStatus) => !statuses || statuses.includes(status);
      const [deciding, returned] = await Promise.all([
        wanted('in_review') ? toDecide(by, org, limit) : [],
        wanted('rejected') || wanted('blocked') ? returnedTo(by, org, limit) : [],
      ]);
      return [...deciding, ...returned.filter((record) => wanted(record.review.status))].slice(0, limit);
    },

    async mayDecide(by, found) {
      const { review } = found.record;
      return review.status === 'in_review' ? canDecide(review, by, await deps.leadersOf(by)) : undefined;
    },

    async decided(by, page) {
      const entries = await drafts.decidedBy(by.org, by.id, page);
      const records = await drafts.records([...new Set(entries.map((entry) => entry.draft))]);
      const byId = new Map(records.map((record) => [record.id, record]));
      return entries.map((entry) => {
        const record = byId.get(entry.draft);
        return record ? { entry, record } : { entry };
      });
    },

    async auditOf(by, id) {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      return ok(await deps.audit.forDraft(found.record.review.org, id));
    },
  };
}

/** The roles whose awaiting indexes hold what `by` may decide: theirs and those of the leaders they stand in for. */
export function rolesToDecide(by: Person, leaders: readonly Person[]): Role[] {
  return [...new Set([by, ...leaders].flatMap((person) => person.roles))];
}

/** Those of `records` whose waiting stage `by` may decide now (代 too): what an awaiting index entry is checked by. */
export function decidableBy(
  records: readonly DraftRecord[],
  by: Person,
  leaders: readonly Person[],
): DraftRecord[] {
  return records.filter(({ review }) => review.status === 'in_review' && canDecide(review, by, leaders));
}

/** Reads a draft `by` may read: people of its organisation, and those who administer it; others get nothing. */
export function loaderOf(drafts: Pick<DraftStore, 'get'>) {
  return async (by: Person, id: string): Promise<DraftWithVersion | undefined> => {
    const found = await drafts.get(id);
    return found && mayRead(by, found.record.review.org) ? found : undefined;
  };
}

const mayRead = (by: Person, org: string): boolean => by.org === org || mayAdminister(by, org);
