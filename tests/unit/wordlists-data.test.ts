import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWordlists } from '../../src/adapters/files/read-wordlists.js';
import type { Wordlist } from '../../src/domain/checks/wordlist-types.js';
import { validateWordlists } from '../../src/domain/checks/wordlist.js';
import { foldKey } from '../../src/domain/matching/fold-table.js';
import { pinyinAnnotations } from '../../src/domain/text/strip-pinyin.js';
import { INJECTED, SEED_FILES, cleanSeed } from '../helpers/seeds.js';

const WORDLISTS_DIR = fileURLToPath(new URL('../../wordlists/', import.meta.url));
/** The lists curated in this file's scope; the grading, tone and wording lists have their own tests. */
const CONTENT_LISTS = [
  ...['gambling', 'gambling-homophones', 'gambling-mention', 'gambling-pinyin', 'gambling-terms'],
  'porn',
  ...['ad', 'ad-certificates', 'ad-claims', 'ad-games', 'ad-invoices', 'ad-jobs', 'ad-loans'],
  ...['ad-medical', 'ad-property', 'ad-trade'],
];
/** Lures that anti-fraud and anti-gambling publicity quotes; brands, hooks, pinyin and porn bait never are. */
const QUOTABLE = [
  ...['gambling-homophones', 'gambling-terms', 'ad-certificates', 'ad-claims', 'ad-invoices', 'ad-jobs'],
  ...['ad-loans', 'ad-medical'],
];
const DOMAIN_LISTS = {
  allowed: 'link-allowed-domains',
  shortener: 'link-shorteners',
  commerce: 'link-commerce',
};

let lists: Wordlist[];
let warnings: string[];
const named = (name: string) => lists.find((list) => list.name === name)!;
const keysOf = (list: Wordlist) => list.entries.map((entry) => foldKey(entry.text));
const contentLists = () => CONTENT_LISTS.map(named);
const blockingContentLists = () =>
  contentLists().filter((list) => list.action === 'block' || list.action === 'escalate');
const allowKeys = () => lists.filter((list) => list.type === 'allow').flatMap(keysOf);

beforeAll(async () => {
  const result = await readWordlists(WORDLISTS_DIR);
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  ({ lists, warnings } = result);
});

function occurrences(text: string, key: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + 1)) starts.push(at);
  return starts;
}

/**
 * Entries of `from` that occur in the folded text outside every occurrence of an allow entry. A simple stand-in
 * for the matcher: the fold drops all noise, so it over-reports rather than misses.
 */
function uncoveredHits(text: string, from: readonly Wordlist[]): string[] {
  const folded = foldKey(text);
  const allowed = allowKeys().flatMap((key) =>
    occurrences(folded, key).map((start) => [start, start + key.length]),
  );
  return from.flatMap((list) =>
    list.entries
      .filter((entry) => {
        const key = foldKey(entry.text);
        return occurrences(folded, key).some(
          (start) => !allowed.some(([from, to]) => from! <= start && start + key.length <= to!),
        );
      })
      .map((entry) => `${list.name}: ${entry.text}`),
  );
}

const withoutPinyin = (text: string) => {
  let kept = 0;
  let out = '';
  for (const [start, end] of pinyinAnnotations(text)) {
    out += text.slice(kept, start);
    kept = end;
  }
  return out + text.slice(kept);
};

describe('wordlists/ as shipped', () => {
  it('parses and validates without errors under the real fold', () => {
    const problems = validateWordlists(lists, foldKey);
    expect(problems.errors).toEqual([]);
    const ours = [...CONTENT_LISTS, ...Object.values(DOMAIN_LISTS), 'allow', 'sources'];
    const ourWarnings = [...warnings, ...problems.warnings].filter((line) =>
      ours.some((name) => line.includes(name)),
    );
    expect(ourWarnings).toEqual([]);
  });

  it('describes every list and names its source', () => {
    for (const list of lists) {
      expect(list.description, list.name).not.toBe('');
      expect(list.source, list.name).not.toBe('');
    }
  });

  it('gives each content list its category and action', () => {
    const shape = (list: Wordlist) => `${list.type} ${list.category} ${list.action}`;
    expect(Object.fromEntries(contentLists().map((list) => [list.name, shape(list)]))).toEqual({
      ...Object.fromEntries(CONTENT_LISTS.map((name) => [name, `words ${name.split('-')[0]} block`])),
      'gambling-mention': 'words gambling info',
      'ad-claims': 'words ad review',
    });
  });

  it('covers every gambling, porn and ad list in this file', () => {
    const content = lists.filter(
      (list) => list.type === 'words' && ['gambling', 'porn', 'ad'].includes(list.category ?? ''),
    );
    expect(content.map((list) => list.name).sort()).toEqual([...CONTENT_LISTS].sort());
  });

  it('marks only the lure lists quotable', () => {
    expect(
      contentLists()
        .filter((list) => list.quotable === true)
        .map((list) => list.name),
    ).toEqual(CONTENT_LISTS.filter((name) => QUOTABLE.includes(name)));
  });

  it('gives every entry of a blocking content list its provenance', () => {
    for (const list of blockingContentLists()) {
      expect(list.provenanceRequired, list.name).toBe(true);
      expect(
        list.entries.filter((entry) => !entry.provenance).map((entry) => entry.text),
        list.name,
      ).toEqual([]);
    }
  });
});

