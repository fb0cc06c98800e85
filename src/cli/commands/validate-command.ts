import { join } from 'node:path';
import { isDirectory, readReference, REFERENCE_DIR } from '../../adapters/files/read-reference.js';
import { readWordlists } from '../../adapters/files/read-wordlists.js';
import { DEFAULT_WORKFLOWS_DIR, readWorkflows } from '../../adapters/files/read-workflows.js';
import { DEFAULT_PROFILES_DIR, readMonitorProfiles } from '../../adapters/files/read-monitor-profiles.js';
import { validateWordlists } from '../../domain/checks/wordlist.js';
import { foldKey } from '../../domain/matching/fold-table.js';

export interface ValidateOptions {
  wordlistsDir: string;
  /** Defaults to the package's `workflows/`. */
  workflowsDir?: string;
  /** Defaults to the package's `profiles/` (the monitor's thresholds). */
  profilesDir?: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Also check this organisation's stored allow entries (needs Redis: REDIS_URL or the embedded one). */
  org?: string;
}

/** What one validation check found; `unreadable` means its input could not be read at all (an I/O error). */
export interface ValidationOutcome {
  summary: string;
  errors: string[];
  warnings: string[];
  unreadable?: boolean;
}

/** Exit codes of `qianfa validate`: data errors are distinct from usage and I/O errors (2). */
export const VALIDATE_EXIT = { ok: 0, unreadable: 2, invalid: 3 } as const;

/**
 * `qianfa validate`: checks the word lists, the wording reference tables and the workflows, prints each problem on
 * stderr as `path:line: message` and one summary line per check on stdout. Returns the exit code.
 */
export async function runValidate(options: ValidateOptions): Promise<number> {
  const reference = await checkReferenceTables(options.wordlistsDir);
  const outcomes = [
    await checkWordlists(options.wordlistsDir),
    ...(reference ? [reference] : []),
    await checkWorkflows(options.workflowsDir ?? DEFAULT_WORKFLOWS_DIR),
    await checkMonitorProfiles(options.profilesDir ?? DEFAULT_PROFILES_DIR),
  ];
  if (options.org !== undefined) {
    // Loaded on demand: only `--org` needs Redis.
    const { checkOrgAllowEntries } = await import('./check-settings-command.js');
    outcomes.push(await checkOrgAllowEntries(options.org, options.wordlistsDir, options));
  }
  for (const outcome of outcomes) {
    for (const line of [...outcome.errors, ...outcome.warnings]) options.stderr.write(`${line}\n`);
    options.stdout.write(`${outcome.summary}\n`);
  }
  if (outcomes.some((outcome) => outcome.unreadable)) return VALIDATE_EXIT.unreadable;
  return outcomes.some((outcome) => outcome.errors.length > 0) ? VALIDATE_EXIT.invalid : VALIDATE_EXIT.ok;
}

/** Parses every list in `dir`, then checks the lists against each other under the matcher's fold. */
export async function checkWordlists(dir: string): Promise<ValidationOutcome> {
  if (!(await isDirectory(dir))) {
    const errors = [`${dir}: 词表目录不存在或不是目录`];
    return { summary: `${dir}: 无法读取词表目录`, errors, warnings: [], unreadable: true };
  }
  const read = await readWordlists(dir);
  if ('errors' in read)
    return { summary: tally(dir, read.errors.length, 0), errors: read.errors, warnings: [] };
  const cross = validateWordlists(read.lists, foldKey, (list) => join(dir, `${list.name}.txt`));
  const warnings = [...read.warnings, ...cross.warnings];
  const entries = read.lists.reduce((sum, list) => sum + list.entries.length, 0);
  const counts = `${count(read.lists.length)} 个词表，${count(entries)} 个条目，`;
  return {
    summary: tally(dir, cross.errors.length, warnings.length, counts),
    errors: cross.errors,
    warnings,
  };
}

/**
 * Reads and validates the reference tables in `dir/reference/`: dates well formed and from < to, titles of
 * known offices without overlapping terms, names unique per order period, law names well formed and unique.
 * Undefined when there is no such folder (a word-list directory of one's own may go without the tables).
 */
export async function checkReferenceTables(wordlistsDir: string): Promise<ValidationOutcome | undefined> {
  const dir = join(wordlistsDir, REFERENCE_DIR);
  if (!(await isDirectory(dir))) return undefined;
  const read = await readReference(wordlistsDir);
  if ('errors' in read)
    return { summary: tally(dir, read.errors.length, 0), errors: read.errors, warnings: [] };
  if (!read.reference) return undefined;
  const { central, local, removed, protectedNames, laws } = read.reference;
  const versions = [central, local, removed, protectedNames, laws]
    .map((table) => `${table.table} ${table.version}`)
    .join('、');
  const rows = `${count(central.leaders.length + local.leaders.length)} 名领导人，${count(removed.officials.length)} 名落马官员，${count(laws.laws.length)} 个法律法规名称，${count(protectedNames.names.length)} 个受保护名称（${versions}），`;
  return { summary: tally(dir, 0, 0, rows), errors: [], warnings: [] };
}

/** Reads the default workflow and every organisation override; each problem is listed with its path. */
export async function checkWorkflows(dir: string): Promise<ValidationOutcome> {
  const read = await readWorkflows(dir);
  if ('errors' in read) return { summary: tally(dir, read.errors.length, read.warnings.length), ...read };
  const files = `${count(1 + read.workflows.byOrg.size)} 个工作流文件，`;
  return { summary: tally(dir, 0, read.warnings.length, files), errors: [], warnings: read.warnings };
}

/** Reads the default monitor profile and every organisation's; each problem is listed with its path. */
export async function checkMonitorProfiles(dir: string): Promise<ValidationOutcome> {
  const read = await readMonitorProfiles(dir);
  if ('errors' in read) return { summary: tally(dir, read.errors.length, read.warnings.length), ...read };
  const files = `${count(1 + read.byOrg.size)} 个监测配置文件，`;
  return { summary: tally(dir, 0, read.warnings.length, files), errors: [], warnings: read.warnings };
}

const count = (n: number) => n.toLocaleString('en-US');

function tally(dir: string, errors: number, warnings: number, counts = ''): string {
  return `${dir}: ${counts}${count(errors)} 个错误，${count(warnings)} 个警告`;
}
