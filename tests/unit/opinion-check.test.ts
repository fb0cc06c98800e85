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

  it.each([
    ['the editor complaining', '对这种做法，小编十分不理解。', [['block', 'body', '小编十分不理解']]],
    ['the editor fed up', '小编真的看不下去了，请大家文明出行。', [['block', 'body', '小编真的看不下去']]],
    ['the editor resigned', '又要加班，小编也是很郁闷。', [['block', 'body', '小编也是很郁闷']]],
    [
      'the account losing its temper',
      '每逢周末就堵车，我们也非常无奈。',
      [['block', 'body', '我们也非常无奈']],
    ],
    [
      'a first person upset by news',
      '我听了真的很气愤，这样做太不应该了。',
      [['block', 'body', '我听了真的很气愤']],
    ],
    ['an insult', '随地吐痰的人真是欠揍。', [['block', 'body', '欠揍']]],
    ['gloating', '违规停车被拖走，活该。', [['block', 'body', '活该']]],
    ['sarcasm', '这路况也是醉了。', [['block', 'body', '也是醉了']]],
    ['a candid aside that judges', '说句实话，这项规定早该改了。', [['block', 'body', '说句实话']]],
    ['a candid aside', '恕我直言，部分窗口的服务意识仍需提升。', [['review', 'body', '恕我直言']]],
    ['a hedged insult', '在我看来，这些人就是懒。', [['block', 'body', '在我看来']]],
    ['a run of question marks', '怎么又堵车了？？', [['review', 'body', '？？']]],
    ['mixed question and exclamation marks', '这也能行?!', [['review', 'body', '?!']]],
    ['one angry face', '排了三个小时的队😡', [['review', 'body', '😡']]],
    ['a run of crying faces', '明天又要上班了😭😭', [['block', 'body', '😭😭']]],
  ])('flags %s', (_case, body, expected) => {
    expect(run(body)).toEqual(expected);
  });

  it.each([
    ['an institution', '我们将进一步加强监管，切实维护群众合法权益。'],
    ['an institution opposing a custom', '我们反对高价彩礼，倡导婚事新办。'],
    ['a resident quoted', '张大爷说：“我们真的很生气，垃圾堆了一个星期没人管！！”'],
    ['a quote, speaker after', '“小编也很无奈啊。”一位网友留言写道。'],
    ['the editor reminding', '小编提醒：出行前请关注天气预报。'],
    ['the editor advising', '小编建议大家错峰出行，合理安排时间。'],
    ['the editor guiding', '跟着小编一起看看新馆的样子吧。'],
    ['residents complaining, reported', '不少市民吐槽停车难，我局已开展专项整治。'],
    ['advice about anger', '遇到纠纷不要生气，可拨打12345热线反映。'],
    ['self-regulation', '学会自我调节，缓解焦虑和愤怒情绪。'],
    ['a breakdown described', '诈骗分子步步施压，直到受害人心理防线自我崩溃。'],
    ['life after retirement', '退休以后的生活该怎么安排？社区为老人开设了兴趣课堂。'],
    ['arrears of fines', '对拖欠罚款的当事人，将依法申请强制执行。'],
    ['lost characters', '职责??可通过购买服务等方式承担。'],
    ['cheerful emoji', '报名通道已开启👍🎉'],
    ['one question mark', '您的社保卡激活了吗？'],
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
