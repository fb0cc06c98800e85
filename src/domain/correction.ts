import type { AdminAlert } from './admin-alert.js';
import type { DraftFormat } from './draft.js';
import type { Target } from './accounts.js';

/**
 * correction 更正: a new article or post that names the original and corrects it; retraction 撤回: the original
 * is deleted where the platform allows it through its API (WeChat freepublish/delete), and a retraction notice
 * is posted where it does not (Weibo's documented API has no delete call).
 */
export type CorrectionKind = 'correction' | 'retraction';

/** What a correction draft corrects (seed 004 art. 25): kept in its content, so approval covers it too. */
export interface CorrectionLink {
  kind: CorrectionKind;
  /** The original's draft in qianfa; absent for an article published around qianfa. */
  draft?: string;
  target: Target;
  /** The original's public link. */
  url: string;
  /** The platform's id of the original (WeChat article_id, Weibo idstr): what a retraction deletes. */
  article_id?: string;
  title: string;
}

/** The original as the correction names it. */
export interface CorrectedOriginal {
  title: string;
  body: string;
  format: DraftFormat;
  /** `YYYY-MM-DD` (Beijing) it was published, when known. */
  day?: string;
}

/** Where a finding's words stood: marked for the drafter, without repeating them (they are what was wrong). */
export const FINDING_MARK = '【此处待更正】';

/** The title and body a correction or retraction starts from, before the drafter edits them. */
export function correctionText(
  kind: CorrectionKind,
  original: CorrectedOriginal,
  link: Pick<CorrectionLink, 'url'>,
  findingTexts: readonly string[],
): { title: string; body: string } {
  const named = `本号${original.day ? `于${chineseDay(original.day)}` : ''}发布的《${original.title}》（${link.url}）`;
  if (kind === 'retraction') {
    return {
      title: `关于撤回《${original.title}》的说明`,
      body: `${named}存在错误，现予撤回。特此说明。`,
    };
  }
  return {
    title: `更正：${original.title}`,
    body: `${named}存在错误，现更正如下：\n\n${markFindings(plainOf(original), findingTexts)}`,
  };
}

/** Each finding's words replaced by FINDING_MARK, so the drafter sees where to correct. */
export function markFindings(text: string, findingTexts: readonly string[]): string {
  const words = [...new Set(findingTexts.filter((word) => word !== ''))].sort((a, b) => b.length - a.length);
  return words.reduce((marked, word) => marked.split(word).join(FINDING_MARK), text);
}

/** The patrol's alert kinds a correction can answer. */
export const CORRECTABLE_ALERTS: ReadonlySet<AdminAlert['kind']> = new Set(['online_finding', 'dead_link']);

/** The words a patrol alert found (`texts`, joined by 、), or the dead link. */
export function alertFindingTexts(alert: AdminAlert): string[] {
  if (alert.kind === 'dead_link') return [alert.details?.['link'] ?? ''].filter((link) => link !== '');
  return (alert.details?.['texts'] ?? '').split('、').filter((text) => text !== '');
}

/** An original's text as the correction quotes it: HTML tags dropped, paragraphs kept. */
function plainOf(original: CorrectedOriginal): string {
  if (original.format !== 'html') return original.body;
  return original.body
    .replace(/<\/(p|div|section|h\d)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** 2026年12月5日 from 2026-12-05. */
function chineseDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}
