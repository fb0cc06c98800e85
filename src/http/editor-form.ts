import { z } from 'zod';
import type { DraftFormValues } from '../pages/editor-model.js';
import type { DraftSubmission } from '../services/review-service.js';
import { newDraftSchema, submissionOf } from './draft-schemas.js';
import { safeParseRequest } from './error-mapping.js';

/** What the writing form's buttons ask for: the findings, the preview, or to submit. */
export type FormIntent = 'check' | 'preview' | 'submit';

export const EMPTY_FORM: DraftFormValues = {
  title: '',
  body: '',
  format: 'markdown',
  kind: 'original',
  source: '',
  source_url: '',
  original_title: '',
  author: '',
  digest: '',
  cover: '',
  publish_at: '',
  targets: [],
};

const text = z.string().catch('');
const formSchema = z.object({
  title: text,
  body: text,
  format: z.enum(['markdown', 'html']).catch('markdown'),
  kind: z.enum(['original', 'repost']).catch('original'),
  source: text,
  source_url: text,
  original_title: text,
  author: text,
  digest: text,
  cover: text,
  publish_at: text,
  targets: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (typeof value === 'string' ? [value] : value))
    .catch([]),
  intent: z.enum(['check', 'preview', 'submit']).catch('check'),
  base_version: z.coerce.number().int().min(1).optional().catch(undefined),
});

/** The posted form as typed (nothing lost, whatever was sent), what it asks for, and the version it revises. */
export function readDraftForm(body: unknown): {
  values: DraftFormValues;
  intent: FormIntent;
  baseVersion?: number;
} {
  const { intent, base_version: baseVersion, ...values } = formSchema.parse(body ?? {});
  return { values, intent, ...(baseVersion === undefined ? {} : { baseVersion }) };
}

/**
 * The form as the API's request body, validated by the API's own schema (same rules, same Chinese messages):
 * empty optional fields left out, the Beijing-time publish time given its +08:00 offset, a repost's fields only
 * for a repost.
 */
export function submissionOfForm(
  values: DraftFormValues,
): { ok: true; value: DraftSubmission } | { ok: false; errors: string[] } {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const repost = values.kind === 'repost';
  const publishAt = optional(values.publish_at);
  const request = {
    title: values.title,
    body: values.body,
    format: values.format,
    kind: values.kind,
    source: repost ? optional(values.source) : undefined,
    source_url: repost ? optional(values.source_url) : undefined,
    original_title: repost ? optional(values.original_title) : undefined,
    author: optional(values.author),
    digest: optional(values.digest),
    cover: optional(values.cover),
    publish_at: publishAt === undefined ? undefined : `${withSeconds(publishAt)}+08:00`,
    targets: values.targets,
  };
  const defined = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
  const parsed = safeParseRequest(newDraftSchema, defined, '表单');
  if (!parsed.ok) return { ok: false, errors: parsed.details.map(withoutPath) };
  return { ok: true, value: submissionOf(parsed.value) };
}

/** datetime-local sends `YYYY-MM-DDTHH:mm`; ISO 8601 with an offset wants the seconds too. */
const withSeconds = (local: string) => (/T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local);

const FIELD_NAMES: Readonly<Record<string, string>> = {
  title: '标题',
  body: '正文',
  source: '来源',
  source_url: '原文链接',
  original_title: '原标题',
  author: '作者',
  digest: '摘要',
  cover: '封面',
  publish_at: '定时发布',
  targets: '发布到',
};

/** `表单.title: 标题不能为空` → `标题：标题不能为空`: the person sees the field's name, not its path. */
function withoutPath(detail: string): string {
  const [path = '', ...rest] = detail.split(': ');
  const field = path.split('.')[1] ?? '';
  return `${FIELD_NAMES[field] ?? field}：${rest.join(': ')}`;
}
