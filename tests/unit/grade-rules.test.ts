import { beforeAll, describe, expect, it } from 'vitest';
import { readReference } from '../../src/adapters/files/read-reference.js';
import { DEFAULT_WORDLISTS_DIR } from '../../src/create-checker.js';
import type { WordingReference } from '../../src/domain/wording/reference-tables.js';
import type { Finding } from '../../src/domain/checks/finding.js';
import { emergencyRule, GRADE_RULES, leaderRule, policyRule } from '../../src/domain/grading/grade-rules.js';
import { foldUnits, sentencesOf } from '../../src/domain/grading/sentences.js';
import { stripPinyin } from '../../src/domain/text/strip-pinyin.js';
import { identityView } from '../../src/domain/text/text-view.js';
import { SEED_FILES, cleanSeed } from '../helpers/seeds.js';
import { contextOf, scanOf, shippedLists, termsList } from './helpers/term-matches.js';

const LISTS = shippedLists('emergency-', 'leader-', 'policy-');
const brief = (finding: Finding) => [finding.rule, finding.field, finding.text, finding.grade];
const run = (rule: typeof emergencyRule, body: string, title = '') =>
  rule(contextOf({ title, body }, LISTS)).map(brief);

describe('sentences', () => {
  it('folds unit by unit without changing the length, keeping noise and a leading BOM', () => {
    expect(foldUnits('\uFEFF我區２人受傷！')).toBe('\uFEFF我区2人受伤！');
  });

  it('splits on full stops, marks, semicolons and line breaks, and drops empty sentences', () => {
    const text = '我区发生火灾。火灾造成２人受伤！！\n\n后续；见通报';
    const sentences = sentencesOf(scanOf(text, LISTS));
    expect(sentences.map(({ start, end, folded }) => [start, end, folded])).toEqual([
      [0, 7, '我区发生火灾。'],
      [7, 16, '火灾造成2人受伤！'],
      [19, 22, '后续；'],
      [22, 25, '见通报'],
    ]);
    expect(sentences[1]!.matches.map((match) => match.entry.text)).toEqual(['火灾', '造成', '受伤']);
  });

  it('keeps a sentence whose only letter lies outside the BMP, and drops one of symbols and emoji', () => {
    // U+20000 (CJK Extension B) is a letter; U+1F600 (an emoji) and U+FF01 are not.
    const sentences = sentencesOf(scanOf('😀！\u{20000}！……——！', LISTS));
    expect(sentences.map(({ start, end }) => [start, end])).toEqual([[3, 6]]);
  });
});

