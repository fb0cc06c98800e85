import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Wordlist } from '../../domain/checks/wordlist-types.js';
import { parseWordlist, problemAt } from '../../domain/checks/wordlist.js';

export type ReadWordlistsResult = { lists: Wordlist[]; warnings: string[] } | { errors: string[] };

const LIST_EXTENSION = '.txt';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and parses every `*.txt` list in `dir` (sorted by name, so rule order is stable). Any problem in any
 * file makes the whole read fail with every problem listed, each as `path:line: message`.
 */
export async function readWordlists(dir: string): Promise<ReadWordlistsResult> {
  const names = await listFiles(dir);
  if ('errors' in names) return names;
  const lists: Wordlist[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const name of names.files) {
    const path = join(dir, name);
    const text = await readText(path);
    if (typeof text !== 'string') {
      errors.push(text.error);
      continue;
    }
    const parsed = parseWordlist(basename(name, LIST_EXTENSION), text, path);
    if ('errors' in parsed) errors.push(...parsed.errors);
    else {
      lists.push(parsed.list);
      warnings.push(...parsed.warnings);
    }
  }
  return errors.length > 0 ? { errors } : { lists, warnings };
}

async function listFiles(dir: string): Promise<{ files: string[] } | { errors: string[] }> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const files = entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(LIST_EXTENSION))
      .map((entry) => entry.name)
      .sort();
    if (files.length === 0) return { errors: [`${dir}: 词表目录中没有 ${LIST_EXTENSION} 词表`] };
    return { files };
  } catch (error) {
    return { errors: [`${dir}: ${describeDirError(error)}`] };
  }
}

function describeDirError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return '词表目录不存在';
  if (code === 'ENOTDIR') return '不是目录';
  return `无法读取词表目录（${(error as Error).message}）`;
}

async function readText(path: string): Promise<string | { error: string }> {
  try {
    return utf8.decode(await readFile(path));
  } catch (error) {
    if (error instanceof TypeError) return { error: problemAt(path, 1, '不是有效的 UTF-8 文本') };
    return { error: `${path}: 无法读取（${(error as Error).message}）` };
  }
}
