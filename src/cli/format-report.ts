import type pc from 'picocolors';
import type { Action, CheckReport, Finding, Grade } from '../domain/checks/finding.js';
import type { ParsedDraft } from '../domain/text/markdown-draft.js';

/** A checked file: its path as given, its text and where the draft's fields sit in it. */
export interface CheckedFile {
  file: string;
  source: string;
  parsed: ParsedDraft;
  report: CheckReport;
}

export interface CheckTotals {
  files: number;
  blocked: number;
  findings: number;
  failed: number;
}

export type Colors = ReturnType<typeof pc.createColors>;

const ACTION_LABELS: Record<Action, string> = {
  block: '拦截',
  escalate: '升级',
  review: '须确认',
  info: '提示',
};
const GRADE_LABELS: Record<Grade, string> = { general: '一般', important: '重要', major: '重大' };
/** Longest source line shown in full; longer lines (minified HTML) are cut around the finding. */
const MAX_LINE_WIDTH = 100;

/** `--json`: the report plus the file, on one line. */
export function jsonLine(file: string, report: CheckReport): string {
  return `${JSON.stringify({ file, ...report })}\n`;
}

/** Linter-style text for one file: each finding with its line, then the file's verdict. Empty without findings. */
export function formatFileReport(checked: CheckedFile, colors: Colors): string {
  const { report } = checked;
  const findings = shownFindings(checked);
  if (findings.length === 0) return '';
  const blocks = findings.map((finding) => formatFinding(checked, finding, colors));
  const verdict = report.blocked ? colors.red('被拦截') : colors.green('未拦截');
  return `${blocks.join('')}${checked.file}  ${verdict} · 等级 ${GRADE_LABELS[report.grade]}\n\n`;
}

export function formatSummary(totals: CheckTotals, colors: Colors): string {
  const parts = [
    `${totals.files} 个文件`,
    `${totals.blocked} 个被拦截`,
    `共 ${totals.findings} 条发现`,
    ...(totals.failed > 0 ? [`${totals.failed} 个无法检查`] : []),
  ];
  const line = parts.join('，');
  return `${totals.blocked > 0 || totals.failed > 0 ? colors.red(line) : colors.green(line)}\n`;
}

/**
 * The findings worth a line: in an HTML file the title is also part of the body, so the same rule can fire on
 * the same source twice; it is shown once.
 */
export function shownFindings(checked: CheckedFile): Finding[] {
  const seen = new Set<string>();
  return checked.report.findings.filter((finding) => {
    const start = fileOffsetOf(checked.parsed, finding);
    const key = `${finding.rule}|${start}|${start + finding.end - finding.start}|${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Offset of a finding's start in the file. */
export function fileOffsetOf(parsed: ParsedDraft, finding: Pick<Finding, 'field' | 'start'>): number {
  return (finding.field === 'title' ? parsed.titleOffset : parsed.bodyOffset) + finding.start;
}

/** 1-based line and column (UTF-16 units) of `offset` in `source`, with the bounds of its line. */
export function locate(
  source: string,
  offset: number,
): { line: number; column: number; lineStart: number; lineEnd: number } {
  const at = Math.max(0, Math.min(offset, source.length));
  const lineStart = source.lastIndexOf('\n', at - 1) + 1;
  const newline = source.indexOf('\n', at);
  const lineEnd = newline === -1 ? source.length : newline;
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < at; i = source.indexOf('\n', i + 1)) line++;
  return {
    line,
    column: at - lineStart + 1,
    lineStart,
    lineEnd: source[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd,
  };
}

function formatFinding(checked: CheckedFile, finding: Finding, colors: Colors): string {
  const start = fileOffsetOf(checked.parsed, finding);
  const where = locate(checked.source, start);
  const label = actionLabel(finding.action, colors);
  const head = `${colors.bold(`${checked.file}:${where.line}:${where.column}`)}  ${finding.category}  ${label}  ${finding.message}\n`;
  const end = Math.min(Math.max(start + (finding.end - finding.start), start + 1), where.lineEnd);
  const snippet = snippetLines(checked.source, where, start, Math.max(start, end), colors);
  const suggestion = finding.suggestion === undefined ? '' : `    建议：${finding.suggestion}\n`;
  return head + snippet + suggestion;
}

function actionLabel(action: Action, colors: Colors): string {
  const paint = { block: colors.red, escalate: colors.yellow, review: colors.magenta, info: colors.cyan }[
    action
  ];
  return paint(ACTION_LABELS[action]);
}

/** The source line with the finding highlighted, and a caret line under it (CJK counted double width). */
function snippetLines(
  source: string,
  where: { line: number; lineStart: number; lineEnd: number },
  start: number,
  end: number,
  colors: Colors,
): string {
  let from = where.lineStart;
  let to = where.lineEnd;
  if (to - from > MAX_LINE_WIDTH) {
    from = Math.max(from, start - 30);
    to = Math.min(to, Math.max(end, start) + 40, from + MAX_LINE_WIDTH);
  }
  const show = (a: number, b: number) => source.slice(a, b).replace(/[\t\r]/g, ' ');
  const before = (from > where.lineStart ? '…' : '') + show(from, start);
  const hit = show(start, Math.min(end, to));
  const after = show(Math.min(end, to), to) + (to < where.lineEnd ? '…' : '');
  const gutter = `${String(where.line).padStart(5)} | `;
  const pad = ' '.repeat(gutter.length - 2);
  const carets = `${pad}| ${' '.repeat(displayWidth(before))}${'^'.repeat(Math.max(1, displayWidth(hit)))}`;
  return `${colors.dim(gutter)}${before}${colors.red(colors.bold(hit))}${after}\n${colors.red(carets)}\n`;
}

/** Terminal columns taken by `text`: East Asian wide characters take two, format characters none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (/\p{Cf}|\p{Mn}/u.test(char)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
