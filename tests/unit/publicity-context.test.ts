import { describe, expect, it } from 'vitest';
import { buildChecker } from '../../src/domain/checks/build-checker.js';
import type { Finding } from '../../src/domain/checks/finding.js';
import { isPublicity } from '../../src/domain/checks/publicity-context.js';
import { TEST_LISTS } from './helpers/check-context.js';
import { contextOf, shippedLists, termsList } from './helpers/term-matches.js';
import { checkLinks } from '../../src/domain/checks/links-check.js';

/*
 * R7 with fixture lists: `lures` is quotable (as the lists branch marks lure lists), `brands` is not. The
 * publicity terms are the shipped `publicity-context` and `publicity-topics` lists.
 */
const PUBLICITY = shippedLists('publicity-');
const lures = termsList('lures', ['稳赚不赔', '高额返利', '刷单返利'], {
  type: 'words',
  category: 'gambling',
  action: 'block',
  quotable: true,
});
const brands = termsList('brands', ['皇冠体育', '澳门新葡京'], {
  type: 'words',
  category: 'gambling',
  action: 'block',
});
const contact = (): Finding[] => [];
const checker = buildChecker([...PUBLICITY, lures, brands], [checkLinks, contact], TEST_LISTS);
const summary = (body: string) => {
  const report = checker.check({ title: '通知', body });
  return {
    blocked: report.blocked,
    findings: report.findings.map((finding) => [finding.rule, finding.action]),
  };
};

describe('publicity context (R7)', () => {
  it('lets TC19 pass with a hint on each quoted lure', () => {
    const report = checker.check({
      title: '警方提醒',
      body: '警方提醒：网络赌博是违法犯罪行为，“稳赚不赔”“高额返利”都是骗局，发现线索请拨打110举报。',
    });
    expect(report.blocked).toBe(false);
    expect(report.findings.map((f) => [f.rule, f.action, f.text])).toEqual([
      ['wordlist:lures', 'info', '稳赚不赔'],
      ['wordlist:lures', 'info', '高额返利'],
    ]);
    expect(report.findings[0]!.message).toContain('警示宣传');
  });

  it.each([
    ['an ad with the same lure', '稳赚不赔，高额返利，欢迎咨询。'],
    ['one publicity word only', '切勿犹豫，稳赚不赔！'],
    ['publicity with a live brand', '警惕骗局，举报有奖：皇冠体育稳赚不赔。'],
    ['publicity with a link', '警惕骗局，切勿相信稳赚不赔，详见 https://bet.example.top/reg'],
    [
      'a lure slipped into a gas safety notice',
      '切勿在厨房堆放杂物，不要轻信上门推销的人员。高额返利群，天天有收益。',
    ],
  ])('keeps blocking %s', (_label, body) => {
    const { blocked, findings } = summary(body);
    expect(blocked).toBe(true);
    expect(findings).toContainEqual(['wordlist:lures', 'block']);
  });

  it('keeps a contact hook blocking beside hinted lures', () => {
    const hook = (): Finding[] => [
      {
        rule: 'ad:contact',
        category: 'ad',
        action: 'block',
        field: 'body',
        start: 0,
        end: 2,
        text: '加V',
        message: '联系方式',
      },
    ];
    const withHook = buildChecker([...PUBLICITY, lures], [hook], TEST_LISTS);
    const report = withHook.check({ title: '', body: '加V了解，警惕骗局，举报刷单返利。' });
    expect(report.findings.map((f) => [f.rule, f.action])).toEqual([
      ['ad:contact', 'block'],
      ['wordlist:lures', 'block'],
    ]);
  });

  it.each([
    ['TC19', '警方提醒：“稳赚不赔”都是骗局，请举报。', true],
    ['TC20', '依法严厉打击“黄赌毒”等违法犯罪活动，净化社会环境。', true],
    ['an ordinary notice', '关于做好春节期间安全生产工作的通知', false],
    ['an anti-fraud list', '网上兼职先垫付的一定是诈骗。不听不信不转账，可疑情况请拨打96110。', true],
    ['an anti-gambling notice', '远离网络赌博，切勿参与。', true],
    ['an anti-gambling notice naming no fraud', '切勿参与赌博，发现赌博窝点请举报。', true],
    ['safety warnings without a topic', '切勿私拉电线，不要轻信上门推销，发现隐患请举报。', false],
  ])('reads %s as publicity: %s', (_label, body, expected) => {
    expect(isPublicity(contextOf({ body }, [...PUBLICITY, ...shippedLists('gambling-mention')]))).toBe(
      expected,
    );
  });
});
