import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/checks/finding.js';
import { foldKey } from '../../src/domain/matching/fold-table.js';
import { stripPinyin } from '../../src/domain/text/strip-pinyin.js';
import { identityView } from '../../src/domain/text/text-view.js';
import { SEED_FILES, cleanSeed } from '../helpers/seeds.js';
import { scanOf, shippedLists, wordFindings } from './helpers/term-matches.js';

/*
 * Wording errors need no rule of their own: `words` lists with `wrong => right` entries become findings with
 * the correction as suggestion. These tests check the shipped lists through the same stand-in matcher.
 */
const LISTS = shippedLists('wording-');
const brief = (finding: Finding) => [finding.rule, finding.action, finding.text, finding.suggestion];
const run = (body: string) => wordFindings(scanOf(body, LISTS)).map(brief);

/** Correct phrases no wording entry may occur in. */
const CORRECT = [
  '习近平总书记',
  '习近平新时代中国特色社会主义思想',
  '认真学习总书记重要讲话精神',
  '中共中央总书记、国家主席、中央军委主席习近平',
  '中国共产党',
  '中华人民共和国政府信息公开条例',
  '扫黑除恶',
  '常态化扫黑除恶斗争',
  '国家卫生健康委员会',
  '国家市场监督管理总局',
  '中共江苏省委书记',
  '南通市委书记',
  '区人大常委会主任',
];

describe('wording lists', () => {
  it.each([
    ['TC50 misspelt name', '深入学习贯彻习近凭总书记重要讲话精神', '习近凭', '习近平'],
    ['misspelt title', '习近平总书计强调', '习近平总书计', '习近平总书记'],
    ['misspelt surname', '刁近平同志', '刁近平', '习近平'],
    ['TC51 abbreviated title', '认真学习习总书记重要讲话', '习总书记', '习近平总书记'],
    ['a nickname for the leader', '一幅题为《习大大和孩子们》的画', '习大大', '习近平总书记'],
    ['the Party name', '中国共产觉成立一百周年', '中国共产觉', '中国共产党'],
    ['TC56 slogan', '深入推进扫黑险恶专项斗争', '扫黑险恶', '扫黑除恶'],
    [
      'TC57 law name',
      '根据《中华人民共和国信息公开条例》',
      '中华人民共和国信息公开条例',
      '中华人民共和国政府信息公开条例',
    ],
  ])('blocks %s with its correction', (_case, body, text, suggestion) => {
    expect(run(body)).toEqual([['wordlist:wording-errors', 'block', text, suggestion]]);
  });

  it.each([
    '通过系统学习大大提高了业务水平',
    '开展消防演习，大大提升了应急处置能力',
    '实习大大增加了学生的动手机会',
    '戒除恶习大大减少了家庭矛盾',
  ])('passes the adverb 大大 after a word ending in 习: %s', (body) => {
    expect(run(body)).toEqual([]);
  });

  it.each([
    ['TC54 doubled province', '中共江苏省省委书记', '省省委', '省委'],
    ['TC55 congress title', '区人大主任王某某出席', '人大主任', '人大常委会主任'],
    ['TC58 outdated agency', '国家卫生计生委近日印发……', '国家卫生计生委', '国家卫生健康委员会'],
    ['outdated agency', '国家工商总局发布', '国家工商总局', '国家市场监督管理总局'],
  ])('asks for review of %s with its correction', (_case, body, text, suggestion) => {
    expect(run(body)).toEqual([['wordlist:wording-outdated', 'review', text, suggestion]]);
  });

  it.each(CORRECT)('lets the correct phrase %s through', (phrase) => {
    expect(run(phrase)).toEqual([]);
  });

  it('has no entry inside a correction of any wording entry', () => {
    const entries = LISTS.filter((list) => list.type === 'words').flatMap((list) => list.entries);
    const corrections = entries.map((entry) => foldKey(entry.suggestion ?? ''));
    for (const entry of entries) {
      expect(entry.suggestion, entry.text).toBeDefined();
      const key = foldKey(entry.text);
      expect(
        corrections.filter((correction) => correction.includes(key)),
        entry.text,
      ).toEqual([]);
    }
  });

  it('finds exactly the wrong law name in seed 001 and nothing in the other seeds', () => {
    const found = SEED_FILES.map((file) => file.slice(0, 3)).map((prefix) => [
      prefix,
      run(stripPinyin(identityView(cleanSeed(prefix))).text),
    ]);
    expect(found).toEqual([
      ['000', []],
      [
        '001',
        [
          [
            'wordlist:wording-errors',
            'block',
            '中华人民共和国信息公开条例',
            '中华人民共和国政府信息公开条例',
          ],
        ],
      ],
      ['002', []],
      ['003', []],
      ['004', []],
    ]);
  });
});

describe('allow lists of the grading, tone and wording rules', () => {
  const lists = shippedLists('emergency-', 'leader-', 'policy-', 'opinion-', 'wording-');
  const matched = lists
    .filter((list) => list.type !== 'allow')
    .flatMap((list) => list.entries.map((entry) => foldKey(entry.text)));

  it.each(lists.filter((list) => list.type === 'allow').map((list) => [list.name, list] as const))(
    '%s: every entry silences a matched entry and none contains another',
    (_name, list) => {
      const keys = list.entries.map((entry) => foldKey(entry.text));
      expect(keys.filter((key) => !matched.some((entry) => key.includes(entry)))).toEqual([]);
      expect(keys.filter((key) => keys.some((other) => other !== key && key.includes(other)))).toEqual([]);
    },
  );
});
