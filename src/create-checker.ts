import { readReference } from './adapters/files/read-reference.js';
import { readWordlists } from './adapters/files/read-wordlists.js';
import { buildChecker, type Checker } from './domain/checks/build-checker.js';
import { DEFAULT_RULES } from './domain/checks/default-rules.js';
import { referenceListsOf } from './domain/checks/reference-lists.js';
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

/**
 * Reads and compiles the word lists and the wording reference tables (`reference/`) once; the returned
 * `check(draft)` is synchronous.
 */
export async function createChecker(options: CreateCheckerOptions = {}): Promise<Checker> {
  const dir = options.wordlistsDir ?? DEFAULT_WORDLISTS_DIR;
  const result = await readWordlists(dir);
  if ('errors' in result) throw new WordlistError(dir, result.errors);
  const reference = await readReference(dir);
  if ('errors' in reference) throw new WordlistError(dir, reference.errors);
  const lists = referenceListsOf(result.lists);
  if (reference.reference) lists.wording = reference.reference;
  return buildChecker(result.lists, DEFAULT_RULES, lists);
}
