import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWordlists } from '../../src/adapters/files/read-wordlists.js';
import { DEFAULT_WORKFLOWS_DIR } from '../../src/adapters/files/read-workflows.js';
import { DEFAULT_PROFILES_DIR } from '../../src/adapters/files/read-monitor-profiles.js';
import { runValidate } from '../../src/cli/commands/validate-command.js';

const header = (category: string, action = 'block') =>
  [
    `# category: ${category}`,
    '# type: words',
    `# action: ${action}`,
    '# description: 测试',
    '# source: R6',
  ].join('\n');

const GAMBLING = `${header('gambling')}\n澳门赌博\n百家乐\n`;
const AD = `${header('ad')}\n扫码领红包\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qianfa-wordlists-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
}

function collector(): { stream: Writable; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => text.split('\n').filter((line) => line !== '') };
}

async function validate(wordlistsDir = dir) {
  const stdout = collector();
  const stderr = collector();
  const code = await runValidate({ wordlistsDir, stdout: stdout.stream, stderr: stderr.stream });
  // These tests are about the word lists; the shipped workflows' summary line is tested in read-workflows.test.ts.
  const wordlistLines = stdout
    .lines()
    .filter((line) => !line.startsWith(DEFAULT_WORKFLOWS_DIR) && !line.startsWith(DEFAULT_PROFILES_DIR));
  return { code, stdout: wordlistLines, stderr: stderr.lines() };
}

describe('runValidate', () => {
  it('prints a summary and exits 0 for valid lists', async () => {
    await write({ 'gambling.txt': GAMBLING, 'ad.txt': AD });
    expect(await validate()).toEqual({
      code: 0,
      stdout: [`${dir}: 2 个词表，3 个条目，0 个错误，0 个警告`],
      stderr: [],
    });
  });

  it('prints every parse error as path:line: message on stderr and exits 3', async () => {
    await write({
      'gambling.txt': `${GAMBLING}百家乐\n赌\n`,
      'ad.txt': AD.replace('# type: words', '# type: word'),
    });
    const result = await validate();
    expect(result.code).toBe(3);
    expect(result.stderr).toEqual([
      `${join(dir, 'ad.txt')}:2: 表头「type」的值「word」无效，可用：words、terms、allow、sources、domains`,
      `${join(dir, 'gambling.txt')}:8: 重复条目「百家乐」（第 7 行已有）`,
      `${join(dir, 'gambling.txt')}:9: 单字条目「赌」范围过宽，至少写两个字`,
    ]);
    expect(result.stdout).toEqual([`${dir}: 3 个错误，0 个警告`]);
  });

  it('reports entries that fold onto each other under the real fold as errors', async () => {
    await write({ 'wording.txt': `${header('wording')}\n开发区\n開發區\n` });
    const result = await validate();
    expect(result.code).toBe(3);
    expect(result.stderr).toEqual([
      `${join(dir, 'wording.txt')}:7: 「開發區」与第 6 行「开发区」规范化后相同`,
    ]);
    expect(result.stdout).toEqual([`${dir}: 1 个词表，2 个条目，1 个错误，0 个警告`]);
  });

  it('prints warnings but exits 0 when there are no errors', async () => {
    await write({ 'gambling.txt': GAMBLING, 'claims.txt': `${header('ad', 'review')}\n澳門賭博\n` });
    const result = await validate();
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([
      `${join(dir, 'gambling.txt')}:6: 警告：「澳门赌博」与 ${join(dir, 'claims.txt')}:6 的「澳門賭博」规范化后相同，处理方式不同（review / block）`,
    ]);
    expect(result.stdout).toEqual([`${dir}: 2 个词表，3 个条目，0 个错误，1 个警告`]);
  });

  it('exits 2 when the directory does not exist', async () => {
    const missing = join(dir, 'missing');
    expect(await validate(missing)).toEqual({
      code: 2,
      stdout: [`${missing}: 无法读取词表目录`],
      stderr: [`${missing}: 词表目录不存在或不是目录`],
    });
  });

  it('formats large counts with thousands separators', async () => {
    const entries = Array.from({ length: 1200 }, (_, i) => `条目${i}`).join('\n');
    await write({ 'gambling.txt': `${header('gambling')}\n${entries}\n` });
    expect((await validate()).stdout).toEqual([`${dir}: 1 个词表，1,200 个条目，0 个错误，0 个警告`]);
  });
});

describe('readWordlists', () => {
  it('reads the .txt lists sorted by name, named after their files, ignoring other files and folders', async () => {
    await write({ 'gambling.txt': GAMBLING, 'ad.txt': AD, 'README.md': '# 说明' });
    await mkdir(join(dir, 'old.txt'));
    const result = await readWordlists(dir);
    if ('errors' in result) throw new Error(result.errors.join('\n'));
    expect(result.lists.map((list) => [list.name, list.entries.length])).toEqual([
      ['ad', 1],
      ['gambling', 2],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['a missing directory', 'missing', '词表目录不存在'],
    ['a file instead of a directory', 'gambling.txt', '不是目录'],
  ])('names %s in its error', async (_what, name, message) => {
    await write({ 'gambling.txt': GAMBLING });
    expect(await readWordlists(join(dir, name))).toEqual({ errors: [`${join(dir, name)}: ${message}`] });
  });

  it('fails on a directory without lists', async () => {
    expect(await readWordlists(dir)).toEqual({ errors: [`${dir}: 词表目录中没有 .txt 词表`] });
  });

  it('rejects a file that is not UTF-8 and still reports the problems of the other files', async () => {
    await write({ 'a.txt': Buffer.from([0xb0, 0xc4, 0xc3, 0xc5]), 'b.txt': `${GAMBLING}赌\n` });
    expect(await readWordlists(dir)).toEqual({
      errors: [
        `${join(dir, 'a.txt')}:1: 不是有效的 UTF-8 文本`,
        `${join(dir, 'b.txt')}:8: 单字条目「赌」范围过宽，至少写两个字`,
      ],
    });
  });
});