describe('wordlists/ against the seed regulations', () => {
  it.each(SEED_FILES.map((file) => file.slice(0, 3)))(
    'finds no content-list entry in seed %s once cleaned',
    (prefix) => {
      expect(uncoveredHits(withoutPinyin(cleanSeed(prefix)), contentLists())).toEqual([]);
    },
  );

  it.each(Object.values(INJECTED).flat())(
    'has a gambling entry inside the injected string %s',
    (injected) => {
      const folded = foldKey(injected);
      expect(keysOf(named('gambling')).filter((key) => folded.includes(key)).length).toBeGreaterThan(0);
    },
  );

  it('covers the injected strings with gambling entries from end to end', () => {
    const covered = (text: string) => {
      const folded = foldKey(text);
      const hit = new Array<boolean>(folded.length).fill(false);
      for (const key of keysOf(named('gambling'))) {
        for (const start of occurrences(folded, key)) hit.fill(true, start, start + key.length);
      }
      return folded
        .split('')
        .filter((_, i) => !hit[i])
        .join('');
    };
    // What is left over is the filler between the spam names, never a brand.
    expect(covered('皇冠足球比分_澳门赌博网-官网')).toBe('官网');
    expect(covered('365足球比分_365名品汇推荐码多少_365365bet官')).toBe('推荐码多少365官');
  });
});

describe('wordlists/ curation', () => {
  it.each([
    ['traditional', '歡迎訪問澳門賭博網，註冊即送彩金'],
    ['spaces', '澳 门 赌 博 网址见评论区'],
    ['symbols', '澳*门◆赌#博'],
    ['zero-width', '澳\u200B门\u200C赌\u200D博\uFEFF网'],
    ['full-width', '\uFF42\uFF45\uFF54\uFF13\uFF16\uFF15官方入口'],
    ['case', 'BeT365 体育投注，首充翻倍'],
    ['hidden 365', '365体育'],
  ])('catches the %s evasion with a gambling entry', (_what, text) => {
    const gambling = blockingContentLists().filter((list) => list.category === 'gambling');
    expect(uncoveredHits(text, gambling)).not.toEqual([]);
  });

  it.each([
    '中共中央总书记、国家主席、中央军委主席习近平主持会议并发表重要讲话。',
    '区人民政府、国务院办公厅、公安局、信息公开、管理办法',
    '热烈庆祝澳门回归祖国25周年，澳门特别行政区政府举行庆祝活动。',
    '我区积极推进足球进校园活动，校园足球联赛开幕。',
    '警方提醒：网络赌博是违法犯罪行为，“稳赚不赔”“高额返利”都是骗局，发现线索请拨打110举报。',
    '依法严厉打击“黄赌毒”等违法犯罪活动，净化社会环境。',
    '远离赌博，珍爱家庭。',
    '被告人因犯开设赌场罪被判处有期徒刑三年。',
    '警方查处一起聚众赌博案件，收缴赌博机5台。',
    '依法打击非法博彩活动，警惕境外博彩网站诱骗。',
    '严厉打击地下六合彩、非法时时彩等违法犯罪活动。',
    '中国体育彩票、中国福利彩票是国家批准发行的彩票，竞彩足球请到实体店购买。',
    '凭身份证可到社区卫生服务中心免费领取叶酸片。',
    '市民可扫码领取电子消费券，也可加入社区微信群了解详情。',
    '警惕刷单返利、高额返利、裸聊诈骗等电信网络诈骗。',
    '扫黄打非：依法查处淫秽色情出版物，净化社会文化环境。',
    '为辖区独居老人提供上门服务和助餐服务。',
    '开展成人用品店、娱乐场所、棋牌室安全检查。',
    '落实招商引资优惠政策，欢迎企业来我区投资兴业。',
    '全民健身一年365天不停歇，体育场馆免费向市民开放。',
    '会议在皇冠假日酒店举行，金沙县、威尼斯双年展代表团出席。',
    '海关提醒：海外代购不等于合法，须依法申报。',
    '助农直播带货，农产品产地直发包邮。',
    '经查，某某违规出入澳门赌场，多次赴澳门赌博，受到开除党籍处分。',
    '市场监管局开展黄金、铂金、彩金首饰质量抽检，全市首个充电桩示范站建成。',
  ])('lets benign government text through: %s', (text) => {
    expect(uncoveredHits(text, blockingContentLists())).toEqual([]);
  });

  it('keeps everyday government words out of the blocking lists', () => {
    const everyday = [
      '政府',
      '人民',
      '国务院',
      '习近平',
      '公安',
      '管理',
      '信息',
      '澳门',
      '足球',
      '赌博',
      '赌场',
      '彩票',
    ];
    const extra = ['色情', '淫秽', '微信', '返利', '优惠券', '免费领取', '扫码领取', '推荐码', '官方入口'];
    for (const list of blockingContentLists()) {
      for (const key of keysOf(list)) {
        for (const word of [...everyday, ...extra])
          expect(foldKey(word).includes(key), `${list.name}: ${key}`).toBe(false);
      }
    }
  });

  it('has only useful allow entries: each contains a matched entry and none contains another', () => {
    const matched = lists.filter((list) => list.type === 'words' || list.type === 'terms').flatMap(keysOf);
    const allow = keysOf(named('allow'));
    expect(allow.filter((key) => !matched.some((entry) => key.includes(entry)))).toEqual([]);
    expect(allow.filter((key) => allow.some((other) => other !== key && key.includes(other)))).toEqual([]);
  });
});

