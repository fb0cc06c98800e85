import { describe, expect, it } from 'vitest';
import { detectPersonalNumbers, checkPersonalData } from '../../src/domain/checks/personal-data-check.js';
import { classifyIdNumber, idCheckCharacter, isBirthDate } from '../../src/domain/checks/id-number.js';
import { passesLuhn } from '../../src/domain/checks/luhn.js';
import { maskMiddle } from '../../src/domain/checks/digit-groups.js';
import type { Draft } from '../../src/domain/draft.js';
import { contextOf } from './helpers/check-context.js';

const check = (draft: Partial<Draft>) => checkPersonalData(contextOf(draft));
const brief = (draft: Partial<Draft>) =>
  check(draft).map(({ rule, action, text, suggestion }) => ({ rule, action, text, suggestion }));

describe('idCheckCharacter', () => {
  it.each([
    ['11010519491231002', 'X'], // GB 11643 example
    ['32060219850317123', '9'], // TC30: 320602198503171239 is valid
    ['32060219900101001', '8'], // TC35: 320602199001010018 is valid
  ])('computes the check character of %s as %s', (first17, expected) => {
    expect(idCheckCharacter(first17)).toBe(expected);
  });
});

describe('isBirthDate', () => {
  it.each([
    ['19491231', true],
    ['20000229', true],
    ['20240229', true],
    ['20230229', false],
    ['19000229', false],
    ['19850431', false],
    ['19851301', false],
    ['18991231', false],
    ['21000101', false],
  ])('judges %s as %s', (date, expected) => {
    expect(isBirthDate(date)).toBe(expected);
  });
});

describe('classifyIdNumber', () => {
  it.each([
    ['11010519491231002X', 'valid'],
    ['11010519491231002x', 'valid'],
    ['320602198503171239', 'valid'],
    ['320602199001010018', 'valid'],
    ['320602198503171230', 'suspect'], // TC31: the check character should be 9
    ['320602198502301239', 'none'], // 30 February
    ['000000198503171230', 'none'], // no such province, wrong check character
    ['32060219850317123', 'none'],
  ])('reads %s as %s', (candidate, expected) => {
    expect(classifyIdNumber(candidate)).toBe(expected);
  });
});

describe('passesLuhn', () => {
  it.each([
    ['6228480012345678903', true], // TC37
    ['6228480012345678901', false],
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['6228 4800', false],
  ])('judges %s as %s', (digits, expected) => {
    expect(passesLuhn(digits)).toBe(expected);
  });
});

describe('maskMiddle', () => {
  it('keeps the given ends and stars the middle', () => {
    expect(maskMiddle('320602198503171239', 4, 4)).toBe('3206**********1239');
    expect(maskMiddle('13800138000', 3, 4)).toBe('138****8000');
  });
});

describe('detectPersonalNumbers', () => {
  it.each([
    ['6228 4800 1234 5678 903', 'card', '6228480012345678903'],
    ['6228-4800-1234-5678-903', 'card', '6228480012345678903'],
    ['320602 19850317 1239', 'id', '320602198503171239'],
    ['３２０６０２１９８５０３１７１２３９', 'id', '320602198503171239'],
    ['11010519491231002x', 'id', '11010519491231002X'],
    ['+86 138 0013 8000', 'mobile', '13800138000'],
    ['138-0013-8000', 'mobile', '13800138000'],
    ['138 0013 8000 2023', 'mobile', '13800138000'],
  ])('finds %s as %s', (text, kind, digits) => {
    const found = detectPersonalNumbers(text);
    expect(found.map((number) => [number.kind, number.digits])).toEqual([[kind, digits]]);
  });

  it.each([
    ['inside a longer run', '3206021985031712390'],
    ['a mobile inside a longer run', '13800138000123'],
    ['an ID with an impossible date', '320602198502301234'],
    ['years in a row', '2021 2022 2023 2024'],
    ['a masked ID', '3206********1234'],
    ['a masked mobile', '138****8000'],
    ['a masked card', '6228 **** **** 8903'],
  ])('ignores %s', (_label, text) => {
    expect(detectPersonalNumbers(text)).toEqual([]);
  });
});

