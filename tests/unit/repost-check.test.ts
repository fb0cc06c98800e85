import { describe, expect, it } from 'vitest';
import { checkRepost, titleKey } from '../../src/domain/checks/repost-check.js';
import type { Draft } from '../../src/domain/draft.js';
import { contextOf } from './helpers/check-context.js';

const ORIGINAL = '国务院常务会议研究部署进一步稳就业举措';
const repost = (draft: Partial<Draft>) =>
  checkRepost(contextOf({ title: ORIGINAL, body: '正文', kind: 'repost', source: '新华社', ...draft }));
const rules = (draft: Partial<Draft>) => repost(draft).map((finding) => finding.rule);

describe('titleKey', () => {
  it.each([
    ['【转载】国务院常务会议', '国务院常务会议'],
    ['[转载] 国务院 常务会议！', '国务院常务会议'],
    ['转载：“稳就业”举措', '稳就业举措'],
    ['ＡＰＥＣ会议１２项', 'apec会议12项'],
  ])('reduces %s to %s', (title, key) => {
    expect(titleKey(title)).toBe(key);
  });
});

describe('checkRepost', () => {
  it('ignores drafts that are not reposts', () => {
    expect(checkRepost(contextOf({ title: 't', body: 'b', kind: 'original' }))).toEqual([]);
    expect(checkRepost(contextOf({ title: 't', body: 'b' }))).toEqual([]);
  });

  it('passes an authorised source with the original title (TC21)', () => {
    expect(repost({ original_title: ORIGINAL })).toEqual([]);
  });

  it('blocks a repost without a source, pointing at the start of the title (TC22)', () => {
    const findings = checkRepost(contextOf({ title: ORIGINAL, body: '正文……（转自网络）', kind: 'repost' }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'source:missing',
      category: 'source',
      action: 'block',
      field: 'title',
      start: 0,
      end: 0,
      text: '',
    });
    expect(findings[0]!.message).toContain('来源单位');
  });

  it.each(['', '  ', '网络', '（转自网络）', '来源：网络', '网友爆料', '自媒体'])(
    'treats the source %j as missing (TC22, TC24)',
    (source) => {
      expect(rules({ source })).toEqual(['source:missing']);
    },
  );

  it.each(['崇川吃喝玩乐（微信公众号）', '新华网友', '小王说事', '身边事（官方微博）'])(
    'blocks the source %s that names no unit (TC23)',
    (source) => {
      const findings = repost({ source });
      expect(
        findings.map(({ rule, action, field, start, end }) => ({ rule, action, field, start, end })),
      ).toEqual([{ rule: 'source:unauthorised', action: 'block', field: 'title', start: 0, end: 0 }]);
      expect(findings[0]!.message).toContain(source);
    },
  );

  it('passes a source once the configured list names it (TC25, PS configuration)', () => {
    const context = contextOf(
      { title: ORIGINAL, body: '', kind: 'repost', source: '眉山日报' },
      { lists: { sources: ['眉山日报'] } },
    );
    expect(checkRepost(context)).toEqual([]);
  });

  it.each(['新华社客户端', '来源：新华社', ' 人民日报（官方微博） ', '央视新闻微信公众号', 'ＣＣＴＶ'])(
    'recognises %s as an authorised unit',
    (source) => {
      const context = contextOf(
        { title: ORIGINAL, body: '', kind: 'repost', source },
        { lists: { sources: ['新华社', '人民日报', '央视新闻', 'cctv'] } },
      );
      expect(checkRepost(context)).toEqual([]);
    },
  );

  it('blocks an altered title, suggesting the original (TC26)', () => {
    const title = '重磅！国务院出手，这些人要发财了！';
    const findings = repost({ title, original_title: ORIGINAL });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'title:altered',
      category: 'title',
      action: 'block',
      field: 'title',
      start: 0,
      end: title.length,
      text: title,
      suggestion: ORIGINAL,
    });
  });

  it.each([
    ['a 【转载】 prefix (TC27)', `【转载】${ORIGINAL}`],
    ['a 转载： prefix', `转载：${ORIGINAL}`],
    ['changed punctuation and spaces', '国务院常务会议：研究部署 进一步稳就业举措'],
    ['full-width letters for half-width', 'ＡＰＥＣ会议'],
  ])('passes a title changed only by %s', (_label, title) => {
    const original = title === 'ＡＰＥＣ会议' ? 'APEC会议' : ORIGINAL;
    expect(repost({ title, original_title: original })).toEqual([]);
  });

  it.each([
    ['a changed number (TC28)', '新增就业岗位120万个', '新增就业岗位12万个'],
    ['a changed subject', '省政府常务会议研究部署进一步稳就业举措', ORIGINAL],
    ['a dropped negation', '不得擅自转载', '得擅自转载'],
    ['a 转载 marker in the middle', `${ORIGINAL}【转载】`, ORIGINAL],
  ])('blocks a title with %s', (_label, title, original) => {
    expect(rules({ title, original_title: original })).toEqual(['title:altered']);
  });

  it('reports both an unauthorised source and an altered title', () => {
    expect(rules({ source: '某某自媒体号', title: '重磅！', original_title: ORIGINAL })).toEqual([
      'source:unauthorised',
      'title:altered',
    ]);
  });
});

