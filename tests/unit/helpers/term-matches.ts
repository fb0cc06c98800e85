import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckContext, FieldScan, WordMatch } from '../../../src/domain/checks/check-context.js';
import type { Finding } from '../../../src/domain/checks/finding.js';
import { parseWordlist } from '../../../src/domain/checks/wordlist.js';
import type { Wordlist } from '../../../src/domain/checks/wordlist-types.js';
import type { DraftField } from '../../../src/domain/draft.js';
import { foldUnits } from '../../../src/domain/grading/sentences.js';
import { identityView } from '../../../src/domain/text/text-view.js';

/*
 * A stand-in for the lead's matcher in unit tests: entries are found with indexOf in the text folded unit by
 * unit (so traditional and full-width text still match, but noise between characters is not skipped), and
 * allow entries suppress the matches they contain, as the real matcher does.
 */

const WORDLISTS_DIR = fileURLToPath(new URL('../../../wordlists/', import.meta.url));

/** Parses the shipped lists whose file names start with one of `prefixes`; throws on any list error. */
export function shippedLists(...prefixes: string[]): Wordlist[] {
  return readdirSync(WORDLISTS_DIR)
    .filter((file) => file.endsWith('.txt') && prefixes.some((prefix) => file.startsWith(prefix)))
    .sort()
    .map((file) => {
      const result = parseWordlist(file.slice(0, -4), readFileSync(WORDLISTS_DIR + file, 'utf8'), file);
      if ('errors' in result) throw new Error(result.errors.join('\n'));
      return result.list;
    });
}

/** A list built in a test: `terms` unless said otherwise. */
export function termsList(name: string, entries: string[], extra: Partial<Wordlist> = {}): Wordlist {
  return {
    name,
    type: 'terms',
    description: name,
    source: 'test',
    ascii: 'substring',
    entries: entries.map((text, index) => ({ text, line: index + 1 })),
    ...extra,
  };
}

function occurrences(text: string, key: string): number[] {
  const starts: number[] = [];
  if (key === '') return starts;
  for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + 1)) starts.push(at);
  return starts;
}

export function termMatches(text: string, lists: readonly Wordlist[]): WordMatch[] {
  const folded = foldUnits(text);
  const all = lists
    .filter((list) => list.type === 'words' || list.type === 'terms' || list.type === 'allow')
    .flatMap((list) =>
      list.entries.flatMap((entry) => {
        const key = foldUnits(entry.text);
        return occurrences(folded, key).map((start) => ({ start, end: start + key.length, list, entry }));
      }),
    );
  const allowed = all.filter((match) => match.list.type === 'allow');
  return all
    .filter((match) => match.list.type !== 'allow')
    .filter((match) => !allowed.some((allow) => allow.start <= match.start && match.end <= allow.end))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

export function scanOf(text: string, lists: readonly Wordlist[], field: DraftField = 'body'): FieldScan {
  return { field, original: text, view: identityView(text), matches: termMatches(text, lists) };
}

export function contextOf(draft: { title?: string; body: string }, lists: readonly Wordlist[]): CheckContext {
  const title = draft.title ?? '';
  return {
    draft: { title, body: draft.body },
    scope: {},
    title: scanOf(title, lists, 'title'),
    body: scanOf(draft.body, lists, 'body'),
    lists: { sources: [], allowedDomains: [], shortenerDomains: [], commerceDomains: [] },
    wordlists: new Map(lists.map((list) => [list.name, list])),
  };
}

/** What the lead's composition does with `words` lists: each match becomes a finding (simplified). */
export function wordFindings(scan: FieldScan): Finding[] {
  return scan.matches
    .filter((match) => match.list.type === 'words')
    .map(({ start, end, list, entry }) => ({
      rule: `wordlist:${list.name}`,
      category: list.category!,
      action: list.action!,
      field: scan.field,
      start,
      end,
      text: scan.original.slice(start, end),
      message: (list.message ?? '{text}').replaceAll('{text}', scan.original.slice(start, end)),
      ...(entry.suggestion === undefined ? {} : { suggestion: entry.suggestion }),
    }));
}