describe('grade:emergency', () => {
  it.each([
    [
      'TC39 explosion with casualties',
      '今日14时许，我区XX街道某化工企业发生爆炸，目前已造成2人死亡、5人受伤，事故原因正在调查中。',
      '爆炸',
    ],
    [
      'TC40 landslide with evacuation',
      '受持续强降雨影响，我镇3个村发生山体滑坡，已转移群众200余人。',
      '山体滑坡',
    ],
    ['TC41 new local cases', '我区新增本土确诊病例3例，均为集中隔离人员。', '新增本土'],
    ['TC42 gathering of dozens', '今天上午，数十名群众在区政府门口聚集，反映工资拖欠问题。', '聚集'],
    [
      'TC43 rumour about a local poisoning',
      '网传“我区XX小学发生食物中毒”系谣言，经区市场监管局核查……',
      '食物中毒',
    ],
    ['fire without casualties', '今日凌晨，XX小区一居民楼起火，所幸未造成人员伤亡。', '起火'],
    [
      'casualties next to a prevention clause',
      '为防止次生灾害，我镇已转移群众200余人，山体滑坡致3人被困。',
      '山体滑坡',
    ],
    ['traditional characters', '我區新增本土確診病例3例。', '新增本土'],
  ])('grades %s as major', (_case, body, event) => {
    expect(run(emergencyRule, body)).toEqual([['grade:emergency', 'body', event, 'major']]);
  });

  it('grades the title too, with the whole finding', () => {
    const findings = emergencyRule(contextOf({ title: '我区一企业发生火灾', body: '详情见正文。' }, LISTS));
    expect(findings).toEqual([
      {
        rule: 'grade:emergency',
        category: 'emergency',
        action: 'escalate',
        grade: 'major',
        field: 'title',
        start: 7,
        end: 9,
        text: '火灾',
        message:
          '「火灾」：涉及本地突发事件、灾情、疫情或群体性事件的事实陈述，须由主要负责人审定签发，并须取得授权后发布（依据：事件：火灾；发生：发生；地点：我区）',
      },
    ]);
  });

  it('reports one event finding per field however many sentences state facts', () => {
    const body = '我区一企业发生火灾。火灾造成2人受伤。我镇发生山体滑坡。';
    expect(run(emergencyRule, body)).toEqual([['grade:emergency', 'body', '火灾', 'major']]);
  });

  it.each([
    [
      'TC48 region-wide output',
      '今年前三季度，全区实现地区生产总值XXX亿元，同比增长6.1%。',
      '全区实现地区生产总值',
    ],
    ['region-wide decision', '经区委研究决定，全区中小学停课三天。', '决定，全区'],
    [
      'region-wide figures for a year',
      '2026年全区共签约亿元以上项目86个，协议总投资621亿元。',
      '全区共签约亿元以上项目86个，协议总投资621亿元',
    ],
    ['region-wide figures for a quarter', '前三季度全市完成固投320亿元。', '全市完成固投320亿元'],
    ['pupils ill after lunch', '9月18日下午，城北小学陆续有学生出现呕吐、腹泻等症状。', '呕吐'],
  ])('grades %s as major', (_case, body, text) => {
    expect(run(emergencyRule, body)).toEqual([['grade:emergency', 'body', text, 'major']]);
  });

  it.each([
    ['TC44 health tip', '秋冬季是流感等呼吸道传染病高发季节，请市民勤洗手、常通风，按需接种流感疫苗。'],
    ['TC45 training notice', '关于开展2024年度森林防火和疫情防控知识培训的通知'],
    ['TC46 forwarded weather warning', '【转发】市气象台发布暴雨橙色预警信号，请注意防范。'],
    ['TC79 police reminder', 'XX区公安局交警大队提醒：国庆假期出行请遵守交通法规。'],
    ['anti-fraud publicity', '区公安局开展反诈宣传进社区活动。'],
    ['epidemic lecture', '区疾控中心举办疫情防控知识讲座。'],
    ['fire safety tip', '发生火灾时，应立即拨打119报警。'],
    ['hazard inspection', '我区开展火灾隐患排查整治行动，街道、社区全面参与。'],
    ['negated occurrence', '截至目前，全区未发生重大安全事故。'],
    ['drill', '今天上午，我区举行地震应急演练，模拟2人受伤。'],
    ['national statistics', '我国每年约有5万人死于交通事故。'],
    ['mortality rate', '我区孕产妇死亡率、婴儿死亡率持续下降。'],
    ['industrial cluster', '我区新增产业聚集区3个，人才聚集效应显现。'],
    ['avoid crowds', '今天起请市民避免前往人员聚集场所。'],
    ['lost-contact party members', '今日，街道党工委开展失联党员排查工作。'],
    ['earthquake bureau', '今天上午，区地震局召开工作会议。'],
    [
      'regulation naming categories',
      '对涉及本地的重大事件、群体性事件、灾情疫情等敏感信息，严禁未经授权擅自发布。',
    ],
    [
      'regulation on emergencies',
      '各街道(园区)、各部门应将政务新媒体作为突发公共事件信息发布和政务舆情回应引导的重要平台。',
    ],
    ['region-wide without data', '为进一步加强全区政务新媒体管理，促进全区政务新媒体健康有序发展。'],
    ['decisive progress', '全市上下取得决定性成就。'],
    ['harvest news', '全区秋粮收购工作有序推进。'],
    ['an amount without a period', '全区各单位要管好用好每一笔资金，单笔超过5万元须集体研究。'],
    ['a yearly amount without the region', '2026年我局共办理补贴申请120件，发放资金30万元。'],
    ['a health tip on symptoms', '感染诺如病毒后常出现呕吐、腹泻等症状，请及时就医。'],
  ])('keeps %s general', (_case, body) => {
    expect(run(emergencyRule, body)).toEqual([]);
  });
});