describe('checkPersonalData', () => {
  it('blocks a valid ID and a mobile with masked suggestions (TC30)', () => {
    const body = '临时救助名单公示：王某某，身份证号320602198503171239，联系电话13800138000';
    const findings = check({ body });
    expect(
      findings.map(({ rule, category, action, field, start, end, text, suggestion }) => ({
        rule,
        category,
        action,
        field,
        start,
        end,
        text,
        suggestion,
      })),
    ).toEqual([
      {
        rule: 'privacy:id-number',
        category: 'privacy',
        action: 'block',
        field: 'body',
        start: 17,
        end: 35,
        text: '320602198503171239',
        suggestion: '3206**********1239',
      },
      {
        rule: 'privacy:mobile',
        category: 'privacy',
        action: 'block',
        field: 'body',
        start: 40,
        end: 51,
        text: '13800138000',
        suggestion: '138****8000',
      },
    ]);
    expect(findings[0]!.message).toContain('3206**********1239');
  });

  it('asks for review of an ID whose check character fails, still blocking the mobile (TC31)', () => {
    const body = '临时救助名单公示：王某某，身份证号320602198503171230，联系电话13800138000';
    expect(brief({ body })).toEqual([
      {
        rule: 'privacy:id-number-suspect',
        action: 'review',
        text: '320602198503171230',
        suggestion: '3206**********1230',
      },
      { rule: 'privacy:mobile', action: 'block', text: '13800138000', suggestion: '138****8000' },
    ]);
  });

  it('blocks a full-width mobile written with spaces (TC32)', () => {
    expect(brief({ body: '联系人张师傅 １３８ ００１３ ８０００' })).toEqual([
      {
        rule: 'privacy:mobile',
        action: 'block',
        text: '１３８ ００１３ ８０００',
        suggestion: '138****8000',
      },
    ]);
  });

  it.each([
    [
      'the 12345 hotline and an office landline (TC33)',
      '咨询电话：12345政务服务便民热线；办公电话0513-85550000',
    ],
    ['a bracketed landline', '电话(0513)85550000，传真85550001'],
    ['masked forms', '身份证号3206********1234，手机138****8000'],
    ['a credit code in a punishment notice (TC34)', '统一社会信用代码91320602MA1XXXXXXX，法定代表人：赵某某'],
  ])('passes %s', (_label, body) => {
    expect(check({ body })).toEqual([]);
  });

  it('escalates a full ID in a punishment notice to important with the masking suggestion (TC35)', () => {
    const findings = check({
      body: '当事人：钱某某，身份证号320602199001010018，违法事实……',
      disclosure: 'punishment',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'privacy:id-number',
      action: 'escalate',
      grade: 'important',
      text: '320602199001010018',
      suggestion: '3206**********0018',
    });
    expect(findings[0]!.message).toContain('惩戒公示');
  });

  it('blocks the same ID when no disclosure is declared (TC36)', () => {
    expect(brief({ body: '当事人：钱某某，身份证号320602199001010018' })).toEqual([
      {
        rule: 'privacy:id-number',
        action: 'block',
        text: '320602199001010018',
        suggestion: '3206**********0018',
      },
    ]);
  });

  it('asks only for review of mobiles and cards in a mandatory disclosure', () => {
    const findings = check({ body: '电话13800138000，卡号6228480012345678903', disclosure: 'mandatory' });
    expect(findings.map((finding) => [finding.rule, finding.action, finding.grade])).toEqual([
      ['privacy:mobile', 'review', undefined],
      ['privacy:bank-card', 'review', undefined],
    ]);
    expect(findings[0]!.message).toContain('强制性信息披露');
  });

  it('blocks a bank card passing Luhn (TC37)', () => {
    expect(brief({ body: '补贴已发放至其银行卡6228480012345678903' })).toEqual([
      {
        rule: 'privacy:bank-card',
        action: 'block',
        text: '6228480012345678903',
        suggestion: '6228***********8903',
      },
    ]);
  });

  it('reports an ID that also passes Luhn once, as an ID', () => {
    expect(passesLuhn('320602198503171239')).toBe(true);
    expect(check({ body: '320602198503171239' }).map((finding) => finding.rule)).toEqual([
      'privacy:id-number',
    ]);
  });

  it('checks the title too', () => {
    const findings = check({ title: '寻人：联系13800138000', body: '' });
    expect(findings.map(({ field, start, end }) => ({ field, start, end }))).toEqual([
      { field: 'title', start: 5, end: 16 },
    ]);
  });
});

