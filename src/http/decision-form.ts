import { z } from 'zod';
import type { LinkDecision } from '../services/review-link-service.js';
import { safeParseRequest } from './error-mapping.js';

/** A checkbox list: absent, one value or several, as the urlencoded parser gives it. */
const checked = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : ([] as string[]).concat(value)));

/**
 * The decision form of the review page (pages/decision-forms.ts), parsed like the JSON API: the button's
 * `decision`, the `version` and `stage` the page was showing, a comment and the acknowledged rules.
 */
export const decisionFormSchema = z.object({
  decision: z.enum(['approve', 'reject'], '须为“同意”（approve）或“退回”（reject）'),
  version: z.coerce.number('须为版本号（整数）').int('须为版本号（整数）').min(1, '须 ≥ 1'),
  stage: z.string('须为环节名称').default(''),
  comment: z.string('须为文字').optional(),
  acknowledged: checked,
});

export type DecisionForm = LinkDecision & { version: number };

/** The parsed form, or every problem as `form.field: message` (Chinese) when it cannot be decided on. */
export function parseDecisionForm(
  body: unknown,
): { ok: true; value: DecisionForm } | { ok: false; details: string[] } {
  const parsed = safeParseRequest(decisionFormSchema, body ?? {}, 'form');
  if (!parsed.ok) return parsed;
  const { comment, ...rest } = parsed.value;
  const trimmed = comment?.trim();
  return { ok: true, value: { ...rest, ...(trimmed ? { comment: trimmed } : {}) } };
}
