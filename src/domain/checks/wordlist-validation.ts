import type { WordEntry, Wordlist, WordlistType } from './wordlist-types.js';

/** `location:line: message`, the form every list problem takes (Changesets style). */
export const problemAt = (location: string, line: number, message: string) =>
  `${location}:${line}: ${message}`;
/** Warnings say so in the text, so they read right wherever they are printed. */
export const warningAt = (location: string, line: number, message: string) =>
  problemAt(location, line, `警告：${message}`);

export interface WordlistProblems {
  errors: string[];
  warnings: string[];
}

interface Placed {
  list: Wordlist;
  entry: WordEntry;
}

/** Lists matched in text: a one-character entry would fire everywhere; entries collide when they fold alike. */
export const MATCHED_TYPES: readonly WordlistType[] = ['words', 'terms', 'allow'];

/**
 * Checks that need all lists and the fold: entries of one list that fold onto each other (開發 / 开发) are
 * errors, since the matcher would see one entry twice; the same folded entry in lists that act differently
 * (block here, review there, or an allow entry cancelling a deny entry) is a warning. Entries that fold to
 * fewer than two characters are errors in matched lists. Domain lists compare host names as written.
 */
export function validateWordlists(
  lists: readonly Wordlist[],
  foldKey: (text: string) => string,
  locationOf: (list: Wordlist) => string = (list) => list.name,
): WordlistProblems {
  const problems: WordlistProblems = { errors: [], warnings: [] };
  const byKey = new Map<string, Placed[]>();
  for (const list of lists) {
    const keyOf = (entry: WordEntry) => (list.type === 'domains' ? entry.text : foldKey(entry.text));
    const firstInList = new Map<string, WordEntry>();
    for (const entry of list.entries) {
      const key = keyOf(entry);
      const at = (message: string) => problemAt(locationOf(list), entry.line, message);
      if (MATCHED_TYPES.includes(list.type) && [...key].length < 2) {
        problems.errors.push(at(`「${entry.text}」规范化后只剩「${key}」，范围过宽`));
      }
      const twin = firstInList.get(key);
      if (twin === undefined) firstInList.set(key, entry);
      else if (twin.text !== entry.text) {
        problems.errors.push(at(`「${entry.text}」与第 ${twin.line} 行「${twin.text}」规范化后相同`));
      }
      if (MATCHED_TYPES.includes(list.type) || list.type === 'domains') {
        const groupKey = `${list.type === 'domains' ? 'host' : 'text'}:${key}`;
        byKey.set(groupKey, [...(byKey.get(groupKey) ?? []), { list, entry }]);
      }
    }
  }
  for (const placed of byKey.values()) problems.warnings.push(...conflicts(placed, locationOf));
  return problems;
}

/** How a list treats its matches: its action, `allow`, or a domain list's use. */
function roleOf(list: Wordlist): string {
  if (list.type === 'allow') return 'allow';
  if (list.type === 'domains') return (list as { use?: string }).use ?? 'domains';
  return list.action ?? list.type;
}

/** One warning per entry whose list acts differently from the list that first holds the same key. */
function conflicts(placed: readonly Placed[], locationOf: (list: Wordlist) => string): string[] {
  const [first, ...rest] = placed;
  if (first === undefined) return [];
  const firstRole = roleOf(first.list);
  return rest
    .filter(({ list }) => list !== first.list && roleOf(list) !== firstRole)
    .map(({ list, entry }) => {
      const roles = `${firstRole} / ${roleOf(list)}`;
      const hint = [firstRole, roleOf(list)].includes('allow') ? '，白名单条目会使另一条永不命中' : '';
      return warningAt(
        locationOf(list),
        entry.line,
        `「${entry.text}」与 ${locationOf(first.list)}:${first.entry.line} 的「${first.entry.text}」规范化后相同，处理方式不同（${roles}）${hint}`,
      );
    });
}