describe('wordlists/ reference lists', () => {
  it('has one domains list per use, with the hosts the link rule relies on', () => {
    const domainLists = lists.filter(
      (list) => list.type === 'domains' && Object.values(DOMAIN_LISTS).includes(list.name),
    );
    expect(domainLists.map((list) => [list.name, list.use]).sort()).toEqual(
      Object.entries(DOMAIN_LISTS)
        .map(([use, name]) => [name, use])
        .sort(),
    );
    const hosts = (name: string) => named(name).entries.map((entry) => entry.text);
    expect(hosts(DOMAIN_LISTS.allowed)).toEqual(
      expect.arrayContaining(['gov.cn', 'news.cn', 'people.com.cn']),
    );
    expect(hosts(DOMAIN_LISTS.shortener)).toEqual(
      expect.arrayContaining(['t.cn', 'dwz.cn', 'url.cn', 'bit.ly']),
    );
    expect(hosts(DOMAIN_LISTS.commerce)).toEqual(
      expect.arrayContaining(['jd.com', 'taobao.com', 'tmall.com']),
    );
  });

  it('never lets a mixed platform or a host of another domain list pass as allowed', () => {
    const allowed = named(DOMAIN_LISTS.allowed).entries.map((entry) => entry.text);
    // mp.weixin.qq.com and WeChat's image hosts are WeChat's own and pass (issue 11); the parents do not.
    for (const platform of ['qq.com', 'weixin.qq.com', 'wx.qq.com', 'weibo.com', 'douyin.com']) {
      expect(allowed).not.toContain(platform);
    }
    const blocked = [DOMAIN_LISTS.shortener, DOMAIN_LISTS.commerce].flatMap((name) => named(name).entries);
    expect(
      blocked.filter((entry) =>
        allowed.some((host) => entry.text === host || entry.text.endsWith(`.${host}`)),
      ),
    ).toEqual([]);
  });

  it('authorises the central sources by their exact names', () => {
    const sources = named('sources');
    expect(sources.type).toBe('sources');
    const names = sources.entries.map((entry) => entry.text);
    expect(names).toEqual(
      expect.arrayContaining(['新华社', '人民日报', '中国政府网', '央视新闻', '求是', '光明日报']),
    );
    for (const unsafe of ['网友爆料', '转自网络', '崇川吃喝玩乐', '眉山日报'])
      expect(names).not.toContain(unsafe);
  });
});
