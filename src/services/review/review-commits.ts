import type { DomainError } from '../../domain/domain-error.js';
import type { DraftRecord, DraftWithVersion, FinalText, StoredVersion } from '../../domain/draft-record.js';
import { err, ok, type Result } from '../../domain/result.js';
import { stampTail } from '../../domain/tail/stamp-tail.js';
import { refusedAuditEvent, type RefusedAttempt } from '../../domain/workflow/review-audit.js';
import type { PersonEvent, PublishingEvent, ReviewEvent } from '../../domain/workflow/review-events.js';
import { decideReview } from '../../domain/workflow/review-machine.js';
import type { ReviewState } from '../../domain/workflow/review-state.js';
import { isPublishing } from '../../domain/workflow/review-status.js';
import type { WorkflowDefinition } from '../../domain/workflow/workflow-definition.js';
import { NO_DRAFT } from '../audit-service.js';
import type { AuditLog } from '../ports/audit.js';
import type { CommitOutcome, DraftStore, NotificationKindOfCommit } from '../ports/drafts.js';
import type { ReviewEffect } from '../../domain/workflow/review-effects.js';
import type { ReviewFollowUps } from '../ports/follow-ups.js';

export type Answer = Promise<Result<DraftWithVersion, DomainError>>;

/** A new version and the revision of its organisation's check settings its report was made with. */
export interface CheckedVersion {
  version: StoredVersion;
  /** Absent: the settings have no revision (none configured), and the commit does not check it. */
  settingsRevision?: number;
}

/** What storing a version answers when the check settings changed since it was checked: nothing was stored. */
export const SETTINGS_CHANGED = 'check_settings_changed';

/** The one way a review event changes a draft: decided by the machine, committed with compare-and-set. */
export interface ReviewCommits {
  /**
   * A person's event on `found`. Refused, and the refusal audited, when the machine refuses or the draft changed
   * since `found` was read: the person decided on what they saw.
   */
  byPerson(found: DraftWithVersion, event: PersonEvent): Answer;
  /**
   * As byPerson, for an event storing a new version on `found` (undefined before submit); SETTINGS_CHANGED
   * (nothing stored, nothing audited) when the organisation's check settings moved past the version's
   * `settingsRevision`: the caller checks the version again on the settings as they are now.
   */
  storeVersion(
    found: DraftWithVersion | undefined,
    event: PersonEvent,
    checked: CheckedVersion,
  ): Promise<Awaited<Answer> | typeof SETTINGS_CHANGED>;
  /**
   * Publishing's event on `found`: when the draft changed meanwhile it is read again and the event decided
   * again (nobody saw anything, so nothing is refused for it). Refusals are answered, not audited.
   */
  bySystem(found: DraftWithVersion, event: PublishingEvent): Answer;
}

export interface ReviewCommitDeps {
  drafts: DraftStore;
  /** For refusals, which change no draft. */
  audit: AuditLog;
  /**
   * Read for each decision: the workflow may change between two (an admin's override). A decision's first
   * attempt asks for it `cached` (see DecidingWorkflow), and after a workflow_changed commit not.
   */
  workflowFor: WorkflowOfDecision;
  followUps: ReviewFollowUps;
}

/**
 * The workflow a change is decided with and, when it can change (an admins' override), its revision: the commit
 * then lands only while that revision stands, so no draft is routed by a workflow replaced meanwhile. That check
 * is why a `cached` workflow may be one this process read earlier without asking Redis again: when it was
 * replaced since, the commit is refused, and the change decided again on a fresh read.
 */
export interface DecidingWorkflow {
  definition: WorkflowDefinition;
  revision?: number;
}

/** An organisation's workflow for a decision; `cached` only where the revision is given (and so checked). */
export type WorkflowOfDecision = (org: string, options?: { cached: boolean }) => Promise<DecidingWorkflow>;

/** Effects the commit itself stores: audit entries, and the notification job the workers fan out. */
const COMMITTED_WITH_THE_DRAFT: ReadonlySet<ReviewEffect['type']> = new Set([
  'append_audit',
  'notify',
  'return_to_drafter',
]);

function notificationsOf(effects: readonly ReviewEffect[]): NotificationKindOfCommit[] {
  return effects.flatMap((effect): NotificationKindOfCommit[] => {
    if (effect.type === 'notify') return ['stage_waits'];
    return effect.type === 'return_to_drafter' ? ['returned'] : [];
  });
}

/** Why an attempt did not commit, and the state its refusal is recorded against. */
interface Refusal {
  error: DomainError;
  state: ReviewState | undefined;
  /** The stored revision moved on: a system event is decided again on the draft as it is now. */
  conflict?: true;
  /** The organisation's workflow changed between reading it and committing: decided again on the new one. */
  workflowChanged?: true;
  /** The organisation's check settings changed between checking the new version and committing it. */
  settingsChanged?: true;
}

/** What a refused commit says about why, by its outcome. */
const WHY_NOT_COMMITTED: Record<Exclude<CommitOutcome, 'committed'>, Omit<Refusal, 'error' | 'state'>> = {
  conflict: { conflict: true },
  workflow_changed: { workflowChanged: true },
  check_settings_changed: { settingsChanged: true },
};

/** How often a system event is decided again on a draft that keeps changing under it. */
const SYSTEM_ATTEMPTS = 5;
/** How often an event is decided again on a workflow that keeps being replaced under it. */
const WORKFLOW_ATTEMPTS = 5;

