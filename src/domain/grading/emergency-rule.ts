import type { CheckRule, FieldScan } from '../checks/check-context.js';
import type { Finding } from '../checks/finding.js';
import { factOf, firstSpan, gradeFinding, gradeRule, type GradeSpan, type Span } from './grade-finding.js';
import { firstTerm, hasTerm, patternIn, sentencesOf, type Sentence } from './sentences.js';

/*
 * R27, R28, R30, section 7: a draft is `major` when it states the facts of a local emergency, disaster,
 * epidemic or mass incident, declares an emergency response, or gives region-wide data or decisions. Judged on
 * event facts, never on a single word: 疫情防控知识讲座 or a regulation that lists 灾情疫情 as a category stays
 * `general`. Facts are gathered per sentence, and across the document when the title names the event and the
 * body states its facts. Every finding lists the facts that raised the grade.
 */

export const EMERGENCY_LISTS = {
  events: 'emergency-events',
  occurrence: 'emergency-occurrence',
  time: 'emergency-time',
  places: 'emergency-places',
  nonEvents: 'emergency-non-events',
  drills: 'emergency-drills',
  region: 'emergency-region',
  regionData: 'emergency-region-data',
} as const;

const GRADE = { id: 'grade:emergency', category: 'emergency', grade: 'major' } as const;

/** A count: Arabic digits (already half-width) or Chinese numerals, not an ordinal (第一名). */
const COUNT = '(?<!第)(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千万数几]+)(?:余|多)?';

/** Casualties and case counts: facts on their own, even next to 为防止…… (only drills cancel them). */
const CASUALTY_FACTS = [
  new RegExp(`${COUNT}人(?:死亡|遇难|受伤|重伤|轻伤|失联|失踪|被困|中毒|溺亡|身亡)`),
  /造成[^，,。；;]{0,10}(?:伤亡|死亡|遇难|受伤)/,
  new RegExp(`(?:确诊|阳性|感染者|病例)[^，,。；;\\d]{0,6}${COUNT}例`),
  new RegExp(`${COUNT}例(?:本土|确诊|无症状|阳性)`),
];

/** Evacuations with a number: a real event whatever word names it (已转移群众200余人, 紧急疏散居民30户). */
const EVACUATION = new RegExp(
  `(?:紧急)?(?:转移|疏散|撤离)(?:安置)?(?:受灾|受困|周边)?(?:群众|居民|村民|人员|游客|师生)${COUNT}(?:人|名|户)`,
);
/** Words every evacuation holds (see patternIn's marks). */
const EVACUATION_MARKS = ['转移', '疏散', '撤离'];

/** A declared emergency response: 启动Ⅳ级应急响应, 将防汛应急响应提升至二级. Roman numerals are folded to ⅰ–ⅳ. */
const RESPONSE_LEVEL = '(?:[ⅰⅱⅲⅳ]|iv|i{1,3}|[一二三四1-4])级';
const GAP = '[^。；;！!？?、\\n]';
const EMERGENCY_RESPONSE = new RegExp(
  [
    `(?:启动|发布|提升|升级|调整|维持|实施|降为|降至)${GAP}{0,20}?${RESPONSE_LEVEL}${GAP}{0,10}?应急响应`,
    `应急响应${GAP}{0,8}?(?:提升|升级|调整|降)(?:至|为)${RESPONSE_LEVEL}`,
    `启动${GAP}{0,20}?应急响应`,
  ].join('|'),
);
/** Every declared response names it: a sentence without it is not searched. */
const RESPONSE_MARK = '应急响应';
/** Plans and regulations describe responses without declaring one: 启动Ⅳ级应急响应的条件. */
const RESPONSE_IN_PLAN = /预案|条件|标准|情形|程序|一旦|如遇|若发生|如发生|时[，,]|由[^。]{0,12}负责启动/;

/** A quantity of people, cases, households or villages: one fact among others. */
const QUANTITY = new RegExp(`${COUNT}(?:人|名|例|户|个村|个社区)`);
/** A date or clock time: a fact like 今日 (9月8日, 今日14时许, 凌晨3时). */
const CLOCK =
  /(?:\d{1,2}月\d{1,2}日|今日|今天|昨日|昨天|今晨|昨晚|昨夜|当晚|当日|凌晨)(?:上午|下午|晚上)?(?:\d{1,2}时(?:\d{1,2}分)?许?)?|\d{1,2}时(?:\d{1,2}分)?许/;