describe('checkRepost: authorised sources by pattern, list and organisation (R24, issue 11)', () => {
  const verdict = (source: string, scope: { sources?: string[] } = {}, sources?: string[]) =>
    checkRepost(
      contextOf(
        { title: ORIGINAL, body: '正文', kind: 'repost', source },
        { scope, ...(sources === undefined ? {} : { lists: { sources } }) },
      ),
    ).map(({ rule, action, grade }) => [rule, action, grade]);
  const MINISTRIES = ['外交部', '国家统计局', '应急管理部', '国家发展和改革委员会'];

  it.each([
    '江苏省人民政府网',
    '南通市人民政府',
    '崇川区人民政府办公室',
    '四川省人民政府办公厅',
    '中共南通市委员会',
    '如东县委党委办公室网站',
    'XX区政府网',
    '江苏省教育厅',
    '浙江省卫生健康委员会（官方微信）',
  ])('passes the party or government unit %s by pattern', (source) => {
    expect(verdict(source)).toEqual([]);
  });

  it.each([
    '外交部',
    '国家统计局官网',
    '应急管理部微信公众号',
    '中华人民共和国外交部',
    '国家发展和改革委员会网站',
  ])('passes the State Council body %s from the list', (source) => {
    expect(verdict(source, {}, MINISTRIES)).toEqual([]);
  });

  it('passes a source the organisation added (scope.sources) and only there', () => {
    expect(verdict('眉山日报', { sources: ['眉山日报'] })).toEqual([]);
    expect(verdict('眉山日报')).toEqual([['source:unlisted', 'escalate', 'important']]);
  });

  it.each(['眉山日报', '南通市教育局', '澎湃新闻', '某某县融媒体中心'])(
    'escalates the traceable but unlisted source %s to important (TC25, CC)',
    (source) => {
      expect(verdict(source)).toEqual([['source:unlisted', 'escalate', 'important']]);
      expect(repost({ source })[0]!.message).toContain(source);
    },
  );

  it.each([
    ['网友爆料', 'source:missing'],
    ['网络', 'source:missing'],
    ['自媒体', 'source:missing'],
    ['崇川吃喝玩乐（微信公众号）', 'source:unauthorised'],
  ])('still blocks the untraceable source %s', (source, rule) => {
    expect(verdict(source)).toEqual([[rule, 'block', undefined]]);
  });
});

describe('checkRepost: units of listed bodies (benign corpus)', () => {
  const verdict = (source: string) =>
    checkRepost(
      contextOf(
        { title: ORIGINAL, body: '正文', kind: 'repost', source },
        { lists: { sources: ['公安部', '新华网', '共青团中央'] } },
      ),
    ).map(({ rule }) => rule);

  it.each(['公安部刑事侦查局', '共青团中央', '江苏省教育考试院'])('passes %s', (source) => {
    expect(verdict(source)).toEqual([]);
  });

  it.each([
    ['新华网友', 'source:unauthorised'],
    ['公安部门口小吃', 'source:unauthorised'],
  ])('does not pass %s as a unit of a listed body', (source, rule) => {
    expect(verdict(source)).toEqual([rule]);
  });
});

describe('the shipped State Council list', () => {
  it('names the ministries, commissions and agencies, and they pass', async () => {
    const { shippedLists } = await import('./helpers/term-matches.js');
    const sources = shippedLists('sources').flatMap((list) => list.entries.map((entry) => entry.text));
    for (const name of ['外交部', '国防部', '国家发展和改革委员会', '国家统计局', '应急管理部', '审计署']) {
      expect(sources).toContain(name);
    }
    const context = contextOf(
      { title: ORIGINAL, body: '正文', kind: 'repost', source: '应急管理部微信公众号' },
      { lists: { sources } },
    );
    expect(checkRepost(context)).toEqual([]);
  });
});
