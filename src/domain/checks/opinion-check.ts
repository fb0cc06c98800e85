import { sentencesOf, type Sentence } from '../grading/sentences.js';
import type { CheckRule, FieldScan } from './check-context.js';
import { findingAt } from './check-context.js';
import type { Action, Finding } from './finding.js';
import { outsideSpans, quotedSpeech } from './quoted-speech.js';

/*
 * R32, R33: government accounts must not publish personal opinions or emotional language. Clear first-person
 * judgements (我个人认为, 小编觉得) and outbursts (气炸, 受够了, 素质太低) block; milder cues (我觉得, 简直) ask the
 * reviewer, and block when the same sentence also passes judgement (太晚了, 早该); 卖萌 (宝宝们, 么么哒) and runs
 * of exclamation marks ask the reviewer. 我局认为 is an institution's position and matches nothing here.
 * Quoted speech (居民说：“……”) is the speaker's, not the account's: cues inside it give no finding.
 */

export const OPINION_LISTS = {
  firstPerson: 'opinion-first-person',
  emotion: 'opinion-emotion',
  hedged: 'opinion-hedged',
  cute: 'opinion-cute',
} as const;

/** A judgement in the sentence that turns a hedged 我觉得 into a stated opinion. */
const JUDGEMENT = /太[\u4e00-\u9fff]{1,6}了|早该|早就该|实在太|真是太|根本不/;
/** Two or more exclamation marks, either width, possibly spaced: ！！！, !!, ！ ！. */
const EXCLAMATION_RUN = /[!！](?:[\s\u3000]*[!！])+/g;

const MESSAGES = {
  opinion: '：个人观点或情绪化表达，政务新媒体不得发布代表个人观点、意见及情绪的言论',
  hedged: '：第一人称主观语气，请确认不是代表个人观点的言论（引用他人原话的可保留）',
  cute: '：卖萌、过度娱乐化用语，请改用庄重规范的表达',
  exclamation: '：连续使用感叹号，语气情绪化，请改用规范标点',
} as const;

interface Cue {
  start: number;
  end: number;
  action: Action;
  message: string;
}

/** What each list's matches ask for; hedged cues depend on the rest of the sentence. */
const CUE_KINDS: ReadonlyMap<string, 'opinion' | 'hedged' | 'cute'> = new Map([
  [OPINION_LISTS.firstPerson, 'opinion'],
  [OPINION_LISTS.emotion, 'opinion'],
  [OPINION_LISTS.hedged, 'hedged'],
  [OPINION_LISTS.cute, 'cute'],
]);

function cuesIn(sentence: Sentence): Cue[] {
  const cues: Cue[] = [];
  let judged: boolean | undefined;
  for (const { start, end, list } of sentence.matches) {
    let kind = CUE_KINDS.get(list.name);
    if (kind === undefined) continue;
    if (kind === 'hedged') {
      judged ??= JUDGEMENT.test(sentence.folded);
      if (judged) kind = 'opinion';
    }
    cues.push({ start, end, action: kind === 'opinion' ? 'block' : 'review', message: MESSAGES[kind] });
  }
  return cues;
}

function exclamationRuns(text: string): Cue[] {
  return [...text.matchAll(EXCLAMATION_RUN)].map((run) => ({
    start: run.index,
    end: run.index + run[0].length,
    action: 'review',
    message: MESSAGES.exclamation,
  }));
}

function opinionFindings(scan: FieldScan): Finding[] {
  const all = [...sentencesOf(scan).flatMap(cuesIn), ...exclamationRuns(scan.view.text)];
  const cues = outsideSpans(all, quotedSpeech(scan.view.text));
  return cues.map(({ start, end, action, message }) =>
    findingAt(scan, start, end, {
      rule: 'opinion:personal',
      category: 'opinion',
      action,
      message: `「${scan.view.text.slice(start, end)}」${message}`,
    }),
  );
}

export const opinionRule: CheckRule = (context) => [
  ...opinionFindings(context.title),
  ...opinionFindings(context.body),
];
