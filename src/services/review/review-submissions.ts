import type { CheckScope } from '../../domain/checks/check-scope.js';
import type { CheckReport, Grade } from '../../domain/checks/finding.js';
import type { Clock } from '../../domain/clock.js';
import type { DomainError } from '../../domain/domain-error.js';
import { contentHash, type DraftContent, type Target } from '../../domain/draft-content.js';
import type { TargetState } from '../../domain/accounts.js';
import type { DraftWithVersion } from '../../domain/draft-record.js';
import { personRef, type Person } from '../../domain/people.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { RefusedAttempt } from '../../domain/workflow/review-audit.js';
import type { NewVersionEvent, SubmitEvent } from '../../domain/workflow/review-events.js';
import type { ReviewState } from '../../domain/workflow/review-state.js';
import { CheckTooComplexError, type DraftChecker } from '../draft-checker.js';
import type { AuditLog } from '../ports/audit.js';
import type { DraftStore } from '../ports/drafts.js';
import {
  refuseAudited,
  SETTINGS_CHANGED,
  type Answer,
  type CheckedVersion,
  type ReviewCommits,
} from './review-commits.js';
import { loaderOf } from './review-reading.js';

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

/** The check settings a version is checked with; their `revision`, when they have one, is checked by its commit. */
export interface SettingsOfCheck {
  scope: Omit<CheckScope, 'date'>;
  revision?: number;
}

/** Storing versions: each is checked, and its review starts (again) at the first stage. */
export interface ReviewSubmissions {
  /**
   * Stores version 1 and starts its review. With a chosen `id` it is idempotent: when that draft exists
   * already (an earlier attempt got through), the stored draft is the answer and nothing changes.
   * `signal` aborts the check (the client went away); the promise then rejects with the signal's reason.
   */
  submit(by: Person, submission: DraftSubmission | IdentifiedSubmission, signal?: AbortSignal): Answer;
  /** Stores a new version on `baseVersion`: re-checked, and every approval is void. */
  revise(
    by: Person,
    id: string,
    baseVersion: number,
    submission: DraftSubmission,
    signal?: AbortSignal,
  ): Answer;
}

export interface ReviewSubmissionDeps {
  drafts: DraftStore;
  /** For refusals before the machine runs (a check over its budget). */
  audit: AuditLog;
  commits: ReviewCommits;
  /** Runs checks off the event loop with a time budget; a check over it refuses the draft as too complex. */
  checker: DraftChecker;
  /**
   * The organisation's own check settings (allow entries, sources) and their revision, which the commit checks;
   * `cached` as in CheckSettingsService.checkingSettingsFor.
   */
  checkSettingsFor: (org: string, options?: { cached: boolean }) => Promise<SettingsOfCheck>;
  /** Whether the organisation has the account a target names, and in use. */
  targetState: (org: string, target: Target) => Promise<TargetState>;
  now: Clock;
  newId: () => string;
}

/** How often a version is checked again on check settings that keep changing between its check and its commit. */
const SETTINGS_ATTEMPTS = 5;

export function createReviewSubmissions(deps: ReviewSubmissionDeps): ReviewSubmissions {
  const { now } = deps;
  const load = loaderOf(deps.drafts);

  return {
    async submit(by, submission, signal) {
      const id = 'id' in submission ? submission.id : undefined;
      const earlier = id === undefined ? undefined : await load(by, id);
      if (earlier) return ok(earlier);
      const { content } = submission;
      const at = now().toISOString();
      const draft = id ?? deps.newId();
      const hash = contentHash(content);
      const attempt = { type: 'submit', draft, by, hash, at } as const;
      const version = { org: by.org, content, number: 1, signal };
      const committed = await checkAndStore(deps, undefined, attempt, version, requested(submission));
      // Two attempts with the same id raced: the other one's draft is the answer.
      const raced = id !== undefined && !committed.ok && committed.error.code === 'concurrent_change';
      const winner = raced ? await load(by, id) : undefined;
      return winner ? ok(winner) : committed;
    },

    async revise(by, id, baseVersion, submission, signal) {
      const found: DraftWithVersion | undefined = await load(by, id);
      if (!found) return err({ code: 'draft_not_found', id });
      const { review } = found.record;
      const content = keepingCorrection(submission.content, found.version.content);
      const at = now().toISOString();
      const hash = contentHash(content);
      const attempt = { type: 'new_version', by, baseVersion, hash, at } as const;
      const version = { org: review.org, content, number: baseVersion + 1, signal };
      return checkAndStore(deps, found, attempt, version, requested(submission));
    },
  };
}