describe('grade:leader', () => {
  it.each([
    ['TC47 principal leaders visit', '区委书记张某某、区长李某某一行到我街道调研……', '区委书记'],
    ['deputy opens an event', '副区长王某某出席开幕式并讲话。', '副区长'],
    ['department head inspects', '局党组书记、局长王某某带队检查安全生产工作。', '党组书记'],
    [
      'CPPCC vice chair leads an inspection',
      '区政协副主席黄某某带领部分政协委员开展民主监督视察。',
      '政协副主席',
    ],
    [
      "people's congress deputy head",
      '区人大常委会副主任钱某某带领执法检查组开展执法检查。',
      '人大常委会副主任',
    ],
    ['party committee secretary chairs', '委党委书记、主任杨某某主持会议并作总结讲话。', '党委书记'],
  ])('grades %s as important', (_case, body, title) => {
    expect(run(leaderRule, body)).toEqual([['grade:leader', 'body', title, 'important']]);
  });

  it('escalates a configured leader name with an activity', () => {
    const names = termsList('leader-names', ['张某某'], { category: 'leader' });
    const findings = leaderRule(contextOf({ body: '张某某到XX社区走访慰问困难群众。' }, [...LISTS, names]));
    expect(findings.map(brief)).toEqual([['grade:leader', 'body', '张某某', 'important']]);
    expect(findings[0]!.message).toBe(
      '「张某某」：领导活动报道，至少须由分管负责人审定签发；以本级党政主要领导为主体的，须由主要负责人审定签发（依据：领导：张某某；活动：走访）',
    );
  });

  it('ships an empty names list for deployments to fill in', () => {
    expect(LISTS.find((list) => list.name === 'leader-names')?.entries).toEqual([]);
  });

  it.each([
    ['title without an activity', '区长信箱回复：关于小区停车问题的答复。'],
    ['city hotline', '市民拨打市长热线反映问题后，工作人员上门走访核实。'],
    ['long-term urban management', '推进城市长效管理，区城管局开展专项检查。'],
    ['elderly canteen', '社区长者食堂开业，志愿者走访慰问老人。'],
    ['TC66 cute bureau chief', '宝宝们～局长大大今天又来发福利啦，快来领取吧，么么哒！'],
    ['TC49 central leader', '中共中央总书记、国家主席、中央军委主席习近平主持会议并发表重要讲话。'],
    ['TC78 theory name', '深入学习贯彻习近平新时代中国特色社会主义思想主题教育动员部署会召开'],
    ['Yangtze protection', '全市长江禁渔工作推进会召开，部署下一阶段检查工作。'],
    ['community party secretary lecturing', '社区党委书记正在给居民们宣讲党的二十届四中全会精神。'],
  ])('keeps %s general', (_case, body) => {
    expect(run(leaderRule, body)).toEqual([]);
  });
});

describe('grade:leader with the national leaders of the reference table (R27, R30)', () => {
  let reference: WordingReference;
  beforeAll(async () => {
    const read = await readReference(DEFAULT_WORDLISTS_DIR);
    if ('errors' in read || !read.reference) throw new Error('the shipped reference tables do not load');
    reference = read.reference;
  });
  const graded = (title: string, body: string) => {
    const context = contextOf({ title, body }, LISTS);
    return leaderRule({ ...context, lists: { ...context.lists, wording: reference } }).map(brief);
  };

  it.each([
    [
      'the premier in the title',
      '李强主持召开国务院常务会议',
      '国务院总理李强主持召开国务院常务会议。',
      '李强',
    ],
    [
      'a central body in the title',
      '中共中央政治局常务委员会召开会议',
      '中共中央总书记习近平主持会议并发表重要讲话。',
      '习近平',
    ],
    ['the name after the title', '赵乐际主持全国人大常委会会议闭幕会', '赵乐际委员长主持闭幕会。', '赵乐际'],
  ])('grades %s as important', (_case, title, body, name) => {
    expect(graded(title, body)).toContainEqual(['grade:leader', 'body', name, 'important']);
  });

  it.each([
    [
      'TC78 the theory',
      '深入学习贯彻习近平新时代中国特色社会主义思想主题教育动员部署会召开',
      '会议强调，要以习近平新时代中国特色社会主义思想为指导，部署下一步工作。',
    ],
    ['a speech studied', '国务院常务会议精神传达', '会议传达学习了李强总理在国务院常务会议上的讲话。'],
    ['a speech to implement', '国务院部署教育工作', '会议要求认真落实李强总理讲话要求。'],
    ['the rule-of-law thought', '国务院新闻', '大家表示，要认真学习习近平法治思想，做好本职工作。'],
    ['those present in a list', '全国人大会议开幕', '习近平、赵乐际、李强等党和国家领导人出席大会。'],
    ['the background of a local story', '我区企业亮相进博会', '国务院副总理丁薛祥出席开幕式并致辞。'],
    ['TC49 without a title', '', '中共中央总书记、国家主席、中央军委主席习近平主持会议并发表重要讲话。'],
    ['a name without an activity', '国务院信息', '国务院总理李强。'],
  ])('keeps %s general', (_case, title, body) => {
    expect(graded(title, body)).toEqual([]);
  });
});

