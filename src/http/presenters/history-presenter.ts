import { STATUS_NAMES } from '../../messages/zh-cn.js';
import type { HistoryItem } from '../../pages/history-page.js';
import type { DecidedItem } from '../../services/review/review-reading.js';

const VERDICT_NAMES = { approved: '同意', rejected: '退回' } as const;

/** The 已处理 page's page number from `?page=`: a positive integer, 1 otherwise. */
export function historyPageOf(query: Record<string, unknown>): number {
  const page = typeof query.page === 'string' ? Number(query.page) : 1;
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/** One decision with its draft as it is now; `href` links the draft's review page. */
export function historyItem({ entry, record }: DecidedItem, href: (id: string) => string): HistoryItem {
  const stage = record?.review.stages.find((each) => each.id === entry.stage);
  return {
    title: record?.title ?? '（稿件已不存在）',
    ...(record ? { href: href(record.id) } : {}),
    verdictName: VERDICT_NAMES[entry.verdict],
    stageLabel: stage?.label ?? entry.stage,
    version: entry.version,
    at: entry.at,
    statusName: record ? STATUS_NAMES[record.review.status] : '—',
  };
}
