import type { Draft } from '../draft.js';
import type { DomainError, TailField } from '../domain-error.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import type { ReviewState } from '../workflow/review-state.js';
import { acknowledgingStageIndex } from '../workflow/review-state.js';
import type { TailTemplates } from '../workflow/workflow-definition.js';
import { appendTailLine, escapeMarkdown } from './tail-format.js';

export type TailDraft = Pick<Draft, 'body' | 'format' | 'kind' | 'source'>;
/** Who the tail names: the drafter and the stages' deciders (a draft not yet submitted has no stages). */
export type TailState = Pick<ReviewState, 'drafter' | 'stages'>;

export interface StampedTail {
  /** The tail as plain text, e.g. `拟稿：张三\u3000审核：李四\u3000审签：王五`. */
  tail: string;
  /** The body with the tail appended as its last paragraph, in the body's format. */
  body: string;
}

/**
 * Builds the tail (尾注, seed 000 art. 17) of an approved draft from the people who actually decided:
 * `{drafter}` the drafter, `{reviewer}` who approved the reviewing stage, `{signer}` who approved the
 * last stage, `{source}` the repost's source. Original content uses `templates.original`, reposts
 * `templates.repost`.
 */
export function stampTail(
  draft: TailDraft,
  state: ReviewState,
  templates: TailTemplates,
): Result<StampedTail, DomainError> {
  if (state.status !== 'approved' && state.status !== 'published') {
    return err({ code: 'not_approved', status: state.status });
  }
  const template = draft.kind === 'repost' ? templates.repost : templates.original;
  const names = tailNames(draft, state);
  const used = [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as TailField);
  const missing = [...new Set(used)].filter((field) => !names[field]);
  if (missing.length > 0) return err({ code: 'tail_incomplete', missing });
  const format = draft.format ?? 'text';
  const tail = render(template, names, (value) => value);
  const line = format === 'markdown' ? render(template, names, escapeMarkdown) : tail;
  return ok({ tail, body: appendTailLine(draft.body, format, line) });
}

const PLACEHOLDER = /\{(drafter|reviewer|signer|source)\}/g;

function tailNames(draft: TailDraft, state: TailState): Record<TailField, string | undefined> {
  const approver = (index: number): string | undefined => {
    const decision = state.stages[index]?.decision;
    if (decision?.verdict !== 'approved') return undefined;
    // A stand-in signs in their own name, marked as such: 审签：王五（代）.
    return decision.onBehalfOf ? `${decision.by.name}（代）` : decision.by.name;
  };
  return {
    drafter: clean(state.drafter.name),
    reviewer: clean(approver(acknowledgingStageIndex(state.stages))),
    signer: clean(approver(state.stages.length - 1)),
    source: clean(draft.source),
  };
}

/** One line, no stray whitespace: a name must not break the tail into paragraphs. */
function clean(value: string | undefined): string | undefined {
  const cleaned = value?.replace(/\s+/g, ' ').trim();
  return cleaned === '' ? undefined : cleaned;
}

function render(
  template: string,
  names: Record<TailField, string | undefined>,
  escape: (value: string) => string,
): string {
  return template.replace(PLACEHOLDER, (_match, field: TailField) => escape(names[field] ?? ''));
}

const PENDING: Record<TailField, string> = {
  drafter: '（未知）',
  reviewer: '（待审核）',
  signer: '（待审签）',
  source: '（未注明来源）',
};

/**
 * The tail as it will read once signed, for a reviewer to see before deciding: names of who decided so far,
 * `deciding` (the viewer, about to decide the stage at that index) in their stage, placeholders for the rest.
 */
export function previewTail(
  draft: TailDraft,
  state: TailState,
  templates: TailTemplates,
  deciding?: { index: number; name: string },
): string {
  const stages = state.stages.map((stage, index) =>
    deciding && index === deciding.index
      ? { ...stage, decision: { verdict: 'approved' as const, by: { id: '', name: deciding.name }, at: '' } }
      : stage,
  );
  const names = tailNames(draft, { ...state, stages });
  const template = draft.kind === 'repost' ? templates.repost : templates.original;
  return template.replace(PLACEHOLDER, (_match, field: TailField) => names[field] ?? PENDING[field]);
}
