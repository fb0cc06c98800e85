import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readReference } from '../../src/adapters/files/read-reference.js';
import { createChecker, DEFAULT_WORDLISTS_DIR } from '../../src/create-checker.js';
import type { Checker } from '../../src/domain/checks/build-checker.js';
import type { Finding } from '../../src/domain/checks/finding.js';
import { parseLeaderTable } from '../../src/domain/wording/parse-reference.js';
import type { WordingReference } from '../../src/domain/wording/reference-tables.js';
import { checkWording } from '../../src/domain/wording/wording-rule.js';
import { MAX_FINDINGS } from '../../src/domain/wording/wording-scan.js';
import { contextOf } from './helpers/check-context.js';

let checker: Checker;
let shipped: WordingReference;
beforeAll(async () => {
  checker = await createChecker();
  const read = await readReference(DEFAULT_WORDLISTS_DIR);
  if ('errors' in read || !read.reference) throw new Error('the shipped reference tables do not load');
  shipped = read.reference;
});

type Brief = [rule: string, action: Finding['action'], text: string, suggestion?: string];
const brief = (finding: Finding): Brief =>
  finding.suggestion === undefined
    ? [finding.rule, finding.action, finding.text]
    : [finding.rule, finding.action, finding.text, finding.suggestion];

/** The wording findings of the whole checker (lists and rules) for a body, optionally dated. */
function wording(body: string, date?: string): Brief[] {
  const report = checker.check({ title: '通知', body, ...(date ? { date } : {}) });
  return report.findings.filter((finding) => finding.category === 'wording').map(brief);
}

