/** A draft (稿件) as submitted for checking. Field names follow the REST API. */
export type DraftFormat = 'text' | 'html' | 'markdown';

/** original 原创; repost 转载. */
export type DraftKind = 'original' | 'repost';

/** punishment 惩戒公示; mandatory 强制性信息披露: the two cases where personal data may be published. */
export type Disclosure = 'punishment' | 'mandatory';

export interface Draft {
  title: string;
  body: string;
  format?: DraftFormat;
  kind?: DraftKind;
  /** Repost source unit (来源), e.g. 新华社. */
  source?: string;
  source_url?: string;
  /** Title of the original article, for reposts: it must not be altered. */
  original_title?: string;
  disclosure?: Disclosure;
  /** `YYYY-MM-DD`: the day the draft speaks of; dated reference rows (leaders, laws, names) apply as of it. */
  date?: string;
}

export type DraftField = 'title' | 'body';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real day written `YYYY-MM-DD` (2024-02-30 is not). */
export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}
