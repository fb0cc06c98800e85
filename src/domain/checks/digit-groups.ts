/**
 * Finds written numbers in text for the personal-data rule. The text is not folded, so full-width digits
 * (０-９) and separators are folded here, one UTF-16 unit at a time, which keeps offsets unchanged.
 */

/** A maximal run of digits, bounded by non-digits. `digits` is ASCII; an ID's final X is kept as `X`. */
export interface DigitRun {
  start: number;
  end: number;
  digits: string;
}

/** Consecutive runs of one or more groups read as one number, e.g. `138 0013 8000`. */
export interface NumberCandidate {
  start: number;
  end: number;
  digits: string;
  /** Length of each group, e.g. [3, 4, 4]. */
  groups: number[];
}

const SEPARATORS = new Set([' ', '-', '\u00a0', '\u3000', '\uff0d']);
/** Longest number worth considering (bank cards reach 19 digits). */
const MAX_DIGITS = 19;

function isDigitCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

function asciiDigit(char: string | undefined): string | undefined {
  if (char === undefined) return undefined;
  const code = char.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return char;
  if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 0x30);
  return undefined;
}

const isCheckX = (char: string | undefined) => char !== undefined && 'xXｘＸ'.includes(char);
const isLatinOrDigit = (char: string | undefined) =>
  char !== undefined && (/[0-9A-Za-z]/.test(char) || asciiDigit(char) !== undefined);

/** Every digit run in the text, in order. A trailing X after exactly 17 digits belongs to the run. */
export function findDigitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let i = 0;
  while (i < text.length) {
    // charCodeAt, not text[i]: indexing a CJK character allocates a string, and most units are not digits.
    if (!isDigitCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let fullWidth = false;
    for (let code = text.charCodeAt(i); isDigitCode(code); code = text.charCodeAt(++i))
      fullWidth ||= code > 0x39;
    // Sliced, not built a character at a time; full-width digits (rare) are folded afterwards.
    let digits = text.slice(start, i);
    if (fullWidth) digits = [...digits].map((char) => asciiDigit(char)).join('');
    if (digits.length === 17 && isCheckX(text[i]) && !isLatinOrDigit(text[i + 1])) {
      digits += 'X';
      i++;
    }
    runs.push({ start, end: i, digits });
  }
  return runs;
}

/** Runs separated by exactly one separator character form one cluster. */
export function clusterRuns(text: string, runs: DigitRun[]): DigitRun[][] {
  const clusters: DigitRun[][] = [];
  let cluster: DigitRun[] = [];
  let last: DigitRun | undefined;
  for (const run of runs) {
    const joined = last !== undefined && run.start === last.end + 1 && SEPARATORS.has(text[last.end]!);
    if (joined && !last!.digits.endsWith('X')) cluster.push(run);
    else clusters.push((cluster = [run]));
    last = run;
  }
  return clusters;
}

/** Which windows are worth keeping, from their digit count and a scratch `groups` array that must not be kept. */
export type WindowFilter = (length: number, groups: readonly number[]) => boolean;

/**
 * Every window of consecutive groups in a cluster, up to MAX_DIGITS digits, longest first per start, that
 * `keep` accepts. Each start has at most MAX_DIGITS windows, and only kept windows are copied, so the work is
 * linear in the text when `keep` is cheap.
 */
export function numberCandidates(text: string, keep: WindowFilter = () => true): NumberCandidate[] {
  const candidates: NumberCandidate[] = [];
  const windows: NumberCandidate[] = [];
  const groups: number[] = [];
  for (const cluster of clusterRuns(text, findDigitRuns(text))) {
    for (let first = 0; first < cluster.length; first++) {
      windows.length = 0;
      groups.length = 0;
      let length = 0;
      for (let last = first; last < cluster.length; last++) {
        const run = cluster[last]!;
        length += run.digits.length;
        if (length > MAX_DIGITS) break;
        groups.push(run.digits.length);
        if (!keep(length, groups)) continue;
        // Joined only for kept windows: most windows of a long cluster are not.
        let digits = '';
        for (let part = first; part <= last; part++) digits += cluster[part]!.digits;
        windows.push({ start: cluster[first]!.start, end: run.end, digits, groups: [...groups] });
      }
      for (let i = windows.length - 1; i >= 0; i--) candidates.push(windows[i]!);
    }
  }
  return candidates;
}

/** Keeps `keepStart` leading and `keepEnd` trailing characters and stars the rest: `3206**********1239`. */
export function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const hidden = Math.max(0, value.length - keepStart - keepEnd);
  return value.slice(0, keepStart) + '*'.repeat(hidden) + value.slice(value.length - keepEnd);
}
