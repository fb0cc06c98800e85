import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseWorkflow } from '../../src/domain/workflow/parse-workflow.js';
import type { WorkflowDefinition } from '../../src/domain/workflow/workflow-definition.js';

const DIR = join(import.meta.dirname, '../../workflows');
const read = (name: string): unknown => parse(readFileSync(join(DIR, name), 'utf8'));

function loadDefault(): WorkflowDefinition {
  const result = parseWorkflow(read('default.yaml'), 'workflows/default.yaml');
  if (!('definition' in result)) throw new Error(result.errors.join('\n'));
  expect(result.warnings).toEqual([]);
  return result.definition;
}

describe('workflows/default.yaml', () => {
  it('has the chains of issue 3 for every grade', () => {
    const { chains } = loadDefault();
    const shape = (grade: keyof typeof chains) =>
      chains[grade].map((stage) => `${stage.id}:${stage.role}:${stage.label}`);
    expect(shape('general')).toEqual(['review:reviewer:审核', 'sign:editor:审签']);
    expect(shape('important')).toEqual(['review:reviewer:审核', 'sign:deputy:审签']);
    expect(shape('major')).toEqual(['review:reviewer:审核', 'check:deputy:复核', 'sign:principal:审签']);
  });

  it('has the tail templates of seed 000 art. 17, separated by ideographic spaces', () => {
    expect(loadDefault().tails).toEqual({
      original: '拟稿：{drafter}\u3000审核：{reviewer}\u3000审签：{signer}',
      repost: '来源：{source}\u3000审核：{reviewer}',
    });
  });

  it('is followed by every per-organisation override in the folder', () => {
    const base = loadDefault();
    const overrides = readdirSync(DIR).filter((name) => name.endsWith('.yaml') && name !== 'default.yaml');
    for (const name of overrides) {
      const result = parseWorkflow(read(name), `workflows/${name}`, base);
      expect('errors' in result ? result.errors : []).toEqual([]);
    }
  });
});
