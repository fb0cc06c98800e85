import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/checks/finding.js';
import { opinionRule } from '../../src/domain/checks/opinion-check.js';
import { stripPinyin } from '../../src/domain/text/strip-pinyin.js';
import { identityView } from '../../src/domain/text/text-view.js';
import { SEED_FILES, cleanSeed } from '../helpers/seeds.js';
import { contextOf, shippedLists } from './helpers/term-matches.js';

const LISTS = shippedLists('opinion-');
const brief = (finding: Finding) => [finding.action, finding.field, finding.text];
const run = (body: string, title = '') => opinionRule(contextOf({ title, body }, LISTS)).map(brief);

describe('opinion:personal', () => {
  it('blocks TC64: emotional outburst, insult and a run of exclamation marks', () => {
    expect(run('小编今天真的被气炸了！！！这些乱扔垃圾的人素质太低了，简直无语！')).toEqual([
      ['block', 'body', '气炸'],
      ['review', 'body', '！！！'],
      ['block', 'body', '素质太低'],
      ['block', 'body', '简直'],
      ['block', 'body', '无语'],
    ]);
  });

  it('blocks TC65: a first-person judgement, with the message the editor sees', () => {
    const findings = opinionRule(
      contextOf({ body: '我个人认为，这项补贴政策出台得太晚了，早该这么做。' }, LISTS),
    );
    expect(findings).toEqual([
      {
        rule: 'opinion:personal',
        category: 'opinion',
        action: 'block',
        field: 'body',
        start: 0,
        end: 5,
        text: '我个人认为',
        message: '「我个人认为」：个人观点或情绪化表达，政务新媒体不得发布代表个人观点、意见及情绪的言论',
      },
    ]);
  });

  it('asks for review of TC66: cute internet slang', () => {
    expect(run('宝宝们～局长大大今天又来发福利啦，快来领取吧，么么哒！')).toEqual([
      ['review', 'body', '宝宝们'],
      ['review', 'body', '么么哒'],
    ]);
  });

  it.each([
    ['a hedged opinion', '我觉得这次活动很有意义。', [['review', 'body', '我觉得']]],
    ['a hedged opinion that judges', '我觉得这项政策出台得太晚了。', [['block', 'body', '我觉得']]],
    ['an editor judging', '小编觉得这次活动办得不错。', [['block', 'body', '小编觉得']]],
    ['traditional characters', '我個人認為這樣不妥。', [['block', 'body', '我個人認為']]],
    ['double half-width exclamation', '活动开始啦!!', [['review', 'body', '!!']]],
    ['spaced exclamation marks', '活动开始啦！ ！', [['review', 'body', '！ ！']]],
    ['mixed widths', '快来报名!！', [['review', 'body', '!！']]],
    ['the title', '', [['review', 'title', '！！']]],
  ])('flags %s', (_case, body, expected) => {
    const title = _case === 'the title' ? '重磅！！' : '';
    expect(run(body, title)).toEqual(expected);
  });

  it.each([
    ['an institutional position', '我局认为，该企业的行为违反了《中华人民共和国广告法》相关规定。'],
    ['waste sorting', '垃圾分类，从我做起！'],
    ['litter', '请勿乱扔垃圾，共同维护社区环境。'],
    ['villagers addressed', '各位乡亲们，秋收时节请注意防火。'],
    ['honest speech as a virtue', '党员干部要讲真话、说实话、办实事。'],
    ['accessibility', '为无语言障碍人士和无语音提示设备使用者提供帮助。'],
    ['a single exclamation mark', '热烈庆祝中华人民共和国成立75周年！'],
    ['an appeal notice', '当事人对处罚决定有异议的，可依法申请行政复议。'],
    ['fire safety', '天然气泄漏时，切勿开关电器。'],
  ])('lets %s through', (_case, body) => {
    expect(run(body)).toEqual([]);
  });

  it.each(SEED_FILES.map((file) => file.slice(0, 3)))('finds nothing in seed %s', (prefix) => {
    expect(run(stripPinyin(identityView(cleanSeed(prefix))).text)).toEqual([]);
  });
});

describe('opinion:personal leaves quoted speech to its speaker (issue 11)', () => {
  it.each([
    ['a resident after 说', '王大爷笑着说：“我觉得这个政策出台得太晚了，早该这么做！！”'],
    ['a resident after a colon', '居民李女士：“以前这里乱扔垃圾的人素质太低了，气炸了。”'],
    ['a verb after the quotation', '“我个人认为这是好事！！”，社区党委书记感慨道。'],
    ['corner brackets', '她坦言「简直不敢相信，小编觉得也是」。'],
    ['表示 with a comma', '村民张某表示，“我觉得日子越过越好”。'],
  ])('passes %s', (_label, body) => {
    expect(run(body)).toEqual([]);
  });

  it.each([
    ['TC64 outside quotes', '小编今天真的被气炸了！！！这些乱扔垃圾的人素质太低了，简直无语！', '气炸'],
    ['the account’s own words after a quotation', '居民说：“很方便。”小编觉得这次活动办得不错。', '小编觉得'],
    ['an unattributed quotation', '这些人的“素质太低”了，气炸了。', '素质太低'],
  ])('still flags %s', (_label, body, text) => {
    expect(run(body).map((finding) => finding[2])).toContain(text);
  });
});