/** What a version is checked and stored from. */
interface VersionToCheck {
  org: string;
  content: DraftContent;
  number: number;
  signal: AbortSignal | undefined;
}

/** A submission or new version before its check: its event, less the report. */
type VersionEvent = Omit<SubmitEvent, 'report'> | Omit<NewVersionEvent, 'report'>;

/**
 * Checks the version and stores it with `attempt`'s event. The first check takes the organisation's check
 * settings as this process last read them; when they changed before the commit (which compares their revision),
 * the version is checked again on a fresh read, so what is stored was checked on the settings of its commit.
 */
async function checkAndStore(
  deps: ReviewSubmissionDeps,
  found: DraftWithVersion | undefined,
  attempt: VersionEvent,
  version: VersionToCheck,
  extra: { requestedGrade?: Grade },
): Answer {
  const state = found?.record.review;
  for (let tries = 1; ; tries++) {
    const checked = await checkedVersion(deps, attempt, version, { cached: tries === 1 });
    if (!checked.ok) return refuse(deps, state, attempt, checked.error);
    const event = Object.assign({}, attempt, { report: checked.value.version.report }, extra);
    const stored = await deps.commits.storeVersion(found, event, checked.value);
    if (stored !== SETTINGS_CHANGED) return stored;
    if (tries === SETTINGS_ATTEMPTS) {
      return refuseAudited(deps.audit, state, attempt, { code: 'concurrent_change' });
    }
  }
}

/** Unknown targets and a past publish time are refused with nothing stored or recorded; a check over budget is recorded. */
function refuse(
  deps: ReviewSubmissionDeps,
  state: ReviewState | undefined,
  attempt: RefusedAttempt,
  error: DomainError,
) {
  return error.code === 'unknown_targets' ||
    error.code === 'targets_disabled' ||
    error.code === 'publish_time_past'
    ? err(error)
    : refuseAudited(deps.audit, state, attempt, error);
}

/** Checks the version for its organisation and builds it, or answers why it cannot be stored. */
async function checkedVersion(
  deps: ReviewSubmissionDeps,
  attempt: VersionEvent,
  { org, content, number, signal }: VersionToCheck,
  read: { cached: boolean },
): Promise<Result<CheckedVersion, DomainError>> {
  const { at, hash, by } = attempt;
  // ISO 8601 instants in UTC compare as strings.
  if (content.publish_at !== undefined && content.publish_at <= at) {
    return err({ code: 'publish_time_past', publishAt: content.publish_at });
  }
  // Read at once (one round trip): the settings are read for nothing only when a target is refused.
  const [states, settings] = await Promise.all([
    Promise.all(content.targets.map((target) => deps.targetState(org, target))),
    deps.checkSettingsFor(org, read),
  ]);
  const inState = (state: TargetState) => content.targets.filter((_, index) => states[index] === state);
  if (inState('missing').length > 0) return err({ code: 'unknown_targets', targets: inState('missing') });
  if (inState('disabled').length > 0) return err({ code: 'targets_disabled', targets: inState('disabled') });
  const scope: CheckScope = Object.assign({}, settings.scope, { date: shanghaiDate(deps.now()) });
  let report: CheckReport;
  try {
    report = await deps.checker.check(content, scope, signal);
  } catch (error) {
    if (!(error instanceof CheckTooComplexError)) throw error;
    return err({ code: 'draft_too_complex', budgetMs: error.budgetMs });
  }
  const version = { number, hash, content, report, author: personRef(by), at };
  return ok({ version, ...(settings.revision === undefined ? {} : { settingsRevision: settings.revision }) });
}

/** A new version of a correction still corrects the same original: the link is not the drafter's to drop. */
function keepingCorrection(content: DraftContent, previous: DraftContent): DraftContent {
  return previous.corrects ? { ...content, corrects: previous.corrects } : content;
}

function requested(submission: DraftSubmission): { requestedGrade?: Grade } {
  return submission.grade ? { requestedGrade: submission.grade } : {};
}

/** China keeps UTC+8 all year (no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM-DD`: the day it is at `at` in Asia/Shanghai, the day a draft speaks of. */
function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
