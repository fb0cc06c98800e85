import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/commands/check-command.js';
import { DEFAULT_WORDLISTS_DIR } from '../../src/create-checker.js';
import type { CheckReport } from '../../src/domain/checks/finding.js';
import { qianfaArgv } from '../helpers/run-qianfa.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = 'tests/fixtures/cli';
const CLEAN = `${FIXTURES}/clean.md`;
const BLOCKED = `${FIXTURES}/blocked.md`;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI from the repository root, as `npm run qianfa` does, with optional stdin. */
function qianfa(args: string[], input?: string | Buffer): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      qianfaArgv(...args),
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // The CLI stops reading stdin past 2 MB; the rest of the write then fails, as it should.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(input ?? '');
  });
}

type FileReport = CheckReport & { file: string };

function jsonLines(stdout: string): FileReport[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FileReport);
}

/** 1-based line:col of a UTF-16 offset. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

describe('qianfa check', () => {
  let temp: string;

  beforeAll(() => {
    temp = mkdtempSync(join(tmpdir(), 'qianfa-cli-'));
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('exits 0 and prints the summary when nothing is blocked', async () => {
    const result = await qianfa(['check', CLEAN]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('1 个文件，0 个被拦截');
    expect(result.code).toBe(0);
  });

  it('exits 1 and points at the blocked text by file:line:col', async () => {
    const json = await qianfa(['check', '--json', BLOCKED]);
    const [report] = jsonLines(json.stdout);
    const gambling = report!.findings.find((finding) => finding.category === 'gambling')!;
    expect(gambling.field).toBe('body');
    expect(gambling.text).toContain('澳门赌博');
    const source = readFileSync(join(ROOT, BLOCKED), 'utf8');
    const bodyOffset = source.indexOf('\n---\n') + 5;
    const text = await qianfa(['check', BLOCKED]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `${BLOCKED}:${lineCol(source, bodyOffset + gambling.start)}  gambling  拦截`,
    );
    expect(text.stdout).toContain('现将《管理办法》印发给你们，详见澳门赌博网公告');
    expect(text.stdout).toContain('1 个文件，1 个被拦截');
  });

  it('prints one JSON line per file, in the order given, with the path as given', async () => {
    const result = await qianfa(['check', '--json', BLOCKED, CLEAN]);
    const reports = jsonLines(result.stdout);
    expect(reports.map((report) => [report.file, report.blocked])).toEqual([
      [BLOCKED, true],
      [CLEAN, false],
    ]);
    expect(Object.keys(reports[0]!)).toEqual(['file', 'blocked', 'grade', 'findings']);
    expect(result.code).toBe(1);
  });

  it('reads Markdown with front matter from stdin for -', async () => {
    const input = '---\ntitle: 皇冠足球比分\n---\n正文。\n';
    const result = await qianfa(['check', '--json', '-'], input);
    const [report] = jsonLines(result.stdout);
    expect(report!.file).toBe('-');
    expect(report!.findings.some((f) => f.field === 'title' && f.text === '皇冠足球比分')).toBe(true);
    expect(result.code).toBe(1);
  });

  it('walks directories in sorted order, skipping hidden entries and other extensions', async () => {
    const result = await qianfa(['check', '--json', `${FIXTURES}/tree`]);
    const reports = jsonLines(result.stdout);
    expect(reports.map((report) => report.file)).toEqual([
      `${FIXTURES}/tree/a.txt`,
      `${FIXTURES}/tree/b.md`,
      `${FIXTURES}/tree/sub/c.html`,
    ]);
    expect(reports.map((report) => report.blocked)).toEqual([false, true, false]);
    expect(result.code).toBe(1);
  });

  it('reports each bad input on one stderr line, checks the others and exits 2', async () => {
    const binary = join(temp, 'image.md');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const latin1 = join(temp, 'latin1.txt');
    writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const large = join(temp, 'large.txt');
    writeFileSync(large, '标题\n' + '正文。'.repeat(800_000));
    const missing = join(temp, 'missing.md');
    const invalid = `${FIXTURES}/invalid-front-matter.md`;
    const result = await qianfa(['check', '--json', missing, binary, CLEAN, latin1, large, invalid]);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `${missing}: 无法读取：文件或目录不存在`,
      `${binary}: 不是文本文件（含 NUL 字节），未检查`,
      `${latin1}: 不是 UTF-8 编码的文本，未检查`,
      `${large}: 文件过大（6.9 MB，上限 2 MB），未检查`,
      `${invalid}: front matter 第 3 行：kind 只能是 original 或 repost，不能是“原创”`,
    ]);
    expect(jsonLines(result.stdout).map((report) => report.file)).toEqual([CLEAN]);
    expect(result.code).toBe(2);
  });

  it('refuses more than 2 MB on stdin', async () => {
    const result = await qianfa(['check', '-'], '# 标题\n' + 'x'.repeat(2 * 1024 * 1024));
    expect(result.stderr).toBe('-: 输入超过 2 MB 上限，未检查\n');
    expect(result.code).toBe(2);
  });

  it('counts unreadable files in the text summary', async () => {
    const result = await qianfa(['check', CLEAN, join(temp, 'nope.md')]);
    expect(result.stdout).toMatch(/^1 个文件，0 个被拦截，共 \d+ 条发现，1 个无法检查$/m);
    expect(result.code).toBe(2);
  });

  it.each([
    [['check'], 'qianfa: check 需要至少一个路径（文件、目录或 -）。用法：qianfa check'],
    [['check', '--bogus', CLEAN], 'qianfa: 未知选项“--bogus”。用法：qianfa check'],
    [['check', CLEAN, '--wordlists'], 'qianfa: 选项“--wordlists <value>”的值无效'],
    [['publish'], 'qianfa: 未知命令“publish”。用法：qianfa <check|validate|help>'],
    [[], 'qianfa: 缺少命令'],
    [['validate', 'extra'], 'qianfa: 多余的参数“extra”'],
  ])('exits 2 with one usage line for %j', async (args, message) => {
    const result = await qianfa(args);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('exits 2 when the word lists cannot be loaded', async () => {
    const result = await qianfa(['check', '--wordlists', join(temp, 'no-such-dir'), CLEAN]);
    expect(result.stderr).toMatch(/^qianfa: 词表无法加载/);
    expect(result.code).toBe(2);
  });

  it('prints the version and the help', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await qianfa(['--version'])).stdout).toBe(`${manifest.version}\n`);
    const help = await qianfa(['--help']);
    expect(help.stdout).toContain('qianfa check [--json] [--wordlists DIR] PATH...');
    expect(help.code).toBe(0);
  });
});

describe('runCheck', () => {
  /** A writable that collects text, optionally pretending to be a terminal for cli-progress. */
  function sink(isTTY = false): PassThrough & { text: () => string } {
    const stream = new PassThrough() as PassThrough & {
      text: () => string;
      isTTY?: boolean;
      columns?: number;
    };
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    stream.text = () => chunks.join('');
    if (isTTY)
      Object.assign(stream, {
        isTTY: true,
        columns: 80,
        cursorTo: () => true,
        clearLine: () => true,
        moveCursor: () => true,
      });
    return stream;
  }

  const run = (paths: string[], options: { isTTY?: boolean; color?: boolean; json?: boolean } = {}) => {
    const stdout = sink();
    const stderr = sink(options.isTTY);
    const code = runCheck({
      paths: paths.map((path) => join(ROOT, path)),
      json: options.json ?? false,
      wordlistsDir: DEFAULT_WORDLISTS_DIR,
      stdin: new PassThrough(),
      stdout,
      stderr,
      isTTY: options.isTTY ?? false,
      color: options.color ?? false,
    });
    return code.then((exit) => ({ exit, stdout: stdout.text(), stderr: stderr.text() }));
  };

  it('colours the report only when asked', async () => {
    const plain = await run([BLOCKED]);
    const coloured = await run([BLOCKED], { color: true });
    const ESC = String.fromCharCode(27);
    expect(plain.stdout.includes(ESC)).toBe(false);
    expect(coloured.stdout.includes(`${ESC}[31m`)).toBe(true);
    expect(coloured.stdout.replaceAll(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(plain.stdout);
  });

  it('shows a progress bar on a terminal stderr and still prints every report after it', async () => {
    const withBar = await run([`${FIXTURES}/tree`], { isTTY: true, json: true });
    const without = await run([`${FIXTURES}/tree`], { json: true });
    expect(withBar.stderr).toContain('检查中');
    expect(without.stderr).toBe('');
    expect(withBar.stdout).toBe(without.stdout);
    expect(withBar.exit).toBe(1);
  });
});
