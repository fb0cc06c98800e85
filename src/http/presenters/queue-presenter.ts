import { GRADES, type Grade } from '../../domain/checks/finding.js';
import type { DraftRecord } from '../../domain/draft-record.js';
import { waitingStage } from '../../domain/workflow/review-state.js';
import { accountLabel, GRADE_NAMES } from '../../messages/zh-cn.js';
import { accountOf, parseTarget, type Target } from '../../domain/accounts.js';
import { WAITED_HOURS } from '../../pages/queue-page.js';
import type { QueueFilters, QueueItem, QueuePageModel } from '../../pages/review-page-model.js';

/** The queue's filters from the URL; values the form never offers count as no filter. */
export function queueFiltersOf(query: Record<string, unknown>): QueueFilters {
  const text = (key: string) => (typeof query[key] === 'string' ? query[key] : '');
  const grade = GRADES.find((known) => known === text('grade'));
  const waited = WAITED_HOURS.find((hours) => String(hours) === text('waited'));
  return {
    grade,
    stage: text('stage') || undefined,
    waitedHours: waited,
    account: parseTarget(text('account')),
  };
}

/** The desk queue's model: what awaits the viewer (oldest first), filtered, with the filters' choices. */
export function queuePageModel(
  drafts: readonly DraftRecord[],
  input: { filters: QueueFilters; now: Date; href: (id: string) => string; viewerName: string },
): Omit<QueuePageModel, 'nav'> {
  const all = drafts.map((record) => queueItem(record, input.href(record.id)));
  const stageLabels = [...new Set(all.map((item) => item.stageLabel).filter(Boolean))];
  const accounts = [...new Set(all.flatMap((item) => item.targets))].sort().map(labelled);
  return {
    viewerName: input.viewerName,
    items: all.filter((item) => passesFilters(item, input.filters, input.now)),
    total: all.length,
    filters: input.filters,
    stageLabels,
    accounts,
  };
}

function queueItem(record: DraftRecord, href: string): QueueItem {
  const grade: Grade = record.review.grade;
  return {
    title: record.title,
    grade,
    gradeName: GRADE_NAMES[grade],
    stageLabel: waitingStage(record.review)?.label ?? '',
    targets: record.targets ?? [],
    waitingSince: record.updatedAt,
    href,
  };
}

function passesFilters(item: QueueItem, filters: QueueFilters, now: Date): boolean {
  if (filters.grade && item.grade !== filters.grade) return false;
  if (filters.stage && item.stageLabel !== filters.stage) return false;
  if (filters.account && !item.targets.includes(filters.account)) return false;
  const waitedMs = now.getTime() - Date.parse(item.waitingSince);
  return !filters.waitedHours || waitedMs >= filters.waitedHours * 3_600_000;
}

function labelled(target: Target): { target: Target; label: string } {
  const { platform, name } = accountOf(target);
  return { target, label: accountLabel(platform, name) };
}
