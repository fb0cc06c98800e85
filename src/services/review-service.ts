import type { AuditEntry } from '../domain/audit/audit-event.js';
import type { CheckScope } from '../domain/checks/check-scope.js';
import type { CheckReport, Grade } from '../domain/checks/finding.js';
import type { DomainError } from '../domain/domain-error.js';
import { contentHash, type DraftContent, type Target } from '../domain/draft-content.js';
import { hasRole, personRef, type Person } from '../domain/people.js';
import { err, ok, type Result } from '../domain/result.js';
import { stampTail } from '../domain/tail/stamp-tail.js';
import { refusedAuditEvent, type RefusedAttempt } from '../domain/workflow/review-audit.js';
import type { ReviewEffect, ReviewOutcome } from '../domain/workflow/review-effects.js';
import type { ApproveEvent, RejectEvent, ReviewEvent } from '../domain/workflow/review-events.js';
import { awaitsDecisionBy, isAuthor } from '../domain/workflow/review-guards.js';
import { decideReview } from '../domain/workflow/review-machine.js';
import type { ReviewState, ReviewStatus } from '../domain/workflow/review-state.js';
import type { WorkflowDefinition } from '../domain/workflow/workflow-definition.js';
import { NO_DRAFT } from './audit-service.js';
import { CheckTooComplexError, type DraftChecker } from './draft-checker.js';
import type { DraftRecord, DraftWithVersion, FinalText, StoredVersion } from '../domain/draft-record.js';
import type { AuditLog } from './ports/audit.js';
import type { DraftStore } from './ports/drafts.js';
import type { Clock } from '../domain/clock.js';

export interface ReviewServiceDeps {
  drafts: DraftStore;
  /** For refusals, which change no draft. */
  audit: AuditLog;
  /** Runs checks off the event loop with a time budget; a check over it refuses the draft as too complex. */
  checker: DraftChecker;
  /** The organisation's own check settings (allow entries, sources). Absent: none. */
  checkScopeFor?: (org: string) => Promise<Omit<CheckScope, 'date'>>;
  workflowFor: (org: string) => WorkflowDefinition;
  now: Clock;
  newId: () => string;
  /**
   * Runs the machine's other effects (`notify`, `enqueue_publish`, `return_to_drafter`) once a change is
   * durable. Absent: nothing runs them (publishing and notifications plug in here).
   */
  followUp?: (effects: readonly ReviewEffect[]) => Promise<void>;
  /** The leaders a person stands in for right now (代). Absent: nobody stands in. */
  leadersOf?: (person: Person) => Promise<Person[]>;
  /** Whether the organisation has the account a target names. Absent: targets are not checked. */
  targetExists?: (org: string, target: Target) => Promise<boolean>;
}

export interface DraftSubmission {
  content: DraftContent;
  /** Can only raise the checker's grade. */
  grade?: Grade;
}

/**
 * A submission whose draft id the caller chose beforehand (the gateway does, so a retried submit finds the
 * review item its first attempt created instead of creating a second one).
 */
export interface IdentifiedSubmission extends DraftSubmission {
  id: string;
}

export interface DraftListQuery {
  /** Only what waits for the caller: stages they may decide now, and their own drafts returned to them. */
  awaitingMe?: boolean;
  statuses?: readonly ReviewStatus[];
  /** Admins may list another organisation; everyone else sees their own. */
  org?: string;
  limit: number;
}

type Answer = Promise<Result<DraftWithVersion, DomainError>>;
type Machine = Result<ReviewOutcome<ReviewState>, DomainError>;

export type ReviewService = ReturnType<typeof createReviewService>;

