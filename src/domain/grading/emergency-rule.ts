import type { CheckRule } from '../checks/check-context.js';
import { gradeRule, type Span } from './grade-finding.js';
import { hasTerm, termsIn, type Sentence } from './sentences.js';

/*
 * R27, R28, R30, section 7: a draft is `major` when it states the facts of a local emergency, disaster,
 * epidemic or mass incident, or region-wide data or decisions. Judged per sentence on event facts, never on a
 * single word: 疫情防控知识讲座 or a regulation that lists 灾情疫情 as a category stays `general`.
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

/** A count: Arabic digits (already half-width) or Chinese numerals, not an ordinal (第一名). */
const COUNT = '(?<!第)(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千万数几]+)(?:余|多)?';

/** Casualties and case counts: facts on their own, even next to 为防止…… (only drills cancel them). */
const CASUALTY_FACTS = [
  new RegExp(`${COUNT}人(?:死亡|遇难|受伤|重伤|轻伤|失联|失踪|被困|中毒|溺亡|身亡)`),
  /造成[^，,。；;]{0,10}(?:伤亡|死亡|遇难|受伤)/,
  new RegExp(`(?:确诊|阳性|感染者|病例)[^，,。；;\\d]{0,6}${COUNT}例`),
  new RegExp(`${COUNT}例(?:本土|确诊|无症状|阳性)`),
  new RegExp(`转移(?:安置)?(?:受灾)?(?:群众|居民|村民|人员)${COUNT}(?:人|名|户)`),
];

/** A quantity of people, cases, households or villages: one fact among others. */
const QUANTITY = new RegExp(`${COUNT}(?:人|名|例|户|个村|个社区)`);

const EVENT_MESSAGE =
  '：涉及本地突发事件、灾情、疫情或群体性事件的事实陈述，须由主要负责人审定签发，并须取得授权后发布';
const REGION_MESSAGE = '：全区（市、县）性的数据或决定，须由主要负责人审定签发';

/** The first event word of a sentence that reports an event, if it does. */
export function reportedEvent(sentence: Sentence): Span | undefined {
  const event = termsIn(sentence, EMERGENCY_LISTS.events)[0];
  if (event === undefined || hasTerm(sentence, EMERGENCY_LISTS.drills)) return undefined;
  if (CASUALTY_FACTS.some((fact) => fact.test(sentence.folded))) return event;
  if (hasTerm(sentence, EMERGENCY_LISTS.nonEvents)) return undefined;
  const facts = [
    QUANTITY.test(sentence.folded),
    hasTerm(sentence, EMERGENCY_LISTS.occurrence),
    hasTerm(sentence, EMERGENCY_LISTS.time),
    hasTerm(sentence, EMERGENCY_LISTS.places),
  ];
  return facts.filter(Boolean).length >= 2 ? event : undefined;
}

/** From the region word to the data or decision word: 全区实现地区生产总值. */
export function regionWideSpan(sentence: Sentence): Span | undefined {
  const region = termsIn(sentence, EMERGENCY_LISTS.region)[0];
  const data = termsIn(sentence, EMERGENCY_LISTS.regionData)[0];
  if (region === undefined || data === undefined) return undefined;
  return { start: Math.min(region.start, data.start), end: Math.max(region.end, data.end) };
}

/** R27 G2: local emergencies, disasters, epidemics and mass incidents stated as facts; region-wide information. */
export const emergencyRule: CheckRule = gradeRule(
  { id: 'grade:emergency', category: 'emergency', grade: 'major' },
  [
    { find: reportedEvent, message: EVENT_MESSAGE },
    { find: regionWideSpan, message: REGION_MESSAGE },
  ],
);
