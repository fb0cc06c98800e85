import { beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../../src/create-checker.js';
import type { Checker } from '../../src/domain/checks/build-checker.js';
import { FINDINGS_PER_RULE } from '../../src/domain/checks/summarise-findings.js';
import type { Draft, DraftFormat } from '../../src/domain/draft.js';
import { MAX_SENTENCE, sentencesOf } from '../../src/domain/grading/sentences.js';

let checker: Checker;
beforeAll(async () => {
  checker = await createChecker();
});

const draft = (body: string, format: DraftFormat = 'text'): Draft => ({ title: '通知', body, format });
const gamblingAt = (report: ReturnType<Checker['check']>) =>
  report.findings.filter((f) => f.category === 'gambling' && f.action === 'block');

/** Pathological inputs still give the right verdict and findings (speed is in bench/adversarial-bench.ts). */
describe('checker on pathological inputs', () => {
  it('finds a gambling word inside 100k nested divs', () => {
    const body = `${'<div>'.repeat(100_000)}澳门赌博网${'</div>'.repeat(100_000)}`;
    const report = checker.check(draft(body, 'html'));
    expect(report.blocked).toBe(true);
    expect(gamblingAt(report).map((f) => f.text)).toContain('澳门赌博网');
  });

  it('finds a gambling word after unclosed inline tags nested 50k deep', () => {
    const body = `${'<span><b><i>'.repeat(50_000)}澳门赌博网`;
    expect(gamblingAt(checker.check(draft(body, 'html'))).map((f) => f.text)).toContain('澳门赌博网');
  });

  it('finds a gambling word after 20k opening brackets in Markdown', () => {
    const body = `${'['.repeat(20_000)}澳门赌博网`;
    const report = checker.check(draft(body, 'markdown'));
    expect(gamblingAt(report).map((f) => f.text)).toContain('澳门赌博网');
  });

  it('lists a repeated word a bounded number of times, counts the rest and stays blocked', () => {
    const report = checker.check(draft('澳门赌博网，'.repeat(20_000)));
    expect(report.blocked).toBe(true);
    // 澳门赌博网 is in two gambling lists; each list (rule) is capped on its own.
    const gambling = gamblingAt(report).filter((f) => f.rule === gamblingAt(report)[0]!.rule);
    expect(gambling).toHaveLength(FINDINGS_PER_RULE);
    expect(gambling.at(-1)!.message).toMatch(/同类问题另有 \d+ 处未逐一列出/);
    const repetition = report.findings.filter((f) => f.rule === 'integrity:repetition');
    expect(repetition).not.toHaveLength(0);
    expect(repetition.every((f) => f.action === 'review')).toBe(true);
  });

  it('still blocks on a different word placed after thousands of repeats', () => {
    const report = checker.check(draft(`${'澳门赌博网，'.repeat(20_000)}同城约炮`));
    expect(report.blocked).toBe(true);
    expect(report.findings.some((f) => f.category === 'porn' && f.action === 'block')).toBe(true);
  });

  it('cuts a line without a sentence end into bounded sentences that cover it', async () => {
    const line = `${'各部门要认真落实工作要求'.repeat(10_000)}`;
    const report = checker.check(draft(line));
    expect(report.blocked).toBe(false);
    const { body } = await scanOf(line);
    const sentences = sentencesOf(body);
    expect(Math.max(...sentences.map((s) => s.end - s.start))).toBeLessThanOrEqual(MAX_SENTENCE);
    expect(sentences[0]!.start).toBe(0);
    expect(sentences.at(-1)!.end).toBe(line.length);
    sentences.slice(1).forEach((s, i) => expect(s.start).toBe(sentences[i]!.end));
  });
});

/** The body's scan as the rules see it, taken through a rule that records its context. */
async function scanOf(body: string) {
  const { buildChecker } = await import('../../src/domain/checks/build-checker.js');
  let seen: Parameters<Parameters<typeof buildChecker>[1][number]>[0] | undefined;
  buildChecker([], [(context) => ((seen = context), [])], {
    sources: [],
    allowedDomains: [],
    shortenerDomains: [],
    commerceDomains: [],
  }).check(draft(body));
  return seen!;
}
