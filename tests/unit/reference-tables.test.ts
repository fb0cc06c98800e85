import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readReference } from '../../src/adapters/files/read-reference.js';
import { runValidate, VALIDATE_EXIT } from '../../src/cli/commands/validate-command.js';
import { createChecker, DEFAULT_WORDLISTS_DIR, WordlistError } from '../../src/create-checker.js';
import { holdsOn, newestDate } from '../../src/domain/wording/reference-tables.js';

let dir: string;
let reference: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qianfa-reference-'));
  await cp(DEFAULT_WORDLISTS_DIR, dir, { recursive: true });
  reference = join(dir, 'reference');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Rewrites one shipped table with `edit` and returns what `qianfa validate` says on stderr, and its code. */
async function validateAfter(file: string, edit: (text: string) => string) {
  const path = join(reference, file);
  await writeFile(path, edit(await readFile(path, 'utf8')));
  let errors = '';
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, done) {
      errors += chunk.toString();
      done();
    },
  });
  const code = await runValidate({ wordlistsDir: dir, stdout: sink, stderr });
  return { code, errors: errors.split('\n').filter((line) => line !== '') };
}

describe('the shipped reference tables', () => {
  it('load, validate and name their versions', async () => {
    const read = await readReference(DEFAULT_WORDLISTS_DIR);
    if ('errors' in read || !read.reference) throw new Error(JSON.stringify(read));
    const { central, local, removed, protectedNames, laws } = read.reference;
    expect([central, removed, protectedNames, laws].map((table) => table.table)).toEqual([
      'central-leaders',
      'removed-officials',
      'protected-names',
      'laws',
    ]);
    expect(local.leaders).toEqual([]);
    expect(laws.laws.length).toBeGreaterThan(900);
    expect(laws.laws.filter((law) => law.level === 'law').length).toBeGreaterThan(300);
  });

  it('hold the 20th Standing Committee in order, and 韩正 as vice president from 2023-03-10', async () => {
    const read = await readReference(DEFAULT_WORDLISTS_DIR);
    if ('errors' in read || !read.reference) throw new Error('unreadable');
    const { central } = read.reference;
    const current = central.periods.find((period) => holdsOn(period, newestDate(central.periods)));
    expect(current?.order).toEqual(['习近平', '李强', '赵乐际', '王沪宁', '蔡奇', '丁薛祥', '李希']);
    const han = central.leaders.find((leader) => leader.name === '韩正')!;
    expect(han.titles.filter((term) => holdsOn(term, '2024-01-01')).map((term) => term.title)).toEqual([
      '国家副主席',
    ]);
  });

  it('pass qianfa validate with a summary line', async () => {
    expect((await validateAfter('laws.tsv', (text) => text)).code).toBe(VALIDATE_EXIT.ok);
  });
});

describe('qianfa validate on the reference tables', () => {
  it.each<[string, string, (text: string) => string, string]>([
    [
      'a malformed date',
      'central-leaders.yaml',
      (text) => text.replace('from: 2023-03-11 }', 'from: 2023-13-11 }'),
      '日期格式错误“2023-13-11”',
    ],
    [
      'from after to',
      'central-leaders.yaml',
      (text) => text.replace('from: 2013-03-15, to: 2023-03-11', 'from: 2023-03-15, to: 2013-03-11'),
      '李克强 国务院总理: from（2023-03-15）须早于 to（2013-03-11）',
    ],
    [
      'two holders of a single office at once',
      'central-leaders.yaml',
      (text) =>
        text.replace('{ title: 国务院总理, from: 2023-03-11 }', '{ title: 国务院总理, from: 2022-03-11 }'),
      '国务院总理：李克强 与 李强 的任期重叠',
    ],
    [
      'a name twice in one order',
      'central-leaders.yaml',
      (text) => text.replace('[习近平, 李强, 赵乐际,', '[习近平, 李强, 李强,'),
      '二十届中央政治局常委 排序中“李强”重复',
    ],
    [
      'a title that is no office',
      'central-leaders.yaml',
      (text) =>
        text.replace('{ title: 中央纪委书记, from: 2022-10-23 }', '{ title: 纪委书记, from: 2022-10-23 }'),
      '李希: 职务“纪委书记”不在 offices 中',
    ],
    [
      'a law name in brackets',
      'laws.tsv',
      (text) => `${text}《消防法》\tlaw\t\t\n`,
      '法律名称“《消防法》”格式错误',
    ],
    ['a duplicate law name', 'laws.tsv', (text) => `${text}消防法\tlaw\t\t\n`, '法律名称“消防法”重复'],
    [
      'a law with the prefix',
      'laws.tsv',
      (text) => `${text}中华人民共和国消防法\tlaw\t\t\n`,
      '名称不带“中华人民共和国”前缀',
    ],
    [
      'a successor that is not in force',
      'laws.tsv',
      (text) => `${text}某某管理条例\tregulation\t\t2020-01-01\t合同法\n`,
      '“某某管理条例”的 by“合同法”不是表中的现行名称',
    ],
    [
      'a successor on a name in force',
      'laws.tsv',
      (text) => `${text}某某管理条例\tregulation\t\t\t消防法\n`,
      '“某某管理条例”现行有效，不应写 by',
    ],
    [
      'an unknown law level',
      'laws.tsv',
      (text) => `${text}某某法\trule\t\t\n`,
      '级别须为 constitution、law、regulation 之一',
    ],
    [
      'a table without version',
      'removed-officials.yaml',
      (text) => text.replace(/^version: .*$/m, ''),
      'version',
    ],
    [
      'a duplicate removed official',
      'removed-officials.yaml',
      (text) => `${text}  - { name: 孙政才, from: 2017-07 }\n`,
      '“孙政才”重复',
    ],
    ['invalid YAML', 'protected-names.yaml', (text) => `${text}  - { name: [\n`, 'YAML 格式错误'],
  ])('reports %s and exits 3', async (_case, file, edit, message) => {
    const { code, errors } = await validateAfter(file, edit);
    expect(code).toBe(VALIDATE_EXIT.invalid);
    expect(
      errors.some((line) => line.startsWith(join(reference, file)) && line.includes(message)),
      errors.join('\n'),
    ).toBe(true);
  });

  it('makes createChecker fail with every problem', async () => {
    await validateAfter('laws.tsv', (text) => `${text}消防法\tlaw\t\t\n`);
    await expect(createChecker({ wordlistsDir: dir })).rejects.toBeInstanceOf(WordlistError);
  });

  it('runs without wording reference rules when the folder is absent', async () => {
    await rm(reference, { recursive: true });
    const checker = await createChecker({ wordlistsDir: dir });
    expect(checker.check({ title: '通知', body: '国家副主席李强出席' }).findings).toEqual([]);
  });
});
