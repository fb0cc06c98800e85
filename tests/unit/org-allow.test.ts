import { beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../../src/create-checker.js';
import type { Checker } from '../../src/domain/checks/build-checker.js';
import type { Finding } from '../../src/domain/checks/finding.js';
import {
  allowTextOf,
  isLongEnough,
  isMarkable,
  validateAllowEntries,
  withoutAllowed,
} from '../../src/domain/checks/org-allow.js';
import type { Wordlist } from '../../src/domain/checks/wordlist-types.js';
import type { Draft } from '../../src/domain/draft.js';
import { identityView } from '../../src/domain/text/text-view.js';

const finding = (props: Partial<Finding> & Pick<Finding, 'start' | 'end'>): Finding => ({
  rule: 'wordlist:gambling',
  category: 'gambling',
  action: 'block',
  field: 'body',
  text: '',
  message: '',
  ...props,
});

const views = (title: string, body: string) => ({ title: identityView(title), body: identityView(body) });

describe('isMarkable: only wording findings can be taught away', () => {
  it.each([
    ['wordlist:gambling', 'gambling', true],
    ['wordlist:ad', 'ad', true],
    ['wordlist:wording-errors', 'wording', true],
    ['opinion:personal', 'opinion', true],
    ['grade:emergency', 'emergency', true],
    ['wording:protected-name', 'wording', true],
    ['privacy:mobile', 'privacy', false],
    ['privacy:id-number', 'privacy', false],
    ['link:commerce', 'link', false],
    ['link:script', 'link', false],
    ['source:unauthorised', 'source', false],
    ['title:altered', 'title', false],
    ['html:hidden', 'wording', false],
    ['wordlist:link-commerce', 'link', false],
  ] as const)('%s (%s) → %s', (rule, category, expected) => {
    expect(isMarkable({ rule, category })).toBe(expected);
  });
});

describe('withoutAllowed', () => {
  const body = '本店菠菜新鲜上市，欢迎选购菠菜。';
  const first = finding({ start: 2, end: 4, text: '菠菜' });
  const second = finding({ start: 13, end: 15, text: '菠菜' });

  it.each([
    ['an entry around the finding drops it', ['菠菜新鲜'], [second]],
    ['an entry equal to the finding drops every occurrence', ['菠菜'], []],
    ['an entry only overlapping the finding keeps it', ['菜新鲜上市'], [first, second]],
    ['no entries keep everything', [], [first, second]],
    ['one-character entries are ignored', ['菠'], [first, second]],
    ['an entry written in traditional characters still folds', ['菠菜新鮮'], [second]],
  ])('%s', (_name, entries, expected) => {
    expect(withoutAllowed([first, second], views('通知', body), entries)).toEqual(expected);
  });

  it('finds the entry across noise the matcher skips', () => {
    const noisy = '本店菠 菜·新鲜上市';
    const hit = finding({ start: 2, end: 5, text: '菠 菜' });
    expect(withoutAllowed([hit], views('通知', noisy), ['菠菜新鲜'])).toEqual([]);
  });

  it('never drops privacy, link or source findings', () => {
    const text = '联系电话13800138000';
    const privacy = finding({ rule: 'privacy:mobile', category: 'privacy', start: 4, end: 15 });
    expect(withoutAllowed([privacy], views('通知', text), ['联系电话13800138000'])).toEqual([privacy]);
  });

  it('keeps the title and the body apart', () => {
    const inTitle = finding({ field: 'title', start: 0, end: 2, text: '菠菜' });
    expect(withoutAllowed([inTitle], views('菠菜', '菠菜新鲜'), ['菠菜新鲜'])).toEqual([inTitle]);
  });
});

describe('allowTextOf and isLongEnough', () => {
  it.each([
    ['text', { title: '通知', body: '菠菜新鲜上市' }, 0, 4, '菠菜新鲜'],
    [
      'HTML tags inside the span',
      { title: '通知', body: '<p>菠<b>菜</b>新鲜</p>', format: 'html' },
      3,
      18,
      '菠菜新鲜',
    ],
    ['full width and case', { title: '通知', body: 'ＢｏＣａｉ价格' }, 0, 5, 'bocai'],
  ] as const)('%s', (_name, draft, start, end, expected) => {
    expect(allowTextOf(draft as Draft, { field: 'body', start, end })).toBe(expected);
  });

  it.each([
    ['菠菜', true],
    ['菠', false],
    ['菠 ·', false],
    ['ab', true],
  ])('%s → %s', (entry, expected) => {
    expect(isLongEnough(entry)).toBe(expected);
  });
});

describe('the checker applies CheckScope.allow', () => {
  let checker: Checker;
  beforeAll(async () => {
    checker = await createChecker();
  });

  it('never lets allowed text, repeated past the caps, hide a real match of the same list', () => {
    const draft: Draft = { title: '通知', body: `${'百家乐文化节，'.repeat(6000)}另有澳门赌场线上开户。` };
    const taught = checker.check(draft, { allow: ['百家乐文化节'] });
    expect(taught.blocked).toBe(true);
    expect(taught.findings.filter((f) => f.action === 'block').map((f) => f.text)).toContain('澳门赌场');
  });

  it('drops a word-list finding in the scope that allows it, and only there', () => {
    const draft: Draft = { title: '通知', body: '全区开展百家乐文化节活动。' };
    const plain = checker.check(draft);
    const hit = plain.findings.find((f) => f.rule.startsWith('wordlist:gambling'));
    expect(hit).toBeDefined();
    const entry = allowTextOf(draft, hit!);
    const taught = checker.check(draft, { allow: [`${entry}文化节`] });
    expect(taught.findings.filter((f) => f.rule.startsWith('wordlist:gambling'))).toEqual([]);
    expect(taught.blocked).toBe(false);
    expect(checker.check(draft, { allow: ['别的说法'] })).toEqual(plain);
  });

  it('keeps a mobile number blocked whatever the entries say', () => {
    const draft: Draft = { title: '通知', body: '联系人张三，电话13912345678。' };
    const report = checker.check(draft, { allow: ['电话13912345678'] });
    expect(report.findings.some((f) => f.category === 'privacy')).toBe(true);
  });
});

describe('validateAllowEntries', () => {
  const gambling: Wordlist = {
    name: 'gambling',
    type: 'words',
    category: 'gambling',
    action: 'block',
    description: '赌博',
    source: 'R6',
    ascii: 'substring',
    entries: [{ text: '百家乐', line: 1 }],
  };
  const denies = (text: string) => /百家[乐樂]/.test(text);
  const entries = (...texts: string[]) => texts.map((text, i) => ({ id: `e${i + 1}`, text }));

  it.each([
    ['a useful entry', entries('百家乐文化节'), [], []],
    ['one character', entries('百'), ['org:1: 「百」规范化后只剩「百」，范围过宽'], [/org:1: 警告：「百」/]],
    [
      'entries folding alike',
      entries('百家乐文化节', '百家樂文化節'),
      ['org:2: 「百家樂文化節」与第 1 行「百家乐文化节」规范化后相同'],
      [],
    ],
    [
      'an entry with no deny match',
      entries('秋粮收购'),
      [],
      [/org:1: 警告：「秋粮收购」（e1）不含任何可标记的命中/],
    ],
    [
      'an entry cancelling a deny entry',
      entries('百家乐'),
      [],
      [/org:1: 警告：.*白名单条目会使另一条永不命中/],
    ],
  ] as const)('%s', (_name, given, errors, warnings) => {
    const problems = validateAllowEntries(given, [gambling], denies, 'org');
    expect(problems.errors).toEqual(errors);
    expect(problems.warnings).toHaveLength(warnings.length);
    warnings.forEach((pattern, i) => expect(problems.warnings[i]).toMatch(pattern));
  });
});