describe('grade:policy', () => {
  it.each([
    [
      'TC83 issuing notice',
      '南通市崇川区人民政府办公室关于印发《崇川区政务新媒体管理办法(试行)》的通知',
      '印发《崇川区政务新媒体管理办法(试行)》的通知',
    ],
    ['document number', '文号：崇川政办发〔2023〕73号', '崇川政办发〔2023〕73号'],
    ['document number in brackets', '文号 旬政办发[2022]35号 发布机构 旬邑县', '旬政办发[2022]35号'],
    ['policy interpretation', '一图读懂｜我区稳就业新政', '一图读懂'],
    ['implementing measures', '《XX区老旧小区改造实施办法》全文如下。', '实施办法'],
  ])('grades %s as important', (_case, body, text) => {
    expect(run(policyRule, body)).toEqual([['grade:policy', 'body', text, 'important']]);
  });

  it.each([
    ['pre-appointment notice', '区管干部任前公示。', '任前公示'],
    ['removal from office', '区政府决定：免去张某某区教育局局长职务。', '免去张某某区教育局局长'],
    ['appointment', '任命李某某为区财政局副局长。', '任命李某某为区财政局副局长'],
    ['budget report', '关于2023年全区财政预算执行情况的报告', '预算执行情况'],
    ['official expenses', '区商务局2023年度三公经费支出情况说明', '三公经费'],
  ])('grades %s as important', (_case, body, text) => {
    expect(run(policyRule, body)).toEqual([['grade:policy', 'body', text, 'important']]);
  });

  it('reports each kind once per field, at its first place', () => {
    const body = '区管干部任前公示。拟任人员名单如下。政策解读：《管理办法》。';
    expect(run(policyRule, body)).toEqual([
      ['grade:policy', 'body', '政策解读', 'important'],
      ['grade:policy', 'body', '任前公示', 'important'],
    ]);
  });

  it.each([
    ['budget mentioned', '所需经费足额纳入部门预算。'],
    ['executive meeting', '区人民政府召开常务会议，研究部署民生实事项目。'],
    ['simulated task', '消防救援站开展模拟任务训练。'],
    ['spared errands', '推行一网通办，免去群众来回跑腿之苦，社区主任表示欢迎。'],
    ['routine news', '全区秋粮收购工作有序推进。'],
  ])('keeps %s general', (_case, body) => {
    expect(run(policyRule, body)).toEqual([]);
  });
});

describe('grade rules on the seed regulations', () => {
  const seedBody = (prefix: string) => stripPinyin(identityView(cleanSeed(prefix))).text;

  it.each(SEED_FILES.map((file) => file.slice(0, 3)))(
    'finds no emergency or leader facts in seed %s, only policy',
    (prefix) => {
      const findings = GRADE_RULES.flatMap((rule) => rule(contextOf({ body: seedBody(prefix) }, LISTS)));
      expect(findings.filter((finding) => finding.category !== 'policy').map(brief)).toEqual([]);
      expect(findings.every((finding) => finding.grade === 'important')).toBe(true);
    },
  );

  it('grades the seeds, which are policy documents themselves, as important', () => {
    const graded = SEED_FILES.map((file) => file.slice(0, 3)).map((prefix) =>
      policyRule(contextOf({ body: seedBody(prefix) }, LISTS)).length > 0 ? 'important' : 'general',
    );
    expect(graded).toEqual(['important', 'important', 'important', 'important', 'important']);
  });
});

