import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parsed } from '../../domain/wording/parse-reference.js';
import {
  parseLawTable,
  parseLeaderTable,
  parseProtectedTable,
  parseRemovedTable,
} from '../../domain/wording/parse-reference.js';
import type { WordingReference } from '../../domain/wording/reference-tables.js';
import type { TableFiles } from '../../domain/wording/validate-reference.js';
import { validateReference } from '../../domain/wording/validate-reference.js';

/** The reference tables live in this folder of the word lists directory. */
export const REFERENCE_DIR = 'reference';

const FILES = {
  central: 'central-leaders.yaml',
  local: 'local-leaders.yaml',
  removed: 'removed-officials.yaml',
  protectedNames: 'protected-names.yaml',
  laws: 'laws.tsv',
} as const;

const PARSERS: {
  [K in keyof WordingReference]: (text: string, path: string) => Parsed<WordingReference[K]>;
} = {
  central: parseLeaderTable,
  local: parseLeaderTable,
  removed: parseRemovedTable,
  protectedNames: parseProtectedTable,
  laws: parseLawTable,
};

/** `reference` is undefined when the word lists directory has no `reference/` folder. */
export type ReadReferenceResult = { reference: WordingReference | undefined } | { errors: string[] };

/**
 * Reads, parses and validates the five tables of `wordlistsDir/reference/`; every problem is listed as
 * `path: message`. Read at start (and by `qianfa validate`); a change takes effect at the next start.
 */
export async function readReference(wordlistsDir: string): Promise<ReadReferenceResult> {
  const dir = join(wordlistsDir, REFERENCE_DIR);
  if (!(await isDirectory(dir))) return { reference: undefined };
  const paths = Object.fromEntries(
    Object.entries(FILES).map(([key, file]) => [key, join(dir, file)]),
  ) as TableFiles;
  const tables: Partial<Record<keyof WordingReference, unknown>> = {};
  const errors: string[] = [];
  for (const key of Object.keys(FILES) as (keyof WordingReference)[]) {
    let text: string;
    try {
      text = await readFile(paths[key], 'utf8');
    } catch (error) {
      errors.push(`${paths[key]}: 无法读取参考表（${(error as Error).message}）`);
      continue;
    }
    const parsed = PARSERS[key](text, paths[key]);
    if ('errors' in parsed) errors.push(...parsed.errors);
    else tables[key] = parsed.table;
  }
  if (errors.length > 0) return { errors };
  const reference = tables as WordingReference;
  const invalid = validateReference(reference, paths);
  return invalid.length > 0 ? { errors: invalid } : { reference };
}

/** Whether `path` is a directory (false when it does not exist or cannot be read). */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