describe('leaders: names, titles and order (R12–R14)', () => {
  it.each([
    ['TC49 titles in full', '中共中央总书记、国家主席、中央军委主席习近平主持会议并发表重要讲话。'],
    ['the thought', '坚持以习近平新时代中国特色社会主义思想为指导'],
    ['the premier, short title after the name', '李强总理主持召开国务院常务会议'],
    ['the premier, title before the name', '国务院总理李强主持召开国务院常务会议'],
    ['the standing committee in order', '习近平、李强、赵乐际、王沪宁、蔡奇、丁薛祥、李希等出席大会'],
    ['titles between names in order', '国家主席习近平、国务院总理李强出席'],
    ['the vice president from 2023-03', '国家副主席韩正出席开幕式'],
    ['a deputy title is not the title', '全国人大常委会副委员长李强出席'],
    ['history named as such', '时任国务院总理李克强主持会议'],
    ['two leaders in different clauses', '李强在会上传达学习习近平总书记重要讲话精神'],
    ['a speech word after an unrelated name', '会议由王小明主持'],
    ['学习总书记', '认真学习总书记重要讲话精神'],
    ['the standing committee titles in a chain', '中共中央政治局常委、国务院总理李强出席'],
    ['the CPPCC chairman in full', '全国政协主席王沪宁出席开幕会'],
    ['a vice premier', '国务院副总理丁薛祥出席；丁薛祥副总理强调'],
    ['a local namesake with a local title', '县委书记李强主持会议，市政协主席李强出席'],
    ['a foreign premier', '新加坡总理黄循财会见代表团'],
    ['a meeting report', '习近平总书记在中央政治局第十次集体学习时强调，李强主持召开国务院常务会议'],
  ])('passes %s', (_case, body) => {
    expect(wording(body)).toEqual([]);
  });

  it.each<[string, string, string | undefined, Brief[]]>([
    [
      'TC50 a homophone in the name before 总书记',
      '深入学习贯彻习近苹总书记重要讲话精神',
      undefined,
      [['wording:leader-name', 'block', '习近苹', '习近平']],
    ],
    [
      'a homophone in a two-character name before his own title',
      '李墙总理主持召开国务院常务会议',
      undefined,
      [['wording:leader-name', 'block', '李墙', '李强']],
    ],
    [
      'a homophone before 同志',
      '赵乐记同志出席会议',
      undefined,
      [['wording:leader-name', 'block', '赵乐记', '赵乐际']],
    ],
    [
      'TC52 国家副主席李强',
      '国家副主席李强出席开幕式',
      undefined,
      [['wording:leader-title', 'block', '国家副主席李强', '国家副主席韩正']],
    ],
    [
      'a title after the wrong leader',
      '李强委员长出席',
      undefined,
      [['wording:leader-title', 'block', '李强委员长', '赵乐际委员长']],
    ],
    [
      'the premier of 2021 named in 2024',
      '国务院总理李克强主持召开国务院常务会议',
      '2024-05-01',
      [['wording:leader-title', 'block', '国务院总理李克强', '国务院总理李强']],
    ],
    [
      'the vice president before 2023-03',
      '国家副主席韩正出席开幕式',
      '2021-06-01',
      [['wording:leader-title', 'block', '国家副主席韩正', '国家副主席王岐山']],
    ],
    [
      'TC53 order',
      '习近平、赵乐际、李强等出席大会',
      undefined,
      [['wording:leader-order', 'block', '习近平、赵乐际、李强', '习近平、李强、赵乐际']],
    ],
    [
      'the 19th committee out of order in 2019',
      '习近平、栗战书、李克强等出席',
      '2019-03-05',
      [['wording:leader-order', 'block', '习近平、栗战书、李克强', '习近平、李克强、栗战书']],
    ],
    [
      'order with titles between the names',
      '全国人大常委会委员长赵乐际、国务院总理李强出席',
      undefined,
      [['wording:leader-order', 'block', '赵乐际、国务院总理李强', '李强、赵乐际']],
    ],
  ])('blocks %s', (_case, body, date, expected) => {
    expect(wording(body, date)).toEqual(expected);
  });

  it('passes the premier of 2021 in a 2021 draft, also when the date comes from the scope', () => {
    const body = '国务院总理李克强主持召开国务院常务会议';
    expect(wording(body, '2021-05-01')).toEqual([]);
    const report = checker.check({ title: '通知', body }, { date: '2021-05-01' });
    expect(report.findings.filter((f) => f.category === 'wording')).toEqual([]);
  });

  it('takes the draft date before the scope date', () => {
    const report = checker.check(
      { title: '通知', body: '国务院总理李克强出席', date: '2024-05-01' },
      { date: '2021-05-01' },
    );
    expect(report.findings.map(brief)).toEqual([
      ['wording:leader-title', 'block', '国务院总理李克强', '国务院总理李强'],
    ]);
  });

  it('TC51 short form and TC50 listed typo stay with the wording list, once', () => {
    expect(wording('认真学习习总书记重要讲话')).toEqual([
      ['wordlist:wording-errors', 'block', '习总书记', '习近平总书记'],
    ]);
    expect(wording('深入学习贯彻习近凭总书记重要讲话精神')).toEqual([
      ['wordlist:wording-errors', 'block', '习近凭', '习近平'],
    ]);
  });

  it('names the table and its version in every message (R11)', () => {
    const report = checker.check({ title: '通知', body: '国家副主席李强出席；习近平、赵乐际、李强出席' });
    expect(report.findings.length).toBeGreaterThan(1);
    for (const finding of report.findings) {
      expect(finding.message).toContain(`central-leaders，版本 ${shipped.central.version}`);
    }
  });

  it('reports offsets into the submitted HTML', () => {
    const body = '<p>国家副主席<b>李强</b>出席</p>';
    const [finding] = checker.check({ title: '通知', body, format: 'html' }).findings;
    expect(finding).toMatchObject({
      rule: 'wording:leader-title',
      text: body.slice(finding!.start, finding!.end),
    });
    expect(finding!.text).toBe('国家副主席<b>李强');
  });
});

