import type { MonitorReport } from '../../domain/monitor/monitor-report.js';
import {
  INDICATOR_LABELS,
  PLATFORM_LABELS,
  REPORT_TEXT,
  VERDICT_LABELS,
} from '../../messages/monitor-report-texts.js';
import { GRADE_NAMES } from '../../messages/zh-cn.js';

export type Cell = string | number | null;

export interface ReportTable {
  name: string;
  columns: readonly string[];
  rows: Cell[][];
}

/** The report as four tables (accounts, indicators, review times per grade and per account): what the XLSX and the PDF both show. */
export function reportTables(report: MonitorReport): ReportTable[] {
  return [
    {
      name: REPORT_TEXT.sheetAccounts,
      columns: REPORT_TEXT.accountColumns,
      rows: report.accounts.map(accountRow),
    },
    {
      name: REPORT_TEXT.sheetIndicators,
      columns: REPORT_TEXT.indicatorColumns,
      rows: report.accounts.flatMap((account) =>
        account.indicators.map((indicator) => [
          account.target,
          INDICATOR_LABELS[indicator.id],
          indicator.threshold,
          indicator.actual,
          VERDICT_LABELS[indicator.verdict],
          indicator.seed,
        ]),
      ),
    },
    {
      name: REPORT_TEXT.sheetReviewTimes,
      columns: REPORT_TEXT.reviewColumns,
      rows: report.reviewTimes.map((row) => [
        GRADE_NAMES[row.grade],
        row.drafts,
        row.medianHours,
        row.p90Hours,
      ]),
    },
    {
      name: REPORT_TEXT.sheetReviewTimesByAccount,
      columns: REPORT_TEXT.accountReviewColumns,
      rows: report.reviewTimesByAccount.map((row) => [row.target, row.drafts, row.medianHours, row.p90Hours]),
    },
  ];
}

function accountRow(account: MonitorReport['accounts'][number]): Cell[] {
  const { cadence, original } = account;
  return [
    PLATFORM_LABELS[account.platform],
    account.name,
    cadence.lastUpdate ?? null,
    cadence.posts,
    cadence.postsPerWeek,
    cadence.longestSilence.days,
    cadence.longestSilence.workingDays,
    original.original,
    original.repost,
    original.unknown,
    original.ratio,
    account.onlineFindings,
    account.deadLinks,
  ];
}
