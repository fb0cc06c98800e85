import { beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../../src/create-checker.js';
import type { Checker } from '../../src/domain/checks/build-checker.js';
import type { Finding } from '../../src/domain/checks/finding.js';
import { SEED_FILES, cleanSeed, seedDraft } from '../helpers/seeds.js';

/*
 * The ad, porn and gambling lists and the contact-hook rule through the whole checker: each kind of ad, plain and
 * with each evasion, hidden in an ordinary notice of about 500 characters, and the benign look-alikes that must pass.
 */

let checker: Checker;
beforeAll(async () => {
  checker = await createChecker();
});

const OPENING =
  '各街道办事处、区各部门：为进一步做好今冬明春安全生产和民生保障工作，切实维护人民群众生命财产安全，' +
  '根据上级部署，结合我区实际，现将有关事项通知如下。一、压实工作责任。各单位要坚持人民至上、生命至上，' +
  '主要负责同志亲自部署、亲自检查，分管负责同志靠前指挥，确保各项措施落到实处。二、开展隐患排查。' +
  '重点检查人员密集场所、燃气使用场所、建筑工地和危化品企业，发现问题立即整改，不能立即整改的要落实管控措施。';
const CLOSING =
  '三、做好值班值守。严格落实领导带班和24小时值班制度，遇有重要情况第一时间报告，不得迟报、漏报、瞒报。' +
  '四、加强宣传引导。通过政务新媒体、社区宣传栏等渠道普及安全知识，提高群众自防自救能力。' +
  '五、强化督查问效。区安委办将适时开展督查，对工作不力、造成严重后果的，依规依纪严肃追责。' +
  '联系电话：0513-85012345（区安委办）。崇川区人民政府办公室，2026年12月1日。';

/** An ordinary notice of about 500 characters with `inserted` in its middle; `at` is where it starts. */
function notice(inserted: string): { body: string; at: number } {
  return { body: `${OPENING}${inserted}${CLOSING}`, at: OPENING.length };
}

const fullWidth = (text: string) =>
  text.replace(/[!-~]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0x21 + 0xff01));
const between = (separator: string) => (text: string) => [...text].join(separator);

/** Each evasion of an ad, given the ad and its traditional spelling. */
const EVASIONS: Record<string, (text: string, traditional: string) => string> = {
  plain: (text) => text,
  traditional: (_text, traditional) => traditional,
  spaces: between(' '),
  'zero-width': between('\u200b'),
  'full-width': fullWidth,
  symbols: between('*'),
};

/** One ad per sub-type, its traditional spelling and the rule that must catch it. */
const ADS: Array<[string, string, string, string]> = [
  ['loans', '黑户下款，无视征信', '黑戶下款，無視徵信', 'wordlist:ad-loans'],
  ['invoices', '本公司长期代开发票', '本公司長期代開發票', 'wordlist:ad-invoices'],
  ['certificates', '专业办证，各类证件办理', '專業辦證，各類證件辦理', 'wordlist:ad-certificates'],
  ['games', '传奇私服新开，一刀999', '傳奇私服新開，一刀999', 'wordlist:ad-games'],
  ['medical', '祖传秘方，包治百病', '祖傳秘方，包治百病', 'wordlist:ad-medical'],
  ['property', '现房热销，认购热线请来电', '現房熱銷，認購熱線請來電', 'wordlist:ad-property'],
  ['jobs', '兼职日结，日赚300', '兼職日結，日賺300', 'wordlist:ad-jobs'],
  ['trade', '一手货源，招收代理', '一手貨源，招收代理', 'wordlist:ad-trade'],
  ['calls to action', '扫码领红包', '掃碼領紅包', 'wordlist:ad'],
  ['porn', '同城约炮', '同城約炮', 'wordlist:porn'],
  ['gambling brands', '金沙娱乐', '金沙娛樂', 'wordlist:gambling'],
  ['gambling terms', '百家乐', '百家樂', 'wordlist:gambling-terms'],
  ['homophones', '菠菜导航', '菠菜導航', 'wordlist:gambling-homophones'],
  ['pinyin', '上bocai', '上bocai', 'wordlist:gambling-pinyin'],
  ['contact hooks', '加VX：abc123', '加VX：abc123', 'ad:contact-hook'],
  ['contact hooks (QQ)', '扣扣12345678', '扣扣12345678', 'ad:contact-hook'],
  ['sales hotlines', '订购热线4001234567，优惠多多', '訂購熱線4001234567，優惠多多', 'ad:sales-hotline'],
  ['QR calls to action', '扫码进群领取优惠券', '掃碼進群領取優惠券', 'ad:qr-call'],
];

