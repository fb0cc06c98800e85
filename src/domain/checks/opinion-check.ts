import { foldedTextOf, sentencesOf, type Sentence } from '../grading/sentences.js';
import type { CheckRule, FieldScan } from './check-context.js';
import { findingAt, unitKindsOf } from './check-context.js';
import { EMOJI_HIGH, TONE_MARK } from '../text/unit-kinds.js';
import type { Action, Finding } from './finding.js';
import { outsideSpans, quotedSpeech } from './quoted-speech.js';

/*
 * R32, R33: government accounts must not publish personal opinions or emotional language. Clear first-person
 * judgements (我个人认为, 小编觉得) and outbursts (气炸, 受够了, 素质太低) block; milder cues (我觉得, 简直) ask the
 * reviewer, and block when the same sentence also passes judgement (太晚了, 早该); 卖萌 (宝宝们, 么么哒) and runs
 * of exclamation or question marks ask the reviewer. The editor's own voice (小编吐槽, 小编强烈反对, 小编也很无奈),
 * a first person's feelings (我们看了也很生气) and runs of crying or angry emoji block; one such emoji asks.
 * 我局认为 and 我们将 are an institution's position and match nothing here.
 * Quoted speech (居民说：“……”) is the speaker's, not the account's: cues inside it give no finding.
 */

export const OPINION_LISTS = {
  firstPerson: 'opinion-first-person',
  emotion: 'opinion-emotion',
  hedged: 'opinion-hedged',
  cute: 'opinion-cute',
} as const;

/** A judgement in the sentence that turns a hedged 我觉得 into a stated opinion. */
const JUDGEMENT =
  /太[\u4e00-\u9fff]{1,6}了|早该|早就该|实在太|真是太|根本不|就是[懒欠坏蠢笨]|活该|凭什么|强烈反对|？[?？]/;
/** Two or more exclamation or question marks, either width, possibly spaced: ！！！, !!, ！ ！, ？？？, ?!. */
const PUNCTUATION_RUN = /[!！?？](?:[\s\u3000]*[!！?？])+/g;
/** Half-width question marks alone (??) are usually characters lost to a wrong encoding, not a tone. */
const ENCODING_DAMAGE = /^[?\s\u3000]+$/;

/** Adverbs that may stand between a subject and its stance or feeling: 小编也很无奈, 我们看了也非常生气. */
const ADVERBS =
  '(?:个人|本人|自己|真心|真的|实在|看了|听了|看到|听到|也|都|就|又|还|是|很|非常|十分|特别|强烈|有点|太|真|好){0,4}';
/** Feelings a government account does not voice as its own. */
const FEELINGS = '生气|气愤|愤怒|无奈|郁闷|崩溃|心累|心塞|寒心|火大|抓狂|恼火|不爽|憋屈|想哭';
/**
 * The editor (小编) taking a stance or airing a feeling. 小编 alone is not a cue: 小编提醒、跟着小编看看 are the
 * usual friendly register, and 小编建议 usually gives practical advice.
 */
const EDITOR_STANCE = new RegExp(
  `小编${ADVERBS}(?:认为|觉得|感觉|吐槽|反对|不理解|看不下去|服了|${FEELINGS})`,
  'g',
);
/**
 * A first person's own feelings: 我们看了也很生气, 我真的很无奈. 我局、我市 are not a person and never match; nor does
 * 自我 (心理防线自我崩溃).
 */
const FIRST_PERSON_FEELING = new RegExp(`(?:我们|咱们|本人|(?<!自)我)${ADVERBS}(?:${FEELINGS})`, 'g');
/** Crying and angry faces; cheerful ones (👍🎉😊) are the lists' and the reviewer's business, not an outburst. */
const UPSET_EMOJI =
  /[\u{1F612}\u{1F620}\u{1F621}\u{1F624}\u{1F629}\u{1F62B}\u{1F62D}\u{1F644}\u{1F92C}\u{1F92E}\u{1F4A2}]+/gu;