describe('local leaders of a fictional county', () => {
  let reference: WordingReference;
  beforeAll(async () => {
    const path = join(import.meta.dirname, '../fixtures/wording/local-leaders-qinghe.yaml');
    const parsed = parseLeaderTable(await readFile(path, 'utf8'), path);
    if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
    reference = { ...shipped, local: parsed.table };
  });
  const run = (body: string, date?: string) =>
    checkWording(contextOf({ body, ...(date ? { date } : {}) }, { lists: { wording: reference } })).map(
      brief,
    );

  it.each<[string, string | undefined, Brief[]]>([
    ['县长周明澈出席', '2023-05-01', []],
    ['县长周明澈出席', '2025-01-01', [['wording:leader-title', 'block', '县长周明澈', '县长沈清和']]],
    ['沈清和县长出席', undefined, []],
    ['副县长周明澈出席', '2020-05-01', []],
    ['县委书记林远山主持', undefined, []],
    ['林远删同志主持会议', undefined, [['wording:leader-name', 'block', '林远删', '林远山']]],
  ])('%s (%s)', (body, date, expected) => {
    expect(run(body, date)).toEqual(expected);
  });

  it('says the local table and its version', () => {
    const [finding] = checkWording(
      contextOf({ body: '县长周明澈出席', date: '2025-01-01' }, { lists: { wording: reference } }),
    );
    expect(finding!.message).toContain('local-leaders，版本 test-1');
  });
});

describe('officials removed from office (R15)', () => {
  it.each<[string, string, string | undefined, Brief[], string?]>([
    [
      'TC59 praise after the removal',
      '孙政才同志在我市调研时指出……',
      '2024-05-01',
      [['wording:removed-official', 'block', '孙政才']],
    ],
    [
      'praise without 同志',
      '孙政才在我市调研时强调',
      '2024-05-01',
      [['wording:removed-official', 'block', '孙政才']],
    ],
    [
      'TC60 warning education',
      '以孙政才严重违纪违法案为镜鉴，开展警示教育',
      undefined,
      [['wording:removed-official', 'escalate', '孙政才']],
      'important',
    ],
    ['a document dated before', '孙政才同志在我市调研时指出', '2016-05-01', []],
    ['an ordinary word containing the name', '下达指令计划并强调落实', '2024-05-01', []],
  ])('%s', (_case, body, date, expected, grade) => {
    expect(wording(body, date)).toEqual(expected);
    if (grade) expect(checker.check({ title: '通知', body }).grade).toBe(grade);
  });
});

