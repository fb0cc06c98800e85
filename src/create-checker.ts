import { readReference } from './adapters/files/read-reference.js';
import { readWordlists } from './adapters/files/read-wordlists.js';
import { buildChecker, type Checker } from './domain/checks/build-checker.js';
import type { ReferenceLists } from './domain/checks/check-context.js';
import { DEFAULT_RULES } from './domain/checks/default-rules.js';
import { referenceListsOf } from './domain/checks/reference-lists.js';
import type { Wordlist } from './domain/checks/wordlist-types.js';
import { DEFAULT_WORDLISTS_DIR } from './package-dirs.js';

export interface CreateCheckerOptions {
  /** Directory of word lists; defaults to the package's own `wordlists/`. */
  wordlistsDir?: string;
}

/** Raised when the word lists cannot be read or are invalid; `problems` lists every one as `path:line: message`. */
export class WordlistError extends Error {
  override readonly name = 'WordlistError';
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid word lists in ${dir}:\n${problems.join('\n')}`);
  }
}

export { DEFAULT_WORDLISTS_DIR };

/** The word lists and reference tables, read and validated; throws WordlistError listing every problem. */
export async function readCheckerData(
  options: CreateCheckerOptions = {},
): Promise<{ lists: Wordlist[]; reference: ReferenceLists }> {
  const dir = options.wordlistsDir ?? DEFAULT_WORDLISTS_DIR;
  const result = await readWordlists(dir);
  if ('errors' in result) throw new WordlistError(dir, result.errors);
  const tables = await readReference(dir);
  if ('errors' in tables) throw new WordlistError(dir, tables.errors);
  const reference = referenceListsOf(result.lists);
  if (tables.reference) reference.wording = tables.reference;
  return { lists: result.lists, reference };
}

/**
 * Reads and compiles the word lists and the wording reference tables (`reference/`) once; the returned
 * `check(draft)` is synchronous.
 */
export async function createChecker(options: CreateCheckerOptions = {}): Promise<Checker> {
  const { lists, reference } = await readCheckerData(options);
  return buildChecker(lists, DEFAULT_RULES, reference);
}
