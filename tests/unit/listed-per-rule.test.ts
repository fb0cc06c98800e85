import { describe, expect, it } from 'vitest';
import { createChecker } from '../../src/create-checker.js';
import type { Finding } from '../../src/domain/checks/finding.js';
import {
  FINDINGS_PER_RULE,
  listedPerRule,
  summariseFindings,
} from '../../src/domain/checks/summarise-findings.js';

/** Item i at [2i, 2i+1): its key decides its rule (`none` gives no finding). */
const findingFor = (key: string, i: number): Finding | undefined =>
  key === 'none'
    ? undefined
    : {
        rule: key,
        category: 'link',
        action: 'block',
        field: 'body',
        start: 2 * i,
        end: 2 * i + 1,
        text: 'x',
        message: key,
      };

describe('listedPerRule', () => {
  it.each([
    ['one rule under the cap', ['a'], 40],
    ['one rule over the cap', ['a'], 250],
    ['two rules interleaved, one over the cap', ['a', 'b', 'a', 'none'], 300],
    ['keys without findings only', ['none'], 150],
    ['two keys of one rule', ['a', 'a2'], 260],
  ])('lists what summarising every finding would list: %s', (_name, keys, count) => {
    const items = Array.from({ length: count }, (_, i) => ({ i, key: keys[i % keys.length]! }));
    const rule = (key: string) => (key === 'a2' ? 'a' : key);
    const build = ({ i, key }: { i: number; key: string }) => findingFor(rule(key), i);
    const all = items.flatMap((item) => build(item) ?? []);
    const listed = listedPerRule(items, ({ key }) => key, build);
    expect(summariseFindings(listed)).toEqual(summariseFindings(all));
    expect(listed.length).toBeLessThanOrEqual(2 * FINDINGS_PER_RULE);
  });
});

describe('checker on many links and personal numbers', async () => {
  const checker = await createChecker();
  it.each([
    ['links to one host', 'text', '参见 http://example.top/a 。', 'link:external'],
    ['resident IDs', 'text', '身份证 11010519491231002X ，', 'privacy:id-number'],
    ['mobiles', 'text', '电话 13800138000 ，', 'privacy:mobile'],
  ] as const)('lists %s up to the cap and counts the rest', (_name, format, unit, rule) => {
    const report = checker.check({ title: '通知', body: unit.repeat(FINDINGS_PER_RULE + 37), format });
    const listed = report.findings.filter((finding) => finding.rule === rule);
    expect(listed).toHaveLength(FINDINGS_PER_RULE);
    expect(listed.at(-1)!.message).toContain('另有 37 处');
    expect(listed.slice(0, -1).every((finding) => !finding.message.includes('另有'))).toBe(true);
  });
});
