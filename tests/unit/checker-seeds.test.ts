import { beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../../src/create-checker.js';
import type { Checker } from '../../src/domain/checks/build-checker.js';
import type { Finding } from '../../src/domain/checks/finding.js';
import { INJECTED, SEED_FILES, cleanSeed, occurrences, readSeed, seedDraft } from '../helpers/seeds.js';

let checker: Checker;
beforeAll(async () => {
  checker = await createChecker();
});

const fieldText = (draft: { title: string; body: string }, field: Finding['field']) =>
  field === 'title' ? draft.title : draft.body;

describe('checker on the seed regulations', () => {
  it.each(Object.entries(INJECTED))(
    'puts a gambling finding over every injected string in %s',
    (prefix, injected) => {
      const draft = seedDraft(readSeed(prefix));
      const report = checker.check(draft);
      expect(report.blocked).toBe(true);
      const gambling = report.findings.filter((finding) => finding.category === 'gambling');
      for (const field of ['title', 'body'] as const) {
        const text = fieldText(draft, field);
        for (const needle of injected) {
          for (const [start, end] of occurrences(text, needle)) {
            const blocking = gambling.filter(
              (f) => f.field === field && f.action === 'block' && f.start >= start && f.end <= end,
            );
            expect(blocking, `${needle} at ${field}:${start}`).not.toHaveLength(0);
          }
        }
      }
    },
  );

  it('sees all seven 澳门赌博网 in 000 (six replacing 关于, one in the header) and the 365 line in 001', () => {
    const draft000 = seedDraft(readSeed('000'));
    expect(occurrences(draft000.title, '澳门赌博网')).toHaveLength(1);
    expect(occurrences(draft000.body, '澳门赌博网')).toHaveLength(6);
    expect(occurrences(readSeed('001'), INJECTED['001'][0])).toHaveLength(1);
  });

  it.each(SEED_FILES.map((file) => file.slice(0, 3)))(
    'finds no gambling, porn or ad in seed %s once the injections are removed',
    (prefix) => {
      const report = checker.check(seedDraft(cleanSeed(prefix)));
      const spam = report.findings.filter((f) => ['gambling', 'porn', 'ad'].includes(f.category));
      expect(spam).toEqual([]);
    },
  );

  it.each(['000', '002', '003', '004'])(
    'does not block seed %s once the injections are removed',
    (prefix) => {
      const report = checker.check(seedDraft(cleanSeed(prefix)));
      expect(report.findings.filter((f) => f.action === 'block')).toEqual([]);
      expect(report.blocked).toBe(false);
    },
  );

  it('blocks seed 001 only for its genuine wrong law name, and passes once that is corrected', () => {
    const cleaned = cleanSeed('001');
    const blocking = checker.check(seedDraft(cleaned)).findings.filter((f) => f.action === 'block');
    expect(blocking.map((f) => [f.category, f.text, f.suggestion])).toEqual([
      ['wording', '中华人民共和国信息公开条例', '中华人民共和国政府信息公开条例'],
    ]);
    const corrected = cleaned.replace('中华人民共和国信息公开条例', '中华人民共和国政府信息公开条例');
    expect(checker.check(seedDraft(corrected)).blocked).toBe(false);
  });

  it('does not block the traditional seed 003 with its pinyin annotations, as it stands', () => {
    expect(checker.check(seedDraft(readSeed('003'))).blocked).toBe(false);
  });

  it('reports offsets that point at the submitted text', () => {
    const draft = seedDraft(readSeed('000'));
    for (const finding of checker.check(draft).findings) {
      expect(fieldText(draft, finding.field).slice(finding.start, finding.end)).toBe(finding.text);
    }
  });
});
