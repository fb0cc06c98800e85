import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Draft } from '../../src/domain/draft.js';

const SEEDS_DIR = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));

export const SEED_FILES = readdirSync(SEEDS_DIR)
  .filter((name) => name.endsWith('.txt'))
  .sort();

export function readSeed(prefix: string): string {
  const name = SEED_FILES.find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}`);
  return readFileSync(SEEDS_DIR + name, 'utf8');
}

/** A seed as a plain-text draft: the first non-empty line is the title, the rest the body. */
export function seedDraft(text: string): Draft {
  const lines = text.split('\n');
  const titleIndex = lines.findIndex((line) => line.trim() !== '');
  return { title: lines[titleIndex]!.trim(), body: lines.slice(titleIndex + 1).join('\n'), format: 'text' };
}

/** The injected spam, exactly as it stands in the seeds. */
export const INJECTED = {
  '000': ['皇冠足球比分_澳门赌博网-官网', '澳门赌博网'],
  '001': ['365足球比分_365名品汇推荐码多少_365365bet官'],
} as const;

/** The seeds with the injected spam removed: 000's header line dropped and 关于 restored; 001's spam line dropped. */
export function cleanSeed(prefix: string): string {
  const text = readSeed(prefix);
  if (prefix === '000')
    return text.replace(/^皇冠足球比分_澳门赌博网-官网\n/, '').replaceAll('澳门赌博网', '关于');
  if (prefix === '001') return text.replace(/^.*365足球比分_365名品汇推荐码多少_365365bet官.*\n/m, '');
  return text;
}

/** Every occurrence of `needle` in `text` as [start, end). */
export function occurrences(text: string, needle: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    spans.push([at, at + needle.length]);
  }
  return spans;
}
