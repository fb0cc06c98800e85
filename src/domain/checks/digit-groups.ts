/**
 * Finds written numbers in text for the personal-data rule. The text is not folded, so full-width digits
 * (０-９) and separators are folded here, one UTF-16 unit at a time, which keeps offsets unchanged.
 */

/** Consecutive runs of one or more groups read as one number, e.g. `138 0013 8000`. */
export interface NumberCandidate {
  start: number;
  end: number;
  digits: string;
  /** Length of each group, e.g. [3, 4, 4]. */
  groups: number[];
}

const SEPARATORS = new Set([' ', '-', '\u00a0', '\u3000', '\uff0d'].map((char) => char.charCodeAt(0)));
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

/**
 * Every maximal digit run in the text, in order, as parallel arrays of small integers rather than one object
 * per run: a page of numbers has hundreds of thousands of runs, and per-run objects cost more in garbage
 * collection than the scan itself. `ends` include an ID's final X (kept after exactly 17 digits); `joined[i]`
 * says run i continues the cluster of run i − 1 (one separator between them, and run i − 1 has no X).
 */
interface DigitRuns {
  count: number;
  starts: Int32Array;
  /** Each run's end, an ID's final X included: `ends[i] - starts[i]` is its digit count. */
  ends: Int32Array;
  withX: Uint8Array;
  joined: Uint8Array;
}

/**
 * A digit, ASCII or full-width. The regex jumps from digit to digit several times faster than a loop reads
 * every unit, and `test` builds no match object: the digit is at lastIndex − 1.
 */
const DIGIT = /[0-9\uff10-\uff19]/g;

/** Where the next digit at or after `from` is, or -1. */
function nextDigit(text: string, from: number): number {
  DIGIT.lastIndex = from;
  return DIGIT.test(text) ? DIGIT.lastIndex - 1 : -1;
}

/** The end of the digit run that starts at `start`. */
function runEnd(text: string, start: number): number {
  let end = start;
  while (isDigitCode(text.charCodeAt(end))) end++;
  return end;
}

/** Reused between calls, grown as needed: a text's runs are read before the next text is scanned. */
const digitRuns: DigitRuns = {
  count: 0,
  starts: new Int32Array(64),
  ends: new Int32Array(64),
  withX: new Uint8Array(64),
  joined: new Uint8Array(64),
};

function growRuns(): void {
  const size = digitRuns.starts.length * 2;
  const grown = <T extends Int32Array | Uint8Array>(array: T, larger: T): T => (larger.set(array), larger);
  digitRuns.starts = grown(digitRuns.starts, new Int32Array(size));
  digitRuns.ends = grown(digitRuns.ends, new Int32Array(size));
  digitRuns.withX = grown(digitRuns.withX, new Uint8Array(size));
  digitRuns.joined = grown(digitRuns.joined, new Uint8Array(size));
}

/** The text's digit runs, in the shared `digitRuns`, valid until the next call (checks are synchronous). */
function findDigitRuns(text: string): DigitRuns {
  digitRuns.count = 0;
  let previousEnd = -2;
  let previousX = false;
  for (let start = nextDigit(text, 0); start !== -1; start = nextDigit(text, previousEnd)) {
    let i = runEnd(text, start);
    const withX = i - start === 17 && isCheckX(text[i]) && !isLatinOrDigit(text[i + 1]);
    if (withX) i++;
    const joined = start === previousEnd + 1 && SEPARATORS.has(text.charCodeAt(previousEnd)) && !previousX;
    if (digitRuns.count === digitRuns.starts.length) growRuns();
    const index = digitRuns.count++;
    digitRuns.starts[index] = start;
    digitRuns.ends[index] = i;
    digitRuns.withX[index] = withX ? 1 : 0;
    digitRuns.joined[index] = joined ? 1 : 0;
    previousEnd = i;
    previousX = withX;
  }
  return digitRuns;
}

/** The ASCII digits of run `index` (full-width digits folded, an X kept as `X`). */
function runDigits(text: string, runs: DigitRuns, index: number): string {
  const withX = runs.withX[index] === 1;
  const digits = text.slice(runs.starts[index], runs.ends[index]! - (withX ? 1 : 0));
  let fullWidth = false;
  for (let i = 0; i < digits.length && !fullWidth; i++) fullWidth = digits.charCodeAt(i) > 0x39;
  // Full-width digits are rare: folded only when present.
  const ascii = fullWidth ? [...digits].map((char) => asciiDigit(char)).join('') : digits;
  return withX ? `${ascii}X` : ascii;
}

/**
 * Which windows are worth keeping, from their digit count, a scratch `groups` array that must not be kept, and
 * where the window starts in the text (to read its leading digits with `digitAt`).
 */
export type WindowFilter = (length: number, groups: readonly number[], start: number) => boolean;

/** The value of the digit at `index` (ASCII or full-width), or -1 when there is none. */
export function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0xff10 && code <= 0xff19) return code - 0xff10;
  return -1;
}

/**
 * Every window of consecutive groups in a cluster, up to MAX_DIGITS digits, longest first per start, that
 * `keep` accepts. Each start has at most MAX_DIGITS windows, and only kept windows are copied, so the work is
 * linear in the text when `keep` is cheap.
 */
export function numberCandidates(text: string, keep: WindowFilter = () => true): NumberCandidate[] {
  const candidates: NumberCandidate[] = [];
  const windows: NumberCandidate[] = [];
  const groups: number[] = [];
  const runs = findDigitRuns(text);
  const { count, starts, ends, joined } = runs;
  for (let first = 0; first < count; first++) {
    windows.length = 0;
    groups.length = 0;
    let length = 0;
    // A window runs over the cluster of `first`: it stops at the first run not joined to the one before.
    for (let last = first; last < count && (last === first || joined[last] === 1); last++) {
      const runLength = ends[last]! - starts[last]!;
      length += runLength;
      if (length > MAX_DIGITS) break;
      groups.push(runLength);
      if (!keep(length, groups, starts[first]!)) continue;
      // Joined only for kept windows: most windows of a long cluster are not.
      let digits = '';
      for (let part = first; part <= last; part++) digits += runDigits(text, runs, part);
      windows.push({ start: starts[first]!, end: ends[last]!, digits, groups: [...groups] });
    }
    for (let i = windows.length - 1; i >= 0; i--) candidates.push(windows[i]!);
  }
  return candidates;
}

/** Keeps `keepStart` leading and `keepEnd` trailing characters and stars the rest: `3206**********1239`. */
export function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const hidden = Math.max(0, value.length - keepStart - keepEnd);
  return value.slice(0, keepStart) + '*'.repeat(hidden) + value.slice(value.length - keepEnd);
}