const CASES = ADS.flatMap(([kind, ad, traditional, rule]) =>
  Object.entries(EVASIONS).map(([evasion, evade]) => [kind, evasion, evade(ad, traditional), rule] as const),
);

describe('ads, porn and gambling hidden in an ordinary notice', () => {
  it.each(CASES)('blocks %s written %s: %s', (_kind, _evasion, ad, rule) => {
    const { body, at } = notice(ad);
    const report = checker.check({ title: '关于做好今冬明春安全生产工作的通知', body, format: 'text' });
    const inAd = (f: Finding) =>
      f.rule === rule && f.action === 'block' && f.start >= at && f.end <= at + ad.length;
    expect(report.findings.filter(inAd), JSON.stringify(report.findings)).not.toEqual([]);
    expect(report.blocked).toBe(true);
  });

  it('leaves the notice itself alone', () => {
    expect(checker.check({ title: '通知', body: notice('').body, format: 'text' }).findings).toEqual([]);
  });
});

/** Benign sentences that look like ads; in an ordinary notice they must not block. */
const LOOK_ALIKES = [
  '依法打击代开发票违法行为，维护税收秩序。',
  '纳税人可通过电子税务局申请代开发票，也可到办税服务厅办理代开发票业务。',
  '警惕“无抵押贷款”诈骗，正规金融机构放款前不会收取任何费用。',
  '我区发放创业担保贷款1.2亿元，政务服务事项实现“秒批秒办”。',
  '受降温影响，本周菠菜价格上涨，蔬菜保供稳价工作有序推进。',
  '金沙江流域生态保护座谈会在金沙县召开。',
  '太阳城社区开展垃圾分类宣传活动。',
  '会议在皇冠假日酒店举行，威尼斯双年展代表团出席。',
  '市民可扫码预约挂号，也可扫码登记健康信息。',
  '长按识别二维码关注“崇川发布”，扫码领取电子消费券。',
  '中国工商银行客服热线95588，中国建设银行客服电话95533，全国统一客服400-820-0588。',
  '用人单位招用非全日制和兼职劳动者，应当依法签订劳动合同并按时足额支付劳动报酬。',
  '体育彩票、福利彩票公益金用于全民健身和社会福利事业，竞彩足球请到实体店购买。',
  '请关注崇川发布微信公众号（微信号：ccfb2020），考生咨询QQ群：123456789。',
  '坚决根治欠薪，新办企业免费刻章，办证大厅设立帮办代办窗口。',
  '住房公积金贷款首付比例下调，降低首付比例以支持刚性住房需求。',
  '今年全区GDP同比增长95.5%，实际完成投资95000万元，1995年以来最高。',
  '都昌县政府网站 www.duchang.gov.cn 发布通知。',
  '海关提醒：海外代购不等于合法，须依法申报。',
  '警方提醒：网络赌博是违法犯罪行为，发现线索请拨打110举报；严禁参与博彩。',
  '一线职工带来了一手资料，样板间开放日吸引群众参观保障性住房。',
];

describe('benign look-alikes in an ordinary notice', () => {
  it.each(LOOK_ALIKES)('passes %s', (sentence) => {
    const report = checker.check({ title: '工作动态', body: notice(sentence).body, format: 'text' });
    const spam = report.findings.filter((f) => ['ad', 'gambling', 'porn'].includes(f.category));
    expect(spam.filter((f) => f.action !== 'info')).toEqual([]);
    expect(report.blocked).toBe(false);
  });

  it('passes an HTML article whose WeChat images carry wx_fmt in their addresses', () => {
    const img = '<img src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg&amp;wx_co=1">';
    const report = checker.check({ title: '工作动态', body: `<p>${OPENING}</p>${img}`, format: 'html' });
    expect(report.findings.filter((f) => f.category === 'ad')).toEqual([]);
  });
});

describe('the seed regulations', () => {
  it.each(SEED_FILES.map((file) => file.slice(0, 3)))(
    'raise no ad, porn or gambling finding in %s',
    (prefix) => {
      const report = checker.check(seedDraft(cleanSeed(prefix)));
      expect(report.findings.filter((f) => ['ad', 'gambling', 'porn'].includes(f.category))).toEqual([]);
    },
  );
});