export function createReviewCommits(deps: ReviewCommitDeps): ReviewCommits {
  const { drafts, workflowFor } = deps;

  /**
   * Decides and commits once. A refusal names the state it is recorded against: the draft as found when the
   * machine refused or the write conflicted, the state decided when its final text could not be stamped.
   */
  async function attempt(
    found: DraftWithVersion | undefined,
    event: ReviewEvent,
    checked: CheckedVersion | undefined,
  ): Promise<Result<DraftWithVersion, Refusal>> {
    for (let tries = 1; ; tries++) {
      const result = await attemptOnce(found, event, checked, { cached: tries === 1 });
      if (result.ok || !result.error.workflowChanged || tries === WORKFLOW_ATTEMPTS) return result;
    }
  }

  async function attemptOnce(
    found: DraftWithVersion | undefined,
    event: ReviewEvent,
    checked: CheckedVersion | undefined,
    read: { cached: boolean },
  ): Promise<Result<DraftWithVersion, Refusal>> {
    const newVersion = checked?.version;
    const previous = found?.record.review;
    const workflow = await workflowFor(previous?.org ?? (event.type === 'submit' ? event.by.org : ''), read);
    const { definition } = workflow;
    const decided = decideReview(previous, event, definition);
    if (!decided.ok) return err({ error: decided.error, state: previous });
    const { state, effects } = decided.value;
    if (found && state === previous && effects.length === 0) return ok(found);
    const version = newVersion ?? found?.version;
    if (!version) return err({ error: { code: 'draft_not_submitted' }, state: previous });
    const record = recordOf(found?.record, state, version, event.at, definition);
    if (!record.ok) return err({ error: record.error, state });
    const audit = effects.flatMap((effect) => (effect.type === 'append_audit' ? [effect.event] : []));
    const notify = notificationsOf(effects);
    const change = {
      record: record.value,
      audit,
      notify,
      ...(newVersion ? { version } : {}),
      ...(workflow.revision === undefined ? {} : { workflowRevision: workflow.revision }),
      ...(checked?.settingsRevision === undefined ? {} : { checkSettingsRevision: checked.settingsRevision }),
    };
    const outcome = await drafts.commit(change, found?.record.revision ?? 0);
    if (outcome !== 'committed') {
      const error = { code: 'concurrent_change' } as const;
      return err({ error, state: previous ?? state, ...WHY_NOT_COMMITTED[outcome] });
    }
    const committed = { record: record.value, version };
    const rest = effects.filter((effect) => !COMMITTED_WITH_THE_DRAFT.has(effect.type));
    // Run even with no effect left: the follow-ups also measure how long a decided stage waited.
    await deps.followUps.run(committed, rest);
    return ok(committed);
  }

  return {
    async byPerson(found, event) {
      const result = await attempt(found, event, undefined);
      return result.ok ? result : refuseAudited(deps.audit, result.error.state, event, result.error.error);
    },

    async storeVersion(found, event, checked) {
      const result = await attempt(found, event, checked);
      if (result.ok) return result;
      if (result.error.settingsChanged) return SETTINGS_CHANGED;
      return refuseAudited(deps.audit, result.error.state, event, result.error.error);
    },

    async bySystem(found, event) {
      let current: DraftWithVersion | null = found;
      for (let tries = 1; ; tries++) {
        const result = await attempt(current, event, undefined);
        if (result.ok || !result.error.conflict || tries === SYSTEM_ATTEMPTS) {
          return result.ok ? result : err(result.error.error);
        }
        current = await drafts.get(found.record.id);
        if (!current) return err({ code: 'draft_not_found', id: found.record.id });
      }
    },
  };
}

/**
 * Records a refused attempt against `state`'s draft and version (R43: refusals are recorded too), or against no
 * draft when there is none yet, and answers the refusal.
 */
export async function refuseAudited(
  audit: AuditLog,
  state: ReviewState | undefined,
  event: RefusedAttempt,
  error: DomainError,
): Promise<{ ok: false; error: DomainError }> {
  const target = state
    ? { org: state.org, draft: state.draft, version: state.version.number }
    : { org: event.by.org, draft: NO_DRAFT };
  await audit.append(refusedAuditEvent(target, event, error));
  return err(error);
}

/** The record after `outcome`: the next revision, with the final text stamped once every stage approved. */
function recordOf(
  previous: DraftRecord | undefined,
  state: ReviewState,
  version: StoredVersion,
  at: string,
  definition: WorkflowDefinition,
): Result<DraftRecord, DomainError> {
  const final = finalOf(previous, state, version, definition);
  if (final && !final.ok) return final;
  return ok({
    id: state.draft,
    revision: (previous?.revision ?? 0) + 1,
    title: version.content.title,
    targets: version.content.targets,
    review: state,
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
    ...(final ? { final: final.value } : {}),
  });
}

/**
 * Stamped when the draft becomes approved; a published draft keeps the text it was published with, a draft
 * whose publishing failed (or is retried) the text it is being published with.
 */
function finalOf(
  previous: DraftRecord | undefined,
  state: ReviewState,
  version: StoredVersion,
  definition: WorkflowDefinition,
): Result<FinalText, DomainError> | undefined {
  const publishing = state.status === 'published' || isPublishing(state.status);
  if (publishing && previous?.final && previous.review.version.number === state.version.number) {
    return ok(previous.final);
  }
  if (state.status !== 'approved') return undefined;
  const stamped = stampTail(version.content, state, definition.tails);
  if (!stamped.ok) return stamped;
  return ok({ title: version.content.title, body: stamped.value.body, tail: stamped.value.tail });
}