/** The review use cases: every change runs through decideReview and is committed with its audit entries. */
export function createReviewService(deps: ReviewServiceDeps) {
  const { drafts, checker, workflowFor, now } = deps;

  async function refuse(
    target: { org: string; draft: string; version?: number },
    event: RefusedAttempt,
    error: DomainError,
  ): Promise<{ ok: false; error: DomainError }> {
    await deps.audit.append(refusedAuditEvent(target, event, error));
    return err(error);
  }

  async function load(by: Person, id: string): Promise<DraftWithVersion | undefined> {
    const found = await drafts.get(id);
    return found && mayRead(by, found.record) ? found : undefined;
  }

  /** Commits a machine outcome as the draft's next revision, then runs the follow-up effects. */
  async function commit(
    previous: DraftRecord | undefined,
    outcome: ReviewOutcome<ReviewState>,
    version: StoredVersion,
    event: ReviewEvent,
    isNewVersion: boolean,
  ): Answer {
    const { state, effects } = outcome;
    const final = state.status === 'approved' ? stampFinal(version, state) : undefined;
    if (final && !final.ok) return refuse(targetOf(state), event, final.error);
    const record: DraftRecord = {
      id: state.draft,
      revision: (previous?.revision ?? 0) + 1,
      title: version.content.title,
      review: state,
      createdAt: previous?.createdAt ?? event.at,
      updatedAt: event.at,
      ...(final ? { final: final.value } : {}),
    };
    const audit = effects.flatMap((effect) => (effect.type === 'append_audit' ? [effect.event] : []));
    const change = { record, audit, ...(isNewVersion ? { version } : {}) };
    if ((await drafts.commit(change, previous?.revision ?? 0)) === 'conflict') {
      return refuse(targetOf(previous?.review ?? state), event, { code: 'concurrent_change' });
    }
    const rest = effects.filter((effect) => effect.type !== 'append_audit');
    if (rest.length > 0 && deps.followUp) await deps.followUp(rest);
    return ok({ record, version });
  }

  function stampFinal(version: StoredVersion, state: ReviewState): Result<FinalText, DomainError> {
    const stamped = stampTail(version.content, state, workflowFor(state.org).tails);
    if (!stamped.ok) return stamped;
    return ok({ title: version.content.title, body: stamped.value.body, tail: stamped.value.tail });
  }

  /** The report of `content` checked for `org` as of today; a check over its budget is a refusal. */
  async function reportOf(
    org: string,
    content: DraftContent,
    signal: AbortSignal | undefined,
  ): Promise<Result<CheckReport, DomainError>> {
    const scope: CheckScope = { ...(await deps.checkScopeFor?.(org)), date: shanghaiDate(now()) };
    try {
      return ok(await checker.check(content, scope, signal));
    } catch (error) {
      if (!(error instanceof CheckTooComplexError)) throw error;
      return err({ code: 'draft_too_complex', budgetMs: error.budgetMs });
    }
  }

  function newVersion(
    by: Person,
    number: number,
    content: DraftContent,
    report: CheckReport,
    at: string,
  ): StoredVersion {
    return { number, hash: contentHash(content), content, report, author: personRef(by), at };
  }

  /** Refuses targets naming accounts the organisation does not have (nothing is stored then). */
  async function refuseTargets(org: string, content: DraftContent): Promise<DomainError | undefined> {
    const exists = deps.targetExists;
    if (!exists) return undefined;
    const known = await Promise.all(content.targets.map((target) => exists(org, target)));
    const unknown = content.targets.filter((_, index) => !known[index]);
    return unknown.length > 0 ? { code: 'unknown_targets', targets: unknown } : undefined;
  }

  /** Runs an event on a stored draft that stores no new version (decisions, grade raises). */
  async function decide(found: DraftWithVersion, event: ReviewEvent): Answer {
    const { review } = found.record;
    const definition = workflowFor(review.org);
    let result: Machine = decideReview(review, event, definition);
    const asStandIn = !result.ok && result.error.code === 'role_insufficient' && isDecision(event);
    const leader = asStandIn ? await leaderFor(review, event.by) : undefined;
    if (leader && isDecision(event))
      result = decideReview(review, { ...event, onBehalfOf: leader }, definition);
    if (!result.ok) return refuse(targetOf(review), event, result.error);
    return commit(found.record, result.value, found.version, event, false);
  }

  /** A leader whose waiting stage `person` may decide as stand-in, if any. */
  async function leaderFor(review: ReviewState, person: Person): Promise<Person | undefined> {
    if (!deps.leadersOf) return undefined;
    return (await deps.leadersOf(person)).find((leader) => awaitsDecisionBy(review, person, leader));
  }

  /** Whether the waiting stage is the person's to decide now, and for whom when they stand in. */
  async function deciderRole(
    review: ReviewState,
    person: Person,
  ): Promise<{ onBehalfOf?: Person } | undefined> {
    if (review.status !== 'in_review') return undefined;
    if (awaitsDecisionBy(review, person)) return {};
    const leader = await leaderFor(review, person);
    return leader ? { onBehalfOf: leader } : undefined;
  }

  return {
    /**
     * Stores version 1 and starts its review. With a chosen `id` it is idempotent: when that draft exists
     * already (an earlier attempt got through), the stored draft is the answer and nothing changes.
     */
    async submit(
      by: Person,
      submission: DraftSubmission | IdentifiedSubmission,
      /** Aborts the check (the client went away); the promise then rejects with the signal's reason. */
      signal?: AbortSignal,
    ): Answer {
      const id = 'id' in submission ? submission.id : undefined;
      const earlier = id === undefined ? undefined : await load(by, id);
      if (earlier) return ok(earlier);
      const { content } = submission;
      const badTargets = await refuseTargets(by.org, content);
      if (badTargets) return err(badTargets);
      const at = now().toISOString();
      const attempt = {
        type: 'submit',
        draft: id ?? deps.newId(),
        by,
        hash: contentHash(content),
        at,
      } as const;
      const report = await reportOf(by.org, content, signal);
      if (!report.ok) return refuse({ org: by.org, draft: NO_DRAFT }, attempt, report.error);
      const version = newVersion(by, 1, content, report.value, at);
      const event: ReviewEvent = {
        ...attempt,
        report: report.value,
        ...(submission.grade ? { requestedGrade: submission.grade } : {}),
      };
      const result: Machine = decideReview(undefined, event, workflowFor(by.org));
      if (!result.ok) return refuse({ org: by.org, draft: NO_DRAFT }, event, result.error);
      const committed = await commit(undefined, result.value, version, event, true);
      // Two attempts with the same id raced: the other one's draft is the answer.
      const raced = id !== undefined && !committed.ok && committed.error.code === 'concurrent_change';
      const winner = raced ? await load(by, id) : undefined;
      return winner ? ok(winner) : committed;
    },

    /** Stores a new version on `baseVersion`: re-checked, and every approval is void. */
    async revise(
      by: Person,
      id: string,
      baseVersion: number,
      submission: DraftSubmission,
      signal?: AbortSignal,
    ): Answer {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      const { review } = found.record;
      const { content } = submission;
      const badTargets = await refuseTargets(review.org, content);
      if (badTargets) return err(badTargets);
      const at = now().toISOString();
      const attempt = { type: 'new_version', by, baseVersion, hash: contentHash(content), at } as const;
      const report = await reportOf(review.org, content, signal);
      if (!report.ok) return refuse(targetOf(review), attempt, report.error);
      const version = newVersion(by, baseVersion + 1, content, report.value, at);
      const event: ReviewEvent = {
        ...attempt,
        report: report.value,
        ...(submission.grade ? { requestedGrade: submission.grade } : {}),
      };
      const result: Machine = decideReview(review, event, workflowFor(review.org));
      if (!result.ok) return refuse(targetOf(review), event, result.error);
      return commit(found.record, result.value, version, event, true);
    },

    async approve(
      by: Person,
      id: string,
      input: { version: number; stage?: string; comment?: string; acknowledged?: readonly string[] },
    ): Answer {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      return decide(found, { type: 'approve', by, at: now().toISOString(), ...input });
    },

    async reject(
      by: Person,
      id: string,
      input: { version: number; stage?: string; comment: string },
    ): Answer {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      return decide(found, { type: 'reject', by, at: now().toISOString(), ...input });
    },

    async raiseGrade(by: Person, id: string, input: { grade: Grade; comment?: string }): Answer {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      return decide(found, { type: 'raise_grade', by, at: now().toISOString(), ...input });
    },

    async get(by: Person, id: string): Answer {
      const found = await load(by, id);
      return found ? ok(found) : err({ code: 'draft_not_found', id });
    },

    async list(by: Person, query: DraftListQuery): Promise<DraftRecord[]> {
      const org = query.org !== undefined && hasRole(by, 'admin') ? query.org : by.org;
      if (!query.awaitingMe) {
        return drafts.list(org, {
          limit: query.limit,
          ...(query.statuses ? { statuses: query.statuses } : {}),
        });
      }
      const open = await drafts.list(org, { statuses: ['in_review', 'rejected', 'blocked'], limit: 10_000 });
      const mine: DraftRecord[] = [];
      for (const record of open) {
        const { review } = record;
        const waitsForMe =
          review.status === 'in_review'
            ? (await deciderRole(review, by)) !== undefined
            : isAuthor(review, by);
        if (waitsForMe && (!query.statuses || query.statuses.includes(review.status))) mine.push(record);
      }
      return mine.slice(0, query.limit);
    },

    /** Whether `by` may decide the draft's waiting stage now, and for whom (代) when standing in. */
    mayDecide(by: Person, found: DraftWithVersion): Promise<{ onBehalfOf?: Person } | undefined> {
      return deciderRole(found.record.review, by);
    },

    async auditOf(by: Person, id: string): Promise<Result<AuditEntry[], DomainError>> {
      const found = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      return ok(await deps.audit.forDraft(found.record.review.org, id));
    },
  };
}

/** China keeps UTC+8 all year (no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM-DD`: the day it is at `at` in Asia/Shanghai, the day a draft speaks of. */
function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** People of the draft's organisation, and administrators, may read it. */
function mayRead(by: Person, record: DraftRecord): boolean {
  return by.org === record.review.org || hasRole(by, 'admin');
}

function isDecision(event: ReviewEvent): event is ApproveEvent | RejectEvent {
  return event.type === 'approve' || event.type === 'reject';
}

function targetOf(state: ReviewState): { org: string; draft: string; version: number } {
  return { org: state.org, draft: state.draft, version: state.version.number };
}