/** Titles of publicity, training and tips name events without reporting one: 防溺水安全教育, 火灾知识培训. */
const ROUTINE_TITLE =
  /宣传|教育|培训|知识|讲座|提示|提醒|演练|须知|指南|倡议|科普|防控|预防|[防反禁抗](?=[\u4e00-\u9fff]{0,2}$)/;

/** 决定在全区开展…… is a routine campaign, not a region-wide decision. */
const ROUTINE_DECISION = /^决定[^，,。；;]{0,8}?(?:开展|组织|举办|召开|进行|部署|实施|印发|表彰)/;

const EVENT_MESSAGE =
  '：涉及本地突发事件、灾情、疫情或群体性事件的事实陈述，须由主要负责人审定签发，并须取得授权后发布';
const RESPONSE_MESSAGE = '：发布启动应急响应的信息，须由主要负责人审定签发，并须取得授权后发布';
const REGION_MESSAGE = '：全区（市、县）性的数据或决定，须由主要负责人审定签发';

const firstPattern = (sentence: Sentence, patterns: readonly RegExp[]): Span | undefined =>
  patterns.map((pattern) => patternIn(sentence, pattern)).find((span) => span !== undefined);

/** The facts a sentence states besides its event word, labelled for the message. */
function factsOf(sentence: Sentence): string[] {
  const time = patternIn(sentence, CLOCK) ?? firstTerm(sentence, EMERGENCY_LISTS.time);
  return [
    ...factOf(sentence, '伤亡', firstPattern(sentence, CASUALTY_FACTS)),
    ...factOf(sentence, '转移', patternIn(sentence, EVACUATION, EVACUATION_MARKS)),
    ...factOf(sentence, '数量', patternIn(sentence, QUANTITY)),
    ...factOf(sentence, '发生', firstTerm(sentence, EMERGENCY_LISTS.occurrence)),
    ...factOf(sentence, '时间', time),
    ...factOf(sentence, '地点', firstTerm(sentence, EMERGENCY_LISTS.places)),
  ];
}

/** How many of the ordinary facts (quantity, occurrence, time, place) the sentence states. */
function ordinaryFacts(sentence: Sentence): number {
  return [
    QUANTITY.test(sentence.folded),
    hasTerm(sentence, EMERGENCY_LISTS.occurrence),
    hasTerm(sentence, EMERGENCY_LISTS.time) || CLOCK.test(sentence.folded),
    hasTerm(sentence, EMERGENCY_LISTS.places),
  ].filter(Boolean).length;
}

const hasCasualty = (sentence: Sentence) => CASUALTY_FACTS.some((fact) => fact.test(sentence.folded));

/** The first event word of a sentence, unless the sentence is a drill or speaks of prevention. */
function eventWord(sentence: Sentence): Span | undefined {
  const event = firstTerm(sentence, EMERGENCY_LISTS.events);
  if (event === undefined || hasTerm(sentence, EMERGENCY_LISTS.drills)) return undefined;
  return event;
}

/** The first event word of a sentence that reports an event, if it does, with its facts. */
export function reportedEvent(sentence: Sentence): GradeSpan | undefined {
  if (hasTerm(sentence, EMERGENCY_LISTS.drills)) return undefined;
  const evacuation = patternIn(sentence, EVACUATION, EVACUATION_MARKS);
  const event = eventWord(sentence) ?? evacuation;
  if (event === undefined) return undefined;
  const facts = () => [...factOf(sentence, '事件', eventWord(sentence)), ...factsOf(sentence)];
  if (evacuation !== undefined || hasCasualty(sentence)) return { ...event, facts: facts() };
  if (hasTerm(sentence, EMERGENCY_LISTS.nonEvents)) return undefined;
  return ordinaryFacts(sentence) >= 2 ? { ...event, facts: facts() } : undefined;
}

/** A declared emergency response and its level: 启动防汛Ⅳ级应急响应. */
export function declaredResponse(sentence: Sentence): GradeSpan | undefined {
  if (!sentence.folded.includes(RESPONSE_MARK)) return undefined;
  if (hasTerm(sentence, EMERGENCY_LISTS.drills) || RESPONSE_IN_PLAN.test(sentence.folded)) return undefined;
  const span = patternIn(sentence, EMERGENCY_RESPONSE);
  return span === undefined ? undefined : { ...span, facts: factOf(sentence, '应急响应', span) };
}

