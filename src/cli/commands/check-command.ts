import cliProgress from 'cli-progress';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import pc from 'picocolors';
import { createChecker, WordlistError } from '../../create-checker.js';
import type { DraftFormat } from '../../domain/draft.js';
import { parseDraftFile } from '../../domain/text/markdown-draft.js';
import type { CheckTotals, Colors } from '../format-report.js';
import { formatFileReport, formatSummary, jsonLine, shownFindings } from '../format-report.js';

export interface CheckOptions {
  /** Files, directories (walked for .md/.html/.txt) or `-` for Markdown on stdin. */
  paths: string[];
  json: boolean;
  wordlistsDir: string;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** stderr is a terminal: show a progress bar while checking several files. */
  isTTY: boolean;
  /** stdout is a terminal that takes colour. */
  color?: boolean;
}

/** Exit codes of `qianfa check`. */
export const CHECK_EXIT = { ok: 0, blocked: 1, error: 2 } as const;
export const MAX_DRAFT_BYTES = 2 * 1024 * 1024;

const FORMAT_BY_EXTENSION: Record<string, DraftFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
};

interface Input {
  path: string;
  format: DraftFormat;
}

/** A file that could not be checked, with the reason shown to the user. */
class InputError extends Error {}

/**
 * `qianfa check`: checks every input and prints a linter-style report (or one JSON line per file). A bad input
 * gets one line on stderr and the others are still checked. Exit 2 on any usage or I/O error, else 1 when a
 * draft is blocked, else 0.
 */
export async function runCheck(options: CheckOptions): Promise<number> {
  const checker = await loadChecker(options);
  if (!checker) return CHECK_EXIT.error;
  const colors: Colors = pc.createColors(options.color ?? false);
  const { inputs, errors } = await collectInputs(options.paths);
  const out = new Output(options, options.isTTY && inputs.length > 1 ? inputs.length : 0);
  for (const error of errors) out.error(error);
  const totals: CheckTotals = { files: 0, blocked: 0, findings: 0, failed: errors.length };
  for (const input of inputs) {
    out.progress(input.path);
    try {
      const source = await readSource(input.path, options.stdin);
      const parsed = parseDraftFile(source, input.format);
      if ('error' in parsed) throw new InputError(parsed.error);
      const report = checker.check(parsed.draft);
      totals.files++;
      if (report.blocked) totals.blocked++;
      const checked = { file: input.path, source, parsed, report };
      totals.findings += options.json ? report.findings.length : shownFindings(checked).length;
      out.write(options.json ? jsonLine(input.path, report) : formatFileReport(checked, colors));
    } catch (error) {
      totals.failed++;
      out.error(`${input.path}: ${reasonOf(error)}`);
    }
  }
  out.finish();
  if (!options.json) options.stdout.write(formatSummary(totals, colors));
  if (totals.failed > 0) return CHECK_EXIT.error;
  return totals.blocked > 0 ? CHECK_EXIT.blocked : CHECK_EXIT.ok;
}

async function loadChecker(options: CheckOptions) {
  try {
    return await createChecker({ wordlistsDir: options.wordlistsDir });
  } catch (error) {
    if (!(error instanceof WordlistError)) throw error;
    options.stderr.write(`qianfa: 词表无法加载（${error.dir}）：${error.problems.join('；')}\n`);
    return undefined;
  }
}

/** Expands directories (sorted, recursive, hidden entries skipped); missing paths become error lines. */
async function collectInputs(paths: readonly string[]): Promise<{ inputs: Input[]; errors: string[] }> {
  const inputs: Input[] = [];
  const errors: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      inputs.push({ path, format: 'markdown' });
      continue;
    }
    try {
      if ((await stat(path)).isDirectory()) inputs.push(...(await walk(path)));
      else inputs.push({ path, format: FORMAT_BY_EXTENSION[extname(path).toLowerCase()] ?? 'text' });
    } catch (error) {
      errors.push(`${path}: ${reasonOf(error)}`);
    }
  }
  return { inputs, errors };
}

async function walk(dir: string): Promise<Input[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const inputs: Input[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const format = FORMAT_BY_EXTENSION[extname(entry.name).toLowerCase()];
    if (entry.isDirectory()) inputs.push(...(await walk(path)));
    else if (entry.isFile() && format) inputs.push({ path, format });
  }
  return inputs;
}

/** The input's text, refusing what is too large or not UTF-8 text. */
async function readSource(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  const bytes = path === '-' ? await readStream(stdin) : await readFileCapped(path);
  if (bytes.includes(0)) throw new InputError('不是文本文件（含 NUL 字节），未检查');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('不是 UTF-8 编码的文本，未检查');
  }
}

async function readFileCapped(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size > MAX_DRAFT_BYTES) {
      throw new InputError(`文件过大（${(size / 1024 / 1024).toFixed(1)} MB，上限 2 MB），未检查`);
    }
    return await file.readFile();
  } finally {
    await file.close();
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_DRAFT_BYTES) throw new InputError('输入超过 2 MB 上限，未检查');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

const FS_REASONS: Record<string, string> = {
  ENOENT: '无法读取：文件或目录不存在',
  EACCES: '无法读取：没有读取权限',
  EPERM: '无法读取：没有读取权限',
  EISDIR: '无法读取：是目录',
  ELOOP: '无法读取：符号链接循环',
};

function reasonOf(error: unknown): string {
  if (error instanceof InputError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && FS_REASONS[code]) return FS_REASONS[code];
  return `无法读取：${error instanceof Error ? error.message : String(error)}`;
}

/** Writes results; while a progress bar runs on stderr, holds every line back until it is cleared. */
class Output {
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly held: Array<[NodeJS.WritableStream, string]> = [];
  private started = false;

  /** `progressTotal` > 0 shows a bar counting to it. */
  constructor(
    private readonly options: CheckOptions,
    progressTotal: number,
  ) {
    if (progressTotal === 0) return;
    this.bar = new cliProgress.SingleBar(
      { stream: options.stderr, format: '检查中 [{bar}] {value}/{total} {file}', clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(progressTotal, 0, { file: '' });
  }

  /** Called before each file: counts the previous one done and names the current one. */
  progress(file: string): void {
    if (this.started) this.bar?.increment(1, { file });
    else this.bar?.update(0, { file });
    this.started = true;
  }

  write(text: string): void {
    this.emit(this.options.stdout, text);
  }

  error(line: string): void {
    this.emit(this.options.stderr, `${line}\n`);
  }

  finish(): void {
    this.bar?.increment(1);
    this.bar?.stop();
    for (const [stream, text] of this.held) stream.write(text);
  }

  private emit(stream: NodeJS.WritableStream, text: string): void {
    if (text === '') return;
    if (this.bar) this.held.push([stream, text]);
    else stream.write(text);
  }
}