const MESSAGES = {
  opinion: '：个人观点或情绪化表达，政务新媒体不得发布代表个人观点、意见及情绪的言论',
  hedged: '：第一人称主观语气，请确认不是代表个人观点的言论（引用他人原话的可保留）',
  cute: '：卖萌、过度娱乐化用语，请改用庄重规范的表达',
  exclamation: '：连续使用感叹号或问号，语气情绪化，请改用规范标点',
  emoji: '：哭闹、愤怒类表情，情绪化表达，政务新媒体不得发布代表个人情绪的内容',
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
  if (sentence.matches.length === 0) return [];
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

/**
 * The voice patterns, each with the words every match of it contains: a sentence holding none of them is not
 * searched (matchAll per sentence costs more than the search itself on a page of short lines).
 */
const VOICE_PATTERNS = [
  { pattern: EDITOR_STANCE, marks: ['小编'] },
  { pattern: FIRST_PERSON_FEELING, marks: ['我', '咱们', '本人'] },
];

/** The voice patterns whose marks `folded` holds. */
const voicePatternsIn = (folded: string) =>
  VOICE_PATTERNS.filter(({ marks }) => marks.some((mark) => folded.includes(mark)));

/** The editor's stance and a first person's feelings, found in the folded sentence (offsets carry over). */
function voiceCues(sentence: Sentence): Cue[] {
  const patterns = voicePatternsIn(sentence.folded);
  return patterns.flatMap(({ pattern }) =>
    [...sentence.folded.matchAll(pattern)].map((match) => ({
      start: sentence.start + match.index,
      end: sentence.start + match.index + match[0].length,
      action: 'block' as const,
      message: MESSAGES.opinion,
    })),
  );
}

function punctuationRuns(text: string): Cue[] {
  const runs = [...text.matchAll(PUNCTUATION_RUN)].filter((run) => !ENCODING_DAMAGE.test(run[0]));
  return runs.map((run) => ({
    start: run.index,
    end: run.index + run[0].length,
    action: 'review',
    message: MESSAGES.exclamation,
  }));
}

/** One crying or angry face asks the reviewer; a run of them (😭😭😭) is an outburst. */
function upsetEmoji(text: string): Cue[] {
  return [...text.matchAll(UPSET_EMOJI)].map((run) => ({
    start: run.index,
    end: run.index + run[0].length,
    action: [...run[0]].length > 1 ? 'block' : 'review',
    message: MESSAGES.emoji,
  }));
}

/** One cue per stretch of text: 小编觉得 is both a list entry and the editor's stance; the longer cue stays. */
function withoutOverlaps(cues: Cue[]): Cue[] {
  const sorted = [...cues].sort((a, b) => a.start - b.start || b.end - a.end);
  let reached = -1;
  return sorted.filter((cue) => {
    if (cue.start < reached) return false;
    reached = cue.end;
    return true;
  });
}

function opinionFindings(scan: FieldScan): Finding[] {
  const sentences = sentencesOf(scan);
  const text = scan.view.text;
  const kinds = unitKindsOf(scan);
  // A sentence is a slice of the folded field: where the field holds no mark, no sentence does.
  const voiced = voicePatternsIn(foldedTextOf(scan)).length > 0;
  const all = [
    ...sentences.flatMap(cuesIn),
    ...(voiced ? sentences.flatMap(voiceCues) : []),
    // Most fields hold neither marks nor faces: the field's unit kinds spare the two patterns' passes.
    ...(kinds & TONE_MARK ? punctuationRuns(text) : []),
    ...(kinds & EMOJI_HIGH ? upsetEmoji(text) : []),
  ];
  // Quotations are only looked for when there is a cue they could hold (most fields have none).
  const cues = all.length === 0 ? [] : outsideSpans(withoutOverlaps(all), quotedSpeech(text));
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
