import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type { ParsedWorkflow } from '../../domain/workflow/parse-workflow.js';
import type { WorkflowDefinition } from '../../domain/workflow/workflow-definition.js';

/**
 * The last change an organisation's admins made to its workflow: a saved override (the YAML text and the
 * definition it was validated into, merged onto the default), or a reset to the files (no `override`).
 */
export interface WorkflowOverrideRecord {
  /** 1 for the first change, then +1; never reused, so a cached definition is told stale by it alone. */
  revision: number;
  override?: { text: string; definition: WorkflowDefinition };
  /** Person id of who changed it (`cli` for the CLI). */
  by: string;
  at: string;
}

/**
 * Organisations' workflow overrides. The adapter must guarantee that `put` stores the record and links its
 * audit event into the organisation's chain in one atomic step, and only if the stored revision is still
 * `expected` (0: never changed); otherwise it writes nothing and answers `conflict`.
 */
export interface WorkflowOverrideStore {
  /** The stored revision (0 when the organisation's workflow was never changed): one cheap read. */
  revision(org: string): Promise<number>;
  get(org: string): Promise<WorkflowOverrideRecord | null>;
  put(
    record: WorkflowOverrideRecord,
    org: string,
    expected: number,
    audit: AuditEvent,
  ): Promise<'stored' | 'conflict'>;
}

/** The workflows as the files give them, and the one validation an organisation's override text goes through. */
export interface WorkflowDefaults {
  /** The organisation's file (`<slug>.yaml`, merged onto the default) or else the default. */
  definitionFor(org: string): WorkflowDefinition;
  /** The YAML text `definitionFor` came from: the organisation's own file, else `default.yaml`. */
  textFor(org: string): string;
  /**
   * Validates `text` as the organisation's override, exactly as `qianfa validate` does `workflows/<slug>.yaml`
   * (YAML syntax, then parseWorkflow onto the default); problems are named `<slug>.yaml…`.
   */
  parseOverride(org: string, text: string): ParsedWorkflow;
}