describe('document-level grading (issue 11, R27, R28, R30)', () => {
  const grades = (title: string, body: string) =>
    GRADE_RULES.flatMap((rule) => rule(contextOf({ title, body }, LISTS))).map((finding) => [
      finding.rule,
      finding.field,
      finding.grade,
    ]);
  const messages = (title: string, body: string) =>
    emergencyRule(contextOf({ title, body }, LISTS)).map((finding) => finding.message);

  it('meets an event in the title with its facts in the body, and names them', () => {
    const title = 'XX街道一化工企业爆炸';
    const body = '今日14时许，我区XX街道发生此事，现场已得到控制。相关工作正在进行中。';
    expect(grades('', body)).toEqual([]);
    expect(grades(title, '')).toEqual([]);
    expect(grades(title, body)).toEqual([['grade:emergency', 'title', 'major']]);
    expect(messages(title, body)[0]).toContain('事件：爆炸；发生：发生；时间：今日14时许；地点：我区');
  });

  it('names the facts of TC39 in the message', () => {
    const body = '今日14时许，我区XX街道某化工企业发生爆炸，目前已造成2人死亡、5人受伤，事故原因正在调查中。';
    expect(messages('', body)).toEqual([expect.stringContaining('事件：爆炸；伤亡：2人死亡')]);
    expect(messages('', body)[0]).toContain('时间：今日14时');
  });

  it.each([
    ['Roman level', '我区于今日12时启动防汛Ⅳ级应急响应。'],
    ['Chinese level', '市防指决定启动防台风三级应急响应。'],
    ['raised level', '我市防汛应急响应提升至Ⅱ级。'],
    ['no level', '区政府已启动地质灾害应急响应。'],
    ['in the title', ''],
  ])('raises a declared emergency response to major: %s', (label, body) => {
    const title = label === 'in the title' ? '我省启动Ⅰ级应急响应' : '通知';
    expect(grades(title, body)).toContainEqual([
      'grade:emergency',
      label === 'in the title' ? 'title' : 'body',
      'major',
    ]);
  });

  it.each([
    ['TC42 a gathering', '今天上午，数十名群众在区政府门口聚集，反映工资拖欠问题。'],
    ['a petition', '昨日，30余名村民到镇政府集体上访。'],
    ['a blockade', '今晨，部分业主围堵小区大门，共50余人。'],
    ['TC40 an evacuation', '受持续强降雨影响，我镇3个村发生山体滑坡，已转移群众200余人。'],
    ['an evacuation alone', '已紧急转移群众120人。'],
    ['casualties', '事故造成3人受伤。'],
  ])('raises %s to major', (_label, body) => {
    expect(grades('', body)).toContainEqual(['grade:emergency', 'body', 'major']);
  });

  it.each([
    ['a routine campaign', '区政府决定在全区开展安全生产大检查。'],
    ['a routine work notice', '全区各单位要认真开展森林防火宣传工作。'],
    ['a cited regulation', '根据《南通市网络安全管理暂行办法》，现就有关事项通知如下。'],
    ['a cited regulation without marks', '各单位依照有关管理办法执行。'],
    ['a response plan', '达到启动Ⅳ级应急响应的条件时，由区防指负责启动。'],
    ['a drill', '今日上午，我区开展防汛应急演练，模拟启动Ⅳ级应急响应，转移群众50人。'],
    ['TC44 a health tip', '秋冬季是流感等呼吸道传染病高发季节，请市民勤洗手、常通风，按需接种流感疫苗。'],
    ['TC79 an institution', 'XX区公安局交警大队提醒：国庆假期出行请遵守交通法规。'],
    ['a list of duties', '负责信息发布、内容审核、安全审查、应急响应等工作。'],
    ['prevention in the title', ''],
  ])('does not raise %s', (label, body) => {
    const title = label === 'prevention in the title' ? '关于预防火灾的温馨提示' : '通知';
    const text = label === 'prevention in the title' ? '今日起，请我区居民注意用火安全。' : body;
    expect(grades(title, text)).toEqual([]);
  });

  it('keeps the issuing of a regulation important, with the document named', () => {
    const findings = policyRule(
      contextOf({ title: '关于印发《崇川区政务新媒体管理暂行办法》的通知', body: '' }, LISTS),
    );
    expect(findings.map((finding) => finding.grade)).toEqual(['important']);
    expect(findings[0]!.message).toContain('依据：文件：');
  });
});

