import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import YAML from 'yaml';
import { DEFAULT_WORKFLOWS_DIR } from '../../package-dirs.js';
import { parseWorkflow, type ParsedWorkflow } from '../../domain/workflow/parse-workflow.js';
import type { WorkflowDefinition } from '../../domain/workflow/workflow-definition.js';
import type { WorkflowDefaults } from '../../services/ports/workflow-overrides.js';

export { DEFAULT_WORKFLOWS_DIR };

/** The default workflow and each organisation's override (`<org-slug>.yaml`), already merged onto it. */
export interface Workflows {
  defaultWorkflow: WorkflowDefinition;
  byOrg: ReadonlyMap<string, WorkflowDefinition>;
  /** Each file's text, by organisation slug; `default.yaml`'s under DEFAULT_ORG. */
  texts: ReadonlyMap<string, string>;
}

/** The key of `default.yaml`'s text in `Workflows.texts` (no slug: slugs are never empty). */
const DEFAULT_ORG = '';

export type ReadWorkflowsResult = (
  | { workflows: Workflows }
  /** `unreadable`: the directory itself could not be read (an I/O problem, not a data error). */
  | { errors: string[]; unreadable?: boolean }
) & { warnings: string[] };

const DEFAULT_FILE = 'default.yaml';

/** Raised when the service cannot start on the workflows: every problem, one per line. */
export class WorkflowsError extends Error {
  override readonly name = 'WorkflowsError';
  constructor(readonly problems: readonly string[]) {
    super(`工作流有误，服务未启动：${problems.join('；')}`);
  }
}

/** Reads the workflows for the service, or throws WorkflowsError. */
export async function loadWorkflows(dir: string): Promise<WorkflowDefaults> {
  const result = await readWorkflows(dir);
  if ('errors' in result) throw new WorkflowsError(result.errors);
  const { defaultWorkflow, byOrg, texts } = result.workflows;
  const defaultText = texts.get(DEFAULT_ORG) ?? '';
  return {
    definitionFor: (org) => byOrg.get(org) ?? defaultWorkflow,
    textFor: (org) => texts.get(org) ?? defaultText,
    parseOverride(org, text) {
      const read = parseYamlText(text, `${org}.yaml`);
      return 'errors' in read
        ? { ...read, warnings: [] }
        : parseWorkflow(read.value, `${org}.yaml`, defaultWorkflow);
    },
  };
}

/**
 * Reads `default.yaml` and every other `*.yaml` in `dir` as an organisation override. Every problem in every
 * file is reported, as `path#where: message` (YAML syntax errors as `path:line: message`).
 */
export async function readWorkflows(dir: string): Promise<ReadWorkflowsResult> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
  } catch {
    return { errors: [`${dir}: 工作流目录不存在或无法读取`], unreadable: true, warnings: [] };
  }
  if (!names.includes(DEFAULT_FILE)) {
    return { errors: [`${join(dir, DEFAULT_FILE)}: 缺少默认工作流文件`], warnings: [] };
  }
  const texts = new Map<string, string>();
  const base = await parseFile(join(dir, DEFAULT_FILE), texts, DEFAULT_ORG);
  if (!('definition' in base)) return { errors: base.errors, warnings: base.warnings };
  const errors: string[] = [];
  const warnings = [...base.warnings];
  const byOrg = new Map<string, WorkflowDefinition>();
  for (const name of names.filter((file) => file !== DEFAULT_FILE)) {
    const org = basename(name, '.yaml');
    const parsed = await parseFile(join(dir, name), texts, org, base.definition);
    warnings.push(...parsed.warnings);
    if ('definition' in parsed) byOrg.set(org, parsed.definition);
    else errors.push(...parsed.errors);
  }
  if (errors.length > 0) return { errors, warnings };
  return { workflows: { defaultWorkflow: base.definition, byOrg, texts }, warnings };
}

/** Parses one file, keeping its text in `texts` under `org`. */
async function parseFile(
  path: string,
  texts: Map<string, string>,
  org: string,
  base?: WorkflowDefinition,
): Promise<ParsedWorkflow> {
  const read = await readYamlFile(path);
  if ('errors' in read) return { ...read, warnings: [] };
  texts.set(org, read.text);
  return parseWorkflow(read.value, path, base);
}

/** A YAML file's value and text, or its problems as `path: 无法读取` / `path:line: YAML 语法错误：…` (also the profiles'). */
export async function readYamlFile(
  path: string,
): Promise<{ value: unknown; text: string } | { errors: string[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { errors: [`${path}: 无法读取`] };
  }
  const parsed = parseYamlText(text, path);
  return 'errors' in parsed ? parsed : { ...parsed, text };
}

/** A YAML text's value, or its syntax errors as `path:line: YAML 语法错误：…`. */
export function parseYamlText(text: string, path: string): { value: unknown } | { errors: string[] } {
  const document = YAML.parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const errors = document.errors.map(
      (error) => `${path}:${error.linePos?.[0].line ?? 1}: YAML 语法错误：${error.message.split('\n')[0]}`,
    );
    return { errors };
  }
  return { value: document.toJS() };
}