describe('law names', () => {
  it.each([
    [
      'TC57 in seed 001',
      '根据《中华人民共和国信息公开条例》',
      '中华人民共和国信息公开条例',
      '中华人民共和国政府信息公开条例',
    ],
  ])('%s stays with the wording list, once', (_case, body, text, suggestion) => {
    expect(wording(body)).toEqual([['wordlist:wording-errors', 'block', text, suggestion]]);
  });

  it.each([
    ['TC57 without the prefix', '根据《信息公开条例》', '《信息公开条例》', '《政府信息公开条例》'],
    ['a wrong character', '依据《治安管理出罚法》', '《治安管理出罚法》', '《治安管理处罚法》'],
    [
      'a missing character, with the prefix',
      '根据《中华人民共和国个人信息保法》规定',
      '《中华人民共和国个人信息保法》',
      '《中华人民共和国个人信息保护法》',
    ],
    ['a regulation with a slip', '贯彻《优化营商环镜条例》', '《优化营商环镜条例》', '《优化营商环境条例》'],
    [
      'a law called a regulation',
      '学习《中华人民共和国网络安全条例》',
      '《中华人民共和国网络安全条例》',
      '《中华人民共和国网络安全法》',
    ],
    ['a short name called a regulation', '依照《网络安全条例》', '《网络安全条例》', '《网络安全法》'],
    [
      'a word left out, with the prefix',
      '依据《中华人民共和国道路交通法》查处',
      '《中华人民共和国道路交通法》',
      '《中华人民共和国道路交通安全法》',
    ],
    ['a word left out, short name', '违反《道路交通法》的行为', '《道路交通法》', '《道路交通安全法》'],
  ])('blocks %s with the nearest name in force', (_case, body, text, suggestion) => {
    expect(wording(body)).toEqual([['wording:law-name', 'block', text, suggestion]]);
  });

  it('names the law table and its version', () => {
    const [finding] = checker.check({ title: '通知', body: '依据《治安管理出罚法》' }).findings;
    expect(finding!.message).toContain(`laws，版本 ${shipped.laws.version}`);
  });

  it.each([
    '根据《中华人民共和国民法典》《民法典》和《宪法》',
    '《中华人民共和国宪法》第三十五条',
    '依照《江苏省物业管理条例》《南通市文明行为促进条例》执行',
    '根据《中国共产党纪律处分条例》',
    '按照《网络信息内容生态治理规定》和《互联网新闻信息服务管理规定》',
    '原《中华人民共和国合同法》同时废止',
    '《中华人民共和国合同法》（已废止）',
    '阅读《孙子兵法》',
    '《中华人民共和国政府信息公开条例》第二十条',
    '依照《江苏省道路交通安全条例》《南通市消防条例》执行',
    '《食品卫生法》于2009年6月1日废止，由《食品安全法》取代',
    '1995年施行的《食品卫生法》确立了卫生许可制度',
    '原《中华人民共和国食品卫生法》',
    '依据《道路交通安全法》《消防法》和《网络安全法》',
    '阅读《学会说话的方法》',
  ])('passes %s', (body) => {
    expect(wording(body, '2024-01-01')).toEqual([]);
  });

  it.each([
    [
      'a repealed law',
      '依据《中华人民共和国合同法》第五十二条',
      '《中华人民共和国合同法》',
      '《中华人民共和国民法典》',
    ],
    ['a repealed short name', '结合《食品卫生法》开展检查', '《食品卫生法》', '《食品安全法》'],
    [
      'a repealed regulation',
      '结合《中华人民共和国消防条例》讲解',
      '《中华人民共和国消防条例》',
      '《中华人民共和国消防法》',
    ],
  ])(
    'blocks %s cited as current, with its successor, and passes it in a draft dated before',
    (_case, body, text, successor) => {
      expect(wording(body, '2024-01-01')).toEqual([['wording:law-name', 'block', text, successor]]);
      expect(wording(body, '1990-01-01')).toEqual([]);
    },
  );

  it('asks for review of a national-looking name it cannot place', () => {
    expect(wording('依据《中华人民共和国星际旅行管理条例》')).toEqual([
      ['wording:law-name', 'review', '《中华人民共和国星际旅行管理条例》'],
    ]);
  });
});

describe('protected names', () => {
  it.each([
    ['a homophone in the Party', '热烈庆祝中国共产当成立一百周年', '中国共产当', '中国共产党'],
    ['a homophone in the State', '中华人民共合国万岁', '中华人民共合国', '中华人民共和国'],
    ['a doubled character', '召开全国人民代表大大会', '全国人民代表大大会', '全国人民代表大会'],
    [
      'a slip in the thought',
      '学习习近平新时代中国特色社会主义思相',
      '习近平新时代中国特色社会主义思相',
      '习近平新时代中国特色社会主义思想',
    ],
    ['the army', '中国人民解放君建军节', '中国人民解放君', '中国人民解放军'],
  ])('blocks %s', (_case, body, text, suggestion) => {
    expect(wording(body)).toEqual([['wording:protected-name', 'block', text, suggestion]]);
  });

  it.each([
    '中国共产党第二十次全国代表大会',
    '中华人民共和国成立七十五周年',
    '全国人民代表大会常务委员会',
    '中国共产主义青年团',
    '中国人民银行',
    '最高人民检察院检察委员会',
    '推动科学发展关键在人才',
    '中共中山市委',
    '具有中华人民共和国国籍',
    '中国共产党党员',
  ])('passes %s', (body) => {
    expect(wording(body)).toEqual([]);
  });

  it('leaves the Party name in the wording list to the list (one finding)', () => {
    expect(wording('中国共产觉成立')).toEqual([
      ['wordlist:wording-errors', 'block', '中国共产觉', '中国共产党'],
    ]);
  });
});

describe('bounded reports', () => {
  it('reports at most MAX_FINDINGS of one wording check per field on a hostile draft', () => {
    const body = '国家副主席李强出席。'.repeat(5000);
    const titles = checker
      .check({ title: '通知', body })
      .findings.filter((f) => f.rule === 'wording:leader-title');
    expect(titles).toHaveLength(MAX_FINDINGS);
  });
});
