import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../src/domain/workflow/parse-workflow.js';
import type { WorkflowDefinition } from '../../src/domain/workflow/workflow-definition.js';

const FILE = 'workflows/test.yaml';
const chain = (...roles: string[]) =>
  roles.map((role, index) => ({ id: `s${index}`, role, label: `环节${index}` }));
const valid = () => ({
  chains: {
    general: chain('reviewer', 'editor'),
    important: chain('reviewer', 'deputy'),
    major: chain('reviewer', 'deputy', 'principal'),
  },
  tails: {
    original: '拟稿：{drafter}　审核：{reviewer}　审签：{signer}',
    repost: '来源：{source}　审核：{reviewer}',
  },
});

function definitionOf(result: ReturnType<typeof parseWorkflow>): WorkflowDefinition {
  if (!('definition' in result)) throw new Error(result.errors.join('\n'));
  return result.definition;
}
const errorsOf = (result: ReturnType<typeof parseWorkflow>): string[] =>
  'errors' in result ? result.errors : [];

describe('parseWorkflow', () => {
  it('accepts a complete workflow without warnings', () => {
    const result = parseWorkflow(valid(), FILE);
    expect(result.warnings).toEqual([]);
    expect(definitionOf(result).chains.major.map((s) => s.role)).toEqual(['reviewer', 'deputy', 'principal']);
  });

  it('never lets a workflow name an administrator as a stage', () => {
    for (const role of ['admin', 'installation_admin']) {
      const input = { ...valid(), chains: { ...valid().chains, general: chain('reviewer', role) } };
      expect(errorsOf(parseWorkflow(input, FILE))).toEqual([
        `${FILE}#chains.general[1].role: 未知或不可审签的角色，可用：reviewer、editor、deputy、principal`,
      ]);
    }
  });

  it('lists every problem at once with its path', () => {
    const input = {
      chain: [],
      chains: {
        general: [{ id: 'Review', role: 'boss', label: '' }],
        important: [],
        major: [
          { id: 'a', role: 'drafter', label: '甲', extra: 1 },
          { id: 'a', role: 'deputy', label: '乙' },
          'x',
        ],
        urgent: chain('reviewer'),
      },
      tails: { original: '拟稿：{drafter}　来源：{source}　{who}', repost: '来源：{source' },
    };
    expect(errorsOf(parseWorkflow(input, FILE))).toEqual([
      `${FILE}#chain: 未知字段，可用字段：chains、tails`,
      `${FILE}#chains.urgent: 未知字段，可用字段：general、important、major`,
      `${FILE}#chains.general[0].id: 应为小写英文标识，如 review、sign`,
      `${FILE}#chains.general[0].role: 未知或不可审签的角色，可用：reviewer、editor、deputy、principal`,
      `${FILE}#chains.general[0].label: 应为非空的中文环节名称，如 审核、审签`,
      `${FILE}#chains.important: 应为至少含一个环节的列表`,
      `${FILE}#chains.major[0].extra: 未知字段，可用字段：id、role、label`,
      `${FILE}#chains.major[0].role: 未知或不可审签的角色，可用：reviewer、editor、deputy、principal`,
      `${FILE}#chains.major[2]: 应为对象，含 id、role、label`,
      `${FILE}#chains.major[1].id: 环节 id "a" 重复`,
      `${FILE}#tails.original: 未知占位符 {who}，可用：{drafter}{reviewer}{signer}{source}`,
      `${FILE}#tails.original: 原创稿没有来源，模板中不能使用 {source}`,
      `${FILE}#tails.repost: 花括号不成对`,
    ]);
  });

  it.each([
    [null, `${FILE}: 工作流文件应为对象，含 chains 和 tails`],
    [[], `${FILE}: 工作流文件应为对象，含 chains 和 tails`],
    [{ tails: valid().tails }, `${FILE}#chains: 应为对象，按等级（general、important、major）列出审签链`],
    [{ chains: valid().chains }, `${FILE}#tails: 缺少尾注模板 tails`],
    [
      { ...valid(), chains: { general: chain('reviewer'), important: chain('reviewer') } },
      `${FILE}#chains.major: 缺少这一等级的审签链`,
    ],
    [{ ...valid(), tails: { original: '拟稿：{drafter}' } }, `${FILE}#tails.repost: 缺少尾注模板`],
    [{ ...valid(), tails: { ...valid().tails, repost: ' ' } }, `${FILE}#tails.repost: 应为非空字符串`],
  ])('rejects %j', (input, error) => {
    expect(errorsOf(parseWorkflow(input, FILE))).toEqual([error]);
  });

  it('warns about plausible mistakes but still accepts the file', () => {
    const input = {
      chains: {
        general: chain('editor'),
        important: chain('reviewer', 'reviewer'),
        major: chain('reviewer', 'principal'),
      },
      tails: { original: '审核：{reviewer}', repost: '来源：{source}　审核：{reviewer}' },
    };
    const result = parseWorkflow(input, FILE);
    expect(definitionOf(result).chains.general).toHaveLength(1);
    expect(result.warnings).toEqual([
      `${FILE}#tails.original: 模板没有 {drafter}{signer}，尾注将缺少这些人员或来源`,
      `${FILE}#chains.general: 没有 reviewer 环节：须确认的机审命中项将由第一个环节确认`,
      `${FILE}#chains.important: 最后一个环节的角色低于「general」等级的审签角色`,
    ]);
  });
});

describe('parseWorkflow: per-organisation override', () => {
  const base = definitionOf(parseWorkflow(valid(), 'workflows/default.yaml'));

  it('inherits what the override leaves out and replaces a given chain whole', () => {
    const override = {
      chains: { general: chain('reviewer', 'deputy', 'principal') },
      tails: { repost: '转自：{source}　审核：{reviewer}' },
    };
    const merged = definitionOf(parseWorkflow(override, 'workflows/cc.yaml', base));
    expect(merged.chains.general.map((s) => s.role)).toEqual(['reviewer', 'deputy', 'principal']);
    expect(merged.chains.important).toBe(base.chains.important);
    expect(merged.chains.major).toBe(base.chains.major);
    expect(merged.tails).toEqual({
      original: base.tails.original,
      repost: '转自：{source}　审核：{reviewer}',
    });
  });

  it('accepts an empty override as the base itself', () => {
    expect(definitionOf(parseWorkflow({}, 'workflows/cc.yaml', base))).toEqual(base);
  });

  it('validates the override with its own file name', () => {
    const result = parseWorkflow({ chains: { major: chain('admin') } }, 'workflows/cc.yaml', base);
    expect(errorsOf(result)).toEqual([
      'workflows/cc.yaml#chains.major[0].role: 未知或不可审签的角色，可用：reviewer、editor、deputy、principal',
    ]);
  });

  it('checks the merged chains together', () => {
    const result = parseWorkflow(
      { chains: { major: chain('reviewer', 'editor') } },
      'workflows/cc.yaml',
      base,
    );
    expect(result.warnings).toEqual([
      'workflows/cc.yaml#chains.major: 最后一个环节的角色低于「important」等级的审签角色',
    ]);
  });
});
