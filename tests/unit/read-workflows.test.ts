import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOWS_DIR, readWorkflows } from '../../src/adapters/files/read-workflows.js';
import { DEFAULT_WORDLISTS_DIR } from '../../src/create-checker.js';
import { runValidate } from '../../src/cli/commands/validate-command.js';

let dir: string;
let defaultYaml: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qianfa-workflows-'));
  defaultYaml = await readFile(join(DEFAULT_WORKFLOWS_DIR, 'default.yaml'), 'utf8');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => writeFile(join(dir, name), text);

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('readWorkflows', () => {
  it('reads the default and merges an organisation override onto it', async () => {
    await write('default.yaml', defaultYaml);
    await write(
      'chongchuan.yaml',
      'chains:\n  general:\n    - { id: review, role: reviewer, label: 审核 }\n    - { id: sign, role: deputy, label: 审签 }\n',
    );
    const read = await readWorkflows(dir);
    if (!('workflows' in read)) throw new Error(read.errors.join('\n'));
    const override = read.workflows.byOrg.get('chongchuan')!;
    expect(override.chains.general.map((stage) => stage.role)).toEqual(['reviewer', 'deputy']);
    expect(override.chains.major).toEqual(read.workflows.defaultWorkflow.chains.major);
    expect(override.tails).toEqual(read.workflows.defaultWorkflow.tails);
  });

  it('lists every problem with its file and path', async () => {
    await write('default.yaml', defaultYaml);
    await write('a.yaml', 'chains:\n  general:\n    - { id: review, role: boss, label: 审核 }\n');
    await write('b.yaml', 'tails:\n  original: "拟稿：{drafter}　审签：{nobody}"\n');
    const read = await readWorkflows(dir);
    expect('errors' in read && read.errors.length).toBe(2);
    const errors = 'errors' in read ? read.errors : [];
    expect(errors[0]).toMatch(new RegExp(`^${join(dir, 'a.yaml')}#chains\\.general\\[0\\]\\.role: `));
    expect(errors[1]).toMatch(new RegExp(`^${join(dir, 'b.yaml')}#tails\\.original: `));
  });

  it('reports a YAML syntax error with its line', async () => {
    await write('default.yaml', 'chains:\n  general: [\n');
    const read = await readWorkflows(dir);
    expect('errors' in read ? read.errors[0] : '').toMatch(/default\.yaml:\d+: YAML 语法错误/);
  });

  it('needs default.yaml, and says so', async () => {
    const read = await readWorkflows(dir);
    expect(read).toMatchObject({ errors: [`${join(dir, 'default.yaml')}: 缺少默认工作流文件`] });
  });
});

describe('qianfa validate: workflows', () => {
  const validate = async (workflowsDir: string) => {
    const stdout = sink();
    const stderr = sink();
    const code = await runValidate({
      wordlistsDir: DEFAULT_WORDLISTS_DIR,
      workflowsDir,
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  it('passes the shipped workflows', async () => {
    const result = await validate(DEFAULT_WORKFLOWS_DIR);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 个工作流文件，0 个错误');
  });

  it('exits 3 on an invalid workflow and 2 on a missing directory', async () => {
    await write('default.yaml', defaultYaml.replace('role: principal', 'role: admin'));
    const invalid = await validate(dir);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toContain('default.yaml#chains.major[2].role');
    expect((await validate(join(dir, 'missing'))).code).toBe(2);
  });
});
