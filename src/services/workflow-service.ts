import { createHash } from 'node:crypto';
import type { JsonObject } from '../domain/audit/canonical-json.js';
import type { Clock } from '../domain/clock.js';
import { err, ok, type Result } from '../domain/result.js';
import type { ParsedWorkflow } from '../domain/workflow/parse-workflow.js';
import type { WorkflowDefinition } from '../domain/workflow/workflow-definition.js';
import { NO_DRAFT } from './audit-service.js';
import type { PeopleStore } from './ports/people.js';
import type {
  WorkflowDefaults,
  WorkflowOverrideRecord,
  WorkflowOverrideStore,
} from './ports/workflow-overrides.js';

export type WorkflowError =
  | { code: 'org_not_found'; slug: string }
  /** The text failed the validation of `qianfa validate`: its every problem, as `<slug>.yaml#where: message`. */
  | { code: 'workflow_invalid'; org: string; errors: readonly string[] }
  /** Someone changed the workflow since the revision the change was made on. */
  | { code: 'workflow_changed'; org: string; revision: number };

/** The workflow that applies to an organisation now, and where it comes from. */
export interface AppliedWorkflow {
  definition: WorkflowDefinition;
  /** The YAML it was read from: the admins' override, else the organisation's file or the default file. */
  text: string;
  overridden: boolean;
  /** 0 while no admin ever changed it; a change must name the revision it was made on. */
  revision: number;
  /** Who made the last change (person id, `cli` for the CLI) and when; also after a reset. */
  changed?: { by: string; at: string };
}

/** Who changes the workflow: a person id (or `cli`), and what else the audit entry says of them (the OS user). */
export interface WorkflowActor {
  id: string;
  details?: JsonObject;
}

/**
 * Each organisation's workflow: the files' by default, an admin's override (validated exactly as `qianfa
 * validate` validates a file) once saved. Every process reads the override's revision from Redis on each use
 * and keeps the definition only while that revision stands, so a change applies to the next decision of
 * every process, at one small read per decision. A decision may skip even that read (`cached`): its commit
 * checks the revision and refuses a replaced one, and the decision is then made again on a fresh read.
 */
export interface WorkflowService {
  /** The chains and tails that route a draft of `org` now. */
  workflowFor(org: string): Promise<WorkflowDefinition>;
  /**
   * As workflowFor, with the revision a draft's commit checks still stands. `cached`: the one this process read
   * last, when it read one, without asking Redis (for a commit that checks the revision; see DecidingWorkflow).
   */
  decidingWorkflowFor(
    org: string,
    options?: { cached: boolean },
  ): Promise<{ definition: WorkflowDefinition; revision: number }>;
  current(org: string): Promise<Result<AppliedWorkflow, WorkflowError>>;
  /** Validates without storing (校验): the definition and warnings, or every error. */
  validate(org: string, text: string): ParsedWorkflow;
  /** Stores `text` as the override, audited, when valid and nobody changed the workflow since `expected`. */
  save(
    org: string,
    text: string,
    by: WorkflowActor,
    expected?: number,
  ): Promise<Result<{ applied: AppliedWorkflow; warnings: string[] }, WorkflowError>>;
  /** Drops the override (恢复默认), audited; the files apply again. Nothing to drop: answered as it is. */
  reset(org: string, by: WorkflowActor, expected?: number): Promise<Result<AppliedWorkflow, WorkflowError>>;
}

export function createWorkflowService(deps: {
  files: WorkflowDefaults;
  store: WorkflowOverrideStore;
  orgs: Pick<PeopleStore, 'getOrg'>;
  now: Clock;
}): WorkflowService {
  const { files, store } = deps;
  const cache = new Map<string, { revision: number; definition: WorkflowDefinition }>();

  function appliedOf(org: string, record: WorkflowOverrideRecord | null): AppliedWorkflow {
    const { override } = record ?? {};
    return {
      definition: override?.definition ?? files.definitionFor(org),
      text: override?.text ?? files.textFor(org),
      overridden: override !== undefined,
      revision: record?.revision ?? 0,
      ...(record ? { changed: { by: record.by, at: record.at } } : {}),
    };
  }

  async function stored(org: string): Promise<Result<AppliedWorkflow, WorkflowError>> {
    if ((await deps.orgs.getOrg(org)) === null) return err({ code: 'org_not_found', slug: org });
    return ok(appliedOf(org, await store.get(org)));
  }

  /** Stores the change after `before`, its audit entry with it; refused when another change came first. */
  async function change(
    org: string,
    before: AppliedWorkflow,
    by: WorkflowActor,
    override: WorkflowOverrideRecord['override'],
  ): Promise<Result<AppliedWorkflow, WorkflowError>> {
    const at = deps.now().toISOString();
    const record: WorkflowOverrideRecord = {
      revision: before.revision + 1,
      by: by.id,
      at,
      ...(override ? { override } : {}),
    };
    const after = appliedOf(org, record);
    const audit = {
      action: override ? ('workflow_saved' as const) : ('workflow_reset' as const),
      org,
      draft: NO_DRAFT,
      actor: by.id,
      at,
      details: {
        revision: record.revision,
        before_sha256: sha256(before.text),
        after_sha256: sha256(after.text),
        ...by.details,
      },
    };
    if ((await store.put(record, org, before.revision, audit)) === 'conflict') {
      return err({ code: 'workflow_changed', org, revision: await store.revision(org) });
    }
    cache.delete(org);
    return ok(after);
  }

  /** The workflow as stored, unless a change was made on a revision that is no longer the stored one. */
  async function unchangedSince(org: string, expected: number | undefined) {
    const before = await stored(org);
    if (before.ok && expected !== undefined && before.value.revision !== expected) {
      return err({ code: 'workflow_changed' as const, org, revision: before.value.revision });
    }
    return before;
  }

  async function decidingWorkflowFor(org: string, options?: { cached: boolean }) {
    const cached = cache.get(org);
    if (cached && options?.cached) return cached;
    const revision = await store.revision(org);
    if (cached?.revision === revision) return cached;
    const record = await store.get(org);
    const fresh = { revision: record?.revision ?? 0, definition: appliedOf(org, record).definition };
    cache.set(org, fresh);
    return fresh;
  }

  return {
    workflowFor: async (org) => (await decidingWorkflowFor(org)).definition,
    decidingWorkflowFor,

    current: stored,

    validate: (org, text) => files.parseOverride(org, text),

    async save(org, text, by, expected) {
      const parsed = files.parseOverride(org, text);
      if (!('definition' in parsed)) return err({ code: 'workflow_invalid', org, errors: parsed.errors });
      const before = await unchangedSince(org, expected);
      if (!before.ok) return before;
      const saved = await change(org, before.value, by, { text, definition: parsed.definition });
      return saved.ok ? ok({ applied: saved.value, warnings: parsed.warnings }) : saved;
    },

    async reset(org, by, expected) {
      const before = await unchangedSince(org, expected);
      if (!before.ok || !before.value.overridden) return before;
      return change(org, before.value, by, undefined);
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
