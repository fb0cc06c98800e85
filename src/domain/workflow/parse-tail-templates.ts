import type { TailTemplates } from './workflow-definition.js';
import type { WorkflowIssues } from './workflow-issues.js';
import { checkKeys, isPlainObject, join } from './workflow-issues.js';

export const TAIL_PLACEHOLDERS = ['drafter', 'reviewer', 'signer', 'source'] as const;
export type TailPlaceholder = (typeof TAIL_PLACEHOLDERS)[number];

/** What each template should name (seed 000 art. 17): a warning, not an error, when one is left out. */
const EXPECTED: Record<keyof TailTemplates, readonly TailPlaceholder[]> = {
  original: ['drafter', 'reviewer', 'signer'],
  repost: ['source', 'reviewer'],
};

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Placeholder names used in a template, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

export function parseTailTemplates(
  input: unknown,
  where: string,
  base: TailTemplates | undefined,
  issues: WorkflowIssues,
): TailTemplates | undefined {
  if (input === undefined) {
    if (!base) issues.error(where, '缺少尾注模板 tails');
    return base;
  }
  if (!isPlainObject(input)) {
    issues.error(where, '应为对象，含 original 和 repost 两个模板');
    return undefined;
  }
  checkKeys(issues, where, input, ['original', 'repost']);
  const original = parseTemplate(input.original, join(where, 'original'), 'original', base, issues);
  const repost = parseTemplate(input.repost, join(where, 'repost'), 'repost', base, issues);
  return original !== undefined && repost !== undefined ? { original, repost } : undefined;
}

function parseTemplate(
  input: unknown,
  where: string,
  kind: keyof TailTemplates,
  base: TailTemplates | undefined,
  issues: WorkflowIssues,
): string | undefined {
  if (input === undefined) {
    if (!base) issues.error(where, '缺少尾注模板');
    return base?.[kind];
  }
  if (typeof input !== 'string' || input.trim() === '') {
    issues.error(where, '应为非空字符串');
    return undefined;
  }
  const errorsBefore = issues.errors.length;
  checkPlaceholders(input, where, kind, issues);
  return issues.errors.length === errorsBefore ? input : undefined;
}

function checkPlaceholders(
  template: string,
  where: string,
  kind: keyof TailTemplates,
  issues: WorkflowIssues,
) {
  const used = placeholdersOf(template);
  for (const name of used) {
    if (!(TAIL_PLACEHOLDERS as readonly string[]).includes(name)) {
      issues.error(where, `未知占位符 {${name}}，可用：${TAIL_PLACEHOLDERS.map((p) => `{${p}}`).join('')}`);
    }
  }
  if (kind === 'original' && used.includes('source')) {
    issues.error(where, '原创稿没有来源，模板中不能使用 {source}');
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) {
    issues.error(where, '花括号不成对');
  }
  const missing = EXPECTED[kind].filter((name) => !used.includes(name));
  if (missing.length > 0) {
    issues.warn(where, `模板没有 ${missing.map((p) => `{${p}}`).join('')}，尾注将缺少这些人员或来源`);
  }
}