/** A statistical period: 2026年, 今年以来, 前三季度, 1—11月. */
const PERIOD = /(?:19|20)\d{2}年|今年|去年|上年|上半年|前三季度|[一二三四1-4]季度|1[-—–~～至]\d{1,2}月/;
/** An amount of money: 621亿元, 3.2亿美元, 8500万元. */
const AMOUNT = /\d+(?:\.\d+)?(?:亿|万)(?:元|美元)/;

/** Figures for a period stated in money: 2026年全区共签约亿元以上项目86个，协议总投资621亿元. */
const periodAmount = (sentence: Sentence): Span | undefined =>
  PERIOD.test(sentence.folded) ? patternIn(sentence, AMOUNT) : undefined;

/** Whether a region data or decision word is not a routine campaign (决定在全区开展……). */
const isNotRoutine = (sentence: Sentence, match: Span) =>
  !ROUTINE_DECISION.test(
    sentence.folded.slice(match.start - sentence.start, match.start - sentence.start + 16),
  );

/**
 * From the region word to the data or decision word: 全区实现地区生产总值; or to an amount of money stated for a
 * period (2026年全区共签约……协议总投资621亿元). 决定在全区开展…… is routine.
 */
export function regionWideSpan(sentence: Sentence): GradeSpan | undefined {
  const region = firstTerm(sentence, EMERGENCY_LISTS.region);
  if (region === undefined) return undefined;
  const data = firstTerm(sentence, EMERGENCY_LISTS.regionData, isNotRoutine) ?? periodAmount(sentence);
  if (data === undefined) return undefined;
  return {
    start: Math.min(region.start, data.start),
    end: Math.max(region.end, data.end),
    facts: [...factOf(sentence, '范围', region), ...factOf(sentence, '数据或决定', data)],
  };
}

/** R27 G2: local emergencies, disasters, epidemics and mass incidents stated as facts; region-wide information. */
const sentenceRule: CheckRule = gradeRule(GRADE, [
  // An event word or an evacuation.
  {
    find: reportedEvent,
    message: EVENT_MESSAGE,
    needs: { lists: [EMERGENCY_LISTS.events], marks: EVACUATION_MARKS },
  },
  { find: declaredResponse, message: RESPONSE_MESSAGE, needs: { marks: [RESPONSE_MARK] } },
  { find: regionWideSpan, message: REGION_MESSAGE, needs: { lists: [EMERGENCY_LISTS.region] } },
]);

/**
 * An event named in the title (某化工企业发生爆炸) whose facts stand in the body (已造成2人死亡; 今日14时许, 我区
 * 发生……): neither field alone says enough, together they report the event.
 */
function titleEventWithBodyFacts(title: FieldScan, body: FieldScan): Finding[] {
  const titleSentences = sentencesOf(title);
  const event = firstSpan(titleSentences, (sentence) => {
    const word = eventWord(sentence);
    if (word === undefined || hasTerm(sentence, EMERGENCY_LISTS.nonEvents)) return undefined;
    const before = sentence.folded[word.start - sentence.start - 1] ?? '';
    return ROUTINE_TITLE.test(sentence.folded) || /[防反禁抗]/.test(before) ? undefined : word;
  });
  if (event === undefined) return [];
  const factual = sentencesOf(body).find(
    (sentence) =>
      !hasTerm(sentence, EMERGENCY_LISTS.drills) &&
      !hasTerm(sentence, EMERGENCY_LISTS.nonEvents) &&
      (hasCasualty(sentence) || ordinaryFacts(sentence) >= 2),
  );
  if (factual === undefined) return [];
  const titleSentence = titleSentences.find((s) => s.start <= event.start && event.start < s.end)!;
  const facts = [...factOf(titleSentence, '事件', event), ...factsOf(factual)];
  return [gradeFinding(title, GRADE, { ...event, facts }, EVENT_MESSAGE)];
}

export const emergencyRule: CheckRule = (context) => {
  const findings = sentenceRule(context);
  if (findings.some((finding) => finding.message.includes(EVENT_MESSAGE))) return findings;
  return [...findings, ...titleEventWithBodyFacts(context.title, context.body)];
};
