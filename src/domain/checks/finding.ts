import type { DraftField } from '../draft.js';

/** Sign-off grade (等级): general 一般, important 重要, major 重大敏感. */
export type Grade = 'general' | 'important' | 'major';
export const GRADES: readonly Grade[] = ['general', 'important', 'major'];

export function maxGrade(a: Grade, b: Grade): Grade {
  return GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b;
}

/** The stable category vocabulary used in every report, list header and API response. */
export const CATEGORIES = [
  'gambling',
  'porn',
  'ad',
  'link',
  'source',
  'title',
  'privacy',
  'emergency',
  'leader',
  'policy',
  'opinion',
  'wording',
  'platform',
  'integrity',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * What a finding asks for:
 * - block: the draft cannot be approved until it is changed (拦截);
 * - escalate: the draft needs the sign-off of `grade` (升级);
 * - review: the reviewer must acknowledge it (须审核人确认);
 * - info: shown, nothing required.
 */
export type Action = 'block' | 'escalate' | 'review' | 'info';
export const ACTIONS: readonly Action[] = ['block', 'escalate', 'review', 'info'];

export interface Finding {
  /** Stable rule id, e.g. `wordlist:gambling`, `privacy:id-number`. */
  rule: string;
  category: Category;
  action: Action;
  field: DraftField;
  /** UTF-16 offsets into the field as submitted (not the normalised text). */
  start: number;
  end: number;
  /** The submitted text between start and end. */
  text: string;
  /** Simplified Chinese, for the person who fixes the draft. */
  message: string;
  suggestion?: string;
  /** For `escalate`: the grade this finding requires. */
  grade?: Grade;
}

export interface CheckReport {
  blocked: boolean;
  grade: Grade;
  findings: Finding[];
}