describe('numbers read with their labels (issue 11)', () => {
  it.each([
    ['学号：13812345678'],
    ['学号 13812345678'],
    ['工号为13912345678'],
    ['准考证号：320602198503171239'],
    ['考号13800138000'],
    ['订单号 6228480012345678903'],
    ['证书编号：320602198503171239'],
    ['档案号（新）13800138000'],
    ['案号 13800138000'],
    ['批号：6228480012345678903'],
    ['统一社会信用代码 913206021385031712'],
  ])('reads %s as the labelled number, not personal data', (body) => {
    expect(check({ body })).toEqual([]);
  });

  it.each([
    ['联系电话：13812345678', 'privacy:mobile'],
    ['身份证编号：320602198503171239', 'privacy:id-number'],
    ['银行卡号6228480012345678903', 'privacy:bank-card'],
    ['学号2021001，电话13812345678', 'privacy:mobile'],
  ])('still finds the personal number in %s', (body, rule) => {
    expect(check({ body }).map((finding) => finding.rule)).toEqual([rule]);
  });
});

describe('15-digit first-generation ID numbers (R19)', () => {
  it.each([
    ['身份证号320602850317123', 'privacy:id-number', 'block', '3206*******7123'],
    ['身份证 320602 850317 123', 'privacy:id-number', 'block', '3206*******7123'],
    ['号码320602851317123', undefined, undefined, undefined],
    ['号码320602850231123', 'privacy:id-number-suspect', 'review', '3206*******1123'],
    ['流水990602850317123', undefined, undefined, undefined],
  ])('reads %s', (body, rule, action, suggestion) => {
    expect(brief({ body })).toEqual(
      rule === undefined ? [] : [{ rule, action, text: body.replace(/^\D+/, ''), suggestion }],
    );
  });
});

describe('a disclosure declared for the wrong kind of list (R20)', () => {
  const BODY = '当事人：钱某某，身份证号320602199001010018，违法事实……';

  it('escalates a full ID in a real punishment notice (TC35)', () => {
    expect(brief({ body: BODY, disclosure: 'punishment' }).map((f) => [f.rule, f.action])).toEqual([
      ['privacy:id-number', 'escalate'],
    ]);
  });

  it.each([
    ['2024年度困难群众临时救助名单公示', 'punishment'],
    ['关于拟聘人员名单的公示', 'mandatory'],
    ['区级优秀志愿者表彰名单', 'punishment'],
    ['第三届技能大赛获奖情况', 'mandatory'],
    ['2024年耕地地力补贴发放结果公示', 'punishment'],
    ['事业单位公开招聘拟录用人员公示', 'mandatory'],
  ] as const)('treats %s declared as %s as ordinary and says so (TC36)', (title, disclosure) => {
    const findings = check({ title, body: BODY, disclosure });
    expect(findings.map((f) => [f.rule, f.action])).toEqual([
      ['privacy:disclosure-mismatch', 'review'],
      ['privacy:id-number', 'block'],
    ]);
    expect(findings[0]!.message).toContain('不符');
  });

  it.each([
    '骗取补贴人员名单的处罚公示',
    '违规享受低保人员处理结果公示',
    '农机购置补贴资金违规使用处理结果公示',
  ])('keeps the exception for a sanction about a subsidy: %s', (title) => {
    expect(check({ title, body: BODY, disclosure: 'punishment' }).map((f) => f.action)).toEqual(['escalate']);
  });
});

describe('detectPersonalNumbers stays linear', () => {
  it('handles a long run of single digits and of phone-shaped numbers', () => {
    expect(detectPersonalNumbers('1 '.repeat(50_000))).toEqual([]);
    expect(detectPersonalNumbers('13812345678，'.repeat(5_000))).toHaveLength(5_000);
  });
});
