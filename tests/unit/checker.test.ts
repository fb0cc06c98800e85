import { beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../../src/create-checker.js';
import type { Checker } from '../../src/domain/checks/build-checker.js';
import type { Draft } from '../../src/domain/draft.js';

let checker: Checker;
beforeAll(async () => {
  checker = await createChecker();
});

const body = (text: string, extra: Partial<Draft> = {}): Draft => ({ title: '通知', body: text, ...extra });

describe('checker: evasions of gambling words are blocked', () => {
  it.each([
    ['traditional', '歡迎訪問澳門賭博網，註冊即送彩金', '澳門賭博'],
    ['pinyin annotations', '澳門(mén)賭(dǔ)博網(wǎng)', '澳門(mén)賭(dǔ)博'],
    ['spaces', '澳 门 赌 博 网址见评论区', '澳 门 赌 博'],
    ['symbols', '澳*门◆赌#博', '澳*门◆赌#博'],
    ['zero-width', '澳\u200B门\u200C赌\u200D博\uFEFF网', '澳\u200B门\u200C赌\u200D博'],
    ['full-width', '\uFF42\uFF45\uFF54\uFF13\uFF16\uFF15官方入口', '\uFF42\uFF45\uFF54\uFF13\uFF16\uFF15'],
    ['case', 'BeT365 体育投注，首充翻倍', 'BeT365'],
    ['punctuation', '澳，门。赌、博', '澳，门。赌、博'],
  ])('%s: %s', (_name, text, covered) => {
    const report = checker.check(body(text));
    expect(report.blocked).toBe(true);
    const gambling = report.findings.filter((f) => f.category === 'gambling' && f.action === 'block');
    expect(
      gambling.filter((f) => f.text.includes(covered)),
      covered,
    ).not.toHaveLength(0);
  });

  it('blocks gambling hidden in HTML', () => {
    const html =
      '<p>全区秋粮收购工作有序推进。</p><div style="display:none"><a href="http://xx365bet.example">365体育</a></div>';
    const report = checker.check(body(html, { format: 'html' }));
    expect(report.blocked).toBe(true);
    expect(report.findings.some((f) => f.category === 'gambling')).toBe(true);
  });
});

describe('checker: benign government text passes', () => {
  it.each([
    '中共中央总书记、国家主席、中央军委主席习近平主持会议并发表重要讲话。',
    '深入学习贯彻习近平新时代中国特色社会主义思想主题教育动员部署会召开',
    'XX区公安局交警大队提醒：国庆假期出行请遵守交通法规。',
    '区人民政府召开常务会议，研究部署民生实事项目。',
    '热烈庆祝澳门回归祖国25周年。',
    '我区积极推进足球进校园活动，校园足球联赛开幕。',
    '警方提醒：网络赌博是违法犯罪行为，“稳赚不赔”“高额返利”都是骗局，发现线索请拨打110举报。',
    '依法严厉打击“黄赌毒”等违法犯罪活动，净化社会环境。',
    '远离赌博，珍爱家庭。',
    '秋冬季是流感等呼吸道传染病高发季节，请市民勤洗手、常通风，按需接种流感疫苗。',
    '区疾控中心举办疫情防控知识讲座。',
    '区公安局开展反诈宣传进社区活动。',
    '咨询电话：12345政务服务便民热线；办公电话0513-85550000。',
    '政策原文：https://www.gov.cn/zhengce/content/2024-01/01/content_0000000.htm',
  ])('%s', (text) => {
    const report = checker.check(body(text));
    expect(report.findings.filter((f) => f.action === 'block' || f.action === 'escalate')).toEqual([]);
    expect(report).toMatchObject({ blocked: false, grade: 'general' });
  });

  it('passes the benign title of TC45 as general', () => {
    const report = checker.check({
      title: '关于开展2024年度森林防火和疫情防控知识培训的通知',
      body: '各单位：请按时参加。',
    });
    expect(report.grade).toBe('general');
    expect(report.blocked).toBe(false);
  });
});

describe('checker: grading from content', () => {
  it.each([
    [
      '今日14时许，我区XX街道某化工企业发生爆炸，目前已造成2人死亡、5人受伤，事故原因正在调查中。',
      'major',
      'emergency',
    ],
    ['受持续强降雨影响，我镇3个村发生山体滑坡，已转移群众200余人。', 'major', 'emergency'],
    ['我区新增本土确诊病例3例，均为集中隔离人员。', 'major', 'emergency'],
    ['今天上午，数十名群众在区政府门口聚集，反映工资拖欠问题。', 'major', 'emergency'],
    ['区委书记张某某、区长李某某一行到我街道调研防汛工作。', 'important', 'leader'],
    ['现将拟任职干部任前公示如下。', 'important', 'policy'],
    ['区财政局公开2024年部门预算。', 'important', 'policy'],
  ] as const)('%s → %s', (text, grade, category) => {
    const report = checker.check(body(text));
    expect(report.grade).toBe(grade);
    expect(report.findings.some((f) => f.category === category && f.action === 'escalate')).toBe(true);
  });
});

describe('checker: other checks reach the report', () => {
  it('blocks a valid ID number and a mobile number with masked suggestions', () => {
    const report = checker.check(
      body('临时救助名单公示：王某某，身份证号11010519491231002X，联系电话13800138000'),
    );
    const privacy = report.findings.filter((f) => f.category === 'privacy');
    expect(privacy.map((f) => [f.text, f.action])).toEqual([
      ['11010519491231002X', 'block'],
      ['13800138000', 'block'],
    ]);
    expect(privacy[1]!.suggestion).toBe('138****8000');
  });

  it('blocks a repost from an unauthorised source and passes an authorised one', () => {
    const repost = {
      title: '国务院常务会议研究部署进一步稳就业举措',
      body: '正文。',
      kind: 'repost' as const,
    };
    expect(checker.check({ ...repost, source: '崇川吃喝玩乐' }).findings.map((f) => f.category)).toContain(
      'source',
    );
    const ok = checker.check({
      ...repost,
      source: '新华社',
      original_title: '国务院常务会议研究部署进一步稳就业举措',
    });
    expect(ok.findings.filter((f) => f.action === 'block')).toEqual([]);
  });

  it('blocks an altered repost title but accepts a 【转载】 prefix', () => {
    const base = {
      body: '正文。',
      kind: 'repost' as const,
      source: '新华社',
      original_title: '国务院常务会议研究部署进一步稳就业举措',
    };
    expect(checker.check({ ...base, title: '重磅！国务院出手，这些人要发财了！' }).blocked).toBe(true);
    expect(checker.check({ ...base, title: '【转载】国务院常务会议研究部署进一步稳就业举措' }).blocked).toBe(
      false,
    );
  });

  it('blocks shorteners and commerce links', () => {
    expect(checker.check(body('报名请点击 https://t.cn/A6abcdE')).findings.map((f) => f.category)).toContain(
      'link',
    );
    expect(checker.check(body('购买链接：https://item.jd.com/100012345678.html')).blocked).toBe(true);
  });

  it('blocks emotional outbursts and wrong leader titles', () => {
    expect(
      checker.check(body('小编今天真的被气炸了！！！这些乱扔垃圾的人素质太低了，简直无语！')).blocked,
    ).toBe(true);
    const report = checker.check(body('深入学习贯彻习近平总书计重要讲话精神'));
    expect(report.findings.find((f) => f.category === 'wording')?.suggestion).toBe('习近平总书记');
  });
});

describe('checker: report shape', () => {
  it('reports a match nested in a longer match of the same list once, as the longer one', () => {
    const report = checker.check(body('区政府办公室澳门赌博网:印发通知'));
    expect(report.findings.filter((f) => f.rule === 'wordlist:gambling').map((f) => f.text)).toEqual([
      '澳门赌博网',
    ]);
  });
});

describe('checker: hints', () => {
  it('drops an info hint that lies inside a block finding of the same category', () => {
    const report = checker.check(body('澳门赌博'));
    expect(report.findings.map((f) => [f.rule, f.action])).toEqual([['wordlist:gambling-terms', 'block']]);
  });

  it('keeps the hint when nothing blocks', () => {
    const report = checker.check(body('他因赌博欠下大量债务。'));
    expect(report.findings.map((f) => [f.rule, f.action, f.text])).toEqual([
      ['wordlist:gambling-mention', 'info', '赌博'],
    ]);
  });
});