describe('routine texts found in the benign corpus do not raise (issue 11)', () => {
  const grades = (title: string, body: string) =>
    GRADE_RULES.flatMap((rule) => rule(contextOf({ title, body }, LISTS))).map((finding) => finding.rule);

  it.each([
    ['a penalty decision number', '行政处罚决定书', '岳市监处罚〔2026〕118号'],
    [
      'another body issuing a notice',
      '社会实践活动启动',
      '近日，团中央、教育部等部门联合印发通知，启动暑期社会实践活动。',
    ],
    ['an enumerated training topic', '培训班开班', '培训内容涵盖农业政策解读、绿色种养技术等。'],
    [
      'a prevention title with a dated body',
      '关于做好防溺水安全教育的通知',
      '7月1日起，我区各学校开展专题教育。',
    ],
  ])('%s', (_label, title, body) => {
    expect(grades(title, body)).toEqual([]);
  });

  it.each([
    ['a document number', '崇川政办发〔2023〕73号'],
    ['an issued measure', '关于印发《支持高校毕业生就业创业若干措施》的通知'],
    ['a legal adviser appointed', '聘任以下人员为区人民政府法律顾问'],
  ])('still raises %s to important', (_label, title) => {
    expect(grades(title, '')).toContain('grade:policy');
  });

  it.each([
    ['a district government notice', '区人民政府关于调整城区集中供热价格的通知', ''],
    ['ministries announcing', '财政部 税务总局关于延续实施小微企业和个体工商户税收优惠政策的公告', ''],
    ['an interpretation', '权威解读｜《南通市崇川区加快推进城市更新行动实施方案》', ''],
    ['a plan issued', '城市更新', '近日，崇川区人民政府印发《南通市崇川区加快推进城市更新行动实施方案》。'],
    ['a plan adopted', '区政府常务会议', '会议审议通过了《崇川区2024年民生实事项目实施方案》。'],
    ['a subsidy raised', '加装电梯', '我区加装电梯的补贴标准由每台15万元提高到20万元。'],
    ['a price adjusted', '供热', '居民供热价格由每月每平方米4.20元调整为4.50元。'],
    ['duties reassigned', '关于调整区应急管理局领导班子成员分工的通知', ''],
    ['a plan published', '医保', '6月27日，国家医保局公布《2024年国家医保药品目录调整工作方案》。'],
    ['a rate lowered', '降准', '人民银行同时决定，下调逆回购操作利率，由此前的1.7%调整为1.5%。'],
  ])('raises %s to important', (_label, title, body) => {
    expect(grades(title, body)).toContain('grade:policy');
  });

  it.each([
    ["a bureau's work notice", '区教育局关于做好2027年秋季新生入学信息采集工作的通知', ''],
    ['a cited government notice', '通知', '根据《区人民政府关于加强安全生产工作的通知》要求，现开展检查。'],
    ['a plan written by a school', '活动方案', '学校制定了《校园读书月活动方案》。'],
    ['a cited measure', '通知', '按照区政府印发的《若干措施》，企业可申请补助。'],
    ['opening hours changed', '图书馆', '开放时间由每日9时调整为8时30分。'],
    ['a list published', '名单', '区商务局公布《放心消费示范单位名单》。'],
    ['a penalty', '处罚公示', '对该企业处以罚款，罚款标准由执法部门确定。'],
  ])('keeps %s general', (_label, title, body) => {
    expect(grades(title, body)).toEqual([]);
  });

  it.each([
    ['a gathering with a date', '', '1月15日上午，50余名农民工在某项目部门口聚集。'],
    ['a dengue report', '关于我区发现2例输入性登革热病例的通报', '9月8日，我区在监测中发现2例病例。'],
  ])('raises %s to major', (_label, title, body) => {
    expect(grades(title, body)).toContain('grade:emergency');
  });
});
