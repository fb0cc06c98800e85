import type { CheckContext, FieldScan } from '../checks/check-context.js';
import { findingAt } from '../checks/check-context.js';
import type { Finding } from '../checks/finding.js';
import { oneDoubled, oneSlip } from './confusable.js';
import type { ProtectedName, WordingReference } from './reference-tables.js';
import { holdsOn, newestDate, provenance } from './reference-tables.js';
import { coveredBy, draftDate, literalFinder, MAX_FINDINGS, perTable } from './wording-scan.js';

/** Shorter names (国务院) have too many innocent one-character neighbours to judge. */
const MIN_LENGTH = 4;
const KIND = '受保护名称表';

interface Half {
  name: ProtectedName;
  /** Offset of the half inside the name. */
  offset: number;
}

/**
 * A name with one character changed keeps one of its halves intact, so an exact scan for the halves finds every
 * candidate in one linear pass; each candidate window is then compared with the name.
 */
const halvesOf = perTable((reference: WordingReference) => {
  const names = reference.protectedNames.names.filter((row) => row.name.length >= MIN_LENGTH);
  const halves = new Map<string, Half[]>();
  for (const name of names) {
    const middle = Math.floor(name.name.length / 2);
    for (const [half, offset] of [
      [name.name.slice(0, middle), 0],
      [name.name.slice(middle), middle],
    ] as const) {
      halves.set(half, [...(halves.get(half) ?? []), { name, offset }]);
    }
  }
  return {
    halves,
    find: literalFinder(reference, halves.keys()),
    exact: new Set(reference.protectedNames.names.map((row) => row.name)),
    newest: newestDate(reference.protectedNames.names),
  };
});

/** Protected names with a one-character typo (中国共产当, 中华人民共合国, 全国人民代表大大会) block. */
export function checkProtectedNames(
  context: CheckContext,
  scan: FieldScan,
  reference: WordingReference,
): Finding[] {
  const { halves, find, exact, newest } = halvesOf(reference);
  const date = draftDate(context) ?? newest;
  const text = scan.view.text;
  const listed = coveredBy(scan, ['wording-errors']);
  const reported = new Set<number>();
  const findings: Finding[] = [];
  for (const occurrence of find(text)) {
    if (findings.length >= MAX_FINDINGS) break;
    for (const { name, offset } of halves.get(occurrence.text)!) {
      if (!holdsOn(name, date)) continue;
      const start = occurrence.start - offset;
      for (const length of [name.name.length, name.name.length + 1]) {
        const window = text.slice(Math.max(0, start), start + length);
        if (start < 0 || reported.has(start) || exact.has(window) || listed(start, start + length)) continue;
        if (!(oneSlip(window, name.name) || oneDoubled(window, name.name))) continue;
        // 中华人民共和国国籍, 中国共产党党员: a doubled last character is the next word starting.
        if (window === name.name + name.name.at(-1)) continue;
        reported.add(start);
        findings.push({
          ...findingAt(scan, start, start + length, {
            rule: 'wording:protected-name',
            category: 'wording',
            action: 'block',
            message: `严重表述错误「${window}」：应为“${name.name}”（单项否决风险）${provenance(KIND, reference.protectedNames)}`,
          }),
          suggestion: name.name,
        });
      }
    }
  }
  return findings;
}
