import type { Grade } from '../checks/finding.js';
import { GRADES } from '../checks/finding.js';
import type { Role } from '../people.js';
import { DECIDING_ROLES } from '../people.js';
import { parseTailTemplates } from './parse-tail-templates.js';
import type { StageDefinition, WorkflowDefinition } from './workflow-definition.js';
import type { WorkflowIssues } from './workflow-issues.js';
import { checkKeys, createIssues, isPlainObject, join } from './workflow-issues.js';

export type ParsedWorkflow =
  { definition: WorkflowDefinition; warnings: string[] } | { errors: string[]; warnings: string[] };

const STAGE_ID = /^[a-z][a-z0-9_-]*$/;

/**
 * Validates a workflow document (already parsed from YAML or JSON) and lists every problem as
 * `file#where: message`. With `base`, the document is a per-org override: a chain or tail template it
 * leaves out is inherited from `base`, and a chain it gives replaces the base chain for that grade whole.
 *
 * @example parseWorkflow(YAML.parse(text), 'workflows/default.yaml')
 */
export function parseWorkflow(input: unknown, file: string, base?: WorkflowDefinition): ParsedWorkflow {
  const issues = createIssues(file);
  if (!isPlainObject(input)) {
    issues.error('', '工作流文件应为对象，含 chains 和 tails');
    return { errors: issues.errors, warnings: issues.warnings };
  }
  checkKeys(issues, '', input, ['chains', 'tails']);
  const chains = parseChains(input.chains, base?.chains, issues);
  const tails = parseTailTemplates(input.tails, 'tails', base?.tails, issues);
  if (issues.errors.length > 0 || !chains || !tails) {
    return { errors: issues.errors, warnings: issues.warnings };
  }
  warnAboutChains(chains, issues);
  return { definition: { chains, tails }, warnings: issues.warnings };
}

function parseChains(
  input: unknown,
  base: WorkflowDefinition['chains'] | undefined,
  issues: WorkflowIssues,
): Record<Grade, readonly StageDefinition[]> | undefined {
  if (input === undefined && base) return base;
  if (!isPlainObject(input)) {
    issues.error('chains', `应为对象，按等级（${GRADES.join('、')}）列出审签链`);
    return undefined;
  }
  checkKeys(issues, 'chains', input, GRADES);
  const entries = GRADES.map((grade) => {
    const where = join('chains', grade);
    if (input[grade] === undefined) {
      if (!base) issues.error(where, '缺少这一等级的审签链');
      return [grade, base?.[grade]] as const;
    }
    return [grade, parseChain(input[grade], where, issues)] as const;
  });
  const complete = entries.every(([, chain]) => chain !== undefined);
  return complete ? (Object.fromEntries(entries) as Record<Grade, readonly StageDefinition[]>) : undefined;
}

function parseChain(input: unknown, where: string, issues: WorkflowIssues): StageDefinition[] | undefined {
  if (!Array.isArray(input) || input.length === 0) {
    issues.error(where, '应为至少含一个环节的列表');
    return undefined;
  }
  const stages = input.map((stage, index) => parseStage(stage, `${where}[${index}]`, issues));
  const ids = input.map((stage: unknown) => (isPlainObject(stage) ? stage.id : undefined));
  ids.forEach((id, index) => {
    if (typeof id === 'string' && ids.indexOf(id) !== index) {
      issues.error(`${where}[${index}].id`, `环节 id "${id}" 重复`);
    }
  });
  return stages.every((stage) => stage !== undefined) ? stages : undefined;
}

function parseStage(input: unknown, where: string, issues: WorkflowIssues): StageDefinition | undefined {
  if (!isPlainObject(input)) {
    issues.error(where, '应为对象，含 id、role、label');
    return undefined;
  }
  checkKeys(issues, where, input, ['id', 'role', 'label']);
  const { id, role, label } = input;
  const idOk = typeof id === 'string' && STAGE_ID.test(id);
  if (!idOk) issues.error(join(where, 'id'), '应为小写英文标识，如 review、sign');
  const roleOk = typeof role === 'string' && (DECIDING_ROLES as readonly string[]).includes(role);
  if (!roleOk) issues.error(join(where, 'role'), `未知或不可审签的角色，可用：${DECIDING_ROLES.join('、')}`);
  const labelOk = typeof label === 'string' && label.trim() !== '';
  if (!labelOk) issues.error(join(where, 'label'), '应为非空的中文环节名称，如 审核、审签');
  return idOk && roleOk && labelOk ? { id, role: role as Role, label } : undefined;
}

/** Plausibility rules that a valid file may still break on purpose, so they are warnings. */
function warnAboutChains(chains: Record<Grade, readonly StageDefinition[]>, issues: WorkflowIssues): void {
  const rank = (role: Role): number => DECIDING_ROLES.indexOf(role);
  const signerRank = (grade: Grade): number => rank(chains[grade].at(-1)?.role ?? 'reviewer');
  GRADES.forEach((grade, index) => {
    const where = join('chains', grade);
    if (!chains[grade].some((stage) => stage.role === 'reviewer')) {
      issues.warn(where, '没有 reviewer 环节：须确认的机审命中项将由第一个环节确认');
    }
    const lower = GRADES[index - 1];
    if (lower && signerRank(grade) < signerRank(lower)) {
      issues.warn(where, `最后一个环节的角色低于「${lower}」等级的审签角色`);
    }
  });
}
