import * as echarts from 'echarts';
import type { MonitorReport } from '../../domain/monitor/monitor-report.js';
import { REPORT_TEXT } from '../../messages/monitor-report-texts.js';
import { GRADE_NAMES } from '../../messages/zh-cn.js';
import type { ReportChart, ReportCharts } from '../../services/ports/reports.js';

const HEIGHT = 240;

/** The dashboard's charts, rendered server-side to SVG by Apache ECharts (no script reaches the page). */
export const echartsReportCharts: ReportCharts = {
  chartsOf(report, width) {
    return [
      chart(REPORT_TEXT.chartWeekly, width, weeklyOption(report)),
      chart(REPORT_TEXT.chartOriginal, width, ratioOption(report)),
      chart(
        REPORT_TEXT.chartReview,
        width,
        reviewOption(
          report.reviewTimes.map((row) => GRADE_NAMES[row.grade]),
          report.reviewTimes,
        ),
      ),
      chart(
        REPORT_TEXT.chartReviewByAccount,
        width,
        reviewOption(
          report.reviewTimesByAccount.map((row) => row.target),
          report.reviewTimesByAccount,
        ),
      ),
    ];
  },
};

function chart(title: string, width: number, option: echarts.EChartsCoreOption): ReportChart {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: HEIGHT });
  instance.setOption({ animation: false, tooltip: { show: false }, grid: { containLabel: true }, ...option });
  const svg = instance.renderToSVGString();
  instance.dispose();
  return { title, svg: withoutInlineStyles(svg, title) };
}

/**
 * The pages' CSP allows styles only by hash: ECharts' `<style>` (hover rules, useless without script) goes, and
 * its `style="font-size:…;font-family:…"` become the equivalent SVG presentation attributes.
 */
export function withoutInlineStyles(svg: string, label: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_match, declarations: string) =>
      declarations
        .split(';')
        .map((declaration) => declaration.split(':').map((part) => part.trim()))
        .filter((pair): pair is [string, string] => pair.length === 2 && /^[a-z-]+$/.test(pair[0] ?? ''))
        .map(([property, value]) => ` ${property}="${value}"`)
        .join(''),
    )
    .replace('<svg ', `<svg role="img" aria-label="${label}" `);
}

function weeklyOption(report: MonitorReport): echarts.EChartsCoreOption {
  const mondays = report.accounts[0]?.cadence.weeks.map((week) => week.monday.slice(5)) ?? [];
  return {
    legend: { top: 0 },
    xAxis: { type: 'category', data: mondays },
    yAxis: { type: 'value', minInterval: 1 },
    series: report.accounts.map((account) => ({
      name: account.name,
      type: 'bar',
      data: account.cadence.weeks.map((week) => week.posts),
    })),
  };
}

function ratioOption(report: MonitorReport): echarts.EChartsCoreOption {
  const threshold = report.accounts[0]?.indicators.find((i) => i.id === 'original_ratio')?.threshold ?? 0;
  return {
    xAxis: { type: 'category', data: report.accounts.map((account) => account.name) },
    yAxis: {
      type: 'value',
      max: 1,
      axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` },
    },
    series: [
      {
        type: 'bar',
        data: report.accounts.map((account) => account.original.ratio ?? 0),
        label: {
          show: true,
          position: 'top',
          formatter: ({ value }: { value: number }) => `${Math.round(value * 100)}%`,
        },
        markLine: {
          silent: true,
          symbol: 'none',
          data: [{ yAxis: threshold }],
          label: { formatter: `${threshold * 100}%` },
        },
      },
    ],
  };
}

/** Median and 90th percentile bars, one pair per label (a grade, or an account). */
function reviewOption(
  labels: readonly string[],
  rows: readonly { medianHours: number | null; p90Hours: number | null }[],
): echarts.EChartsCoreOption {
  return {
    legend: { top: 0 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value' },
    series: [
      { name: '中位', type: 'bar', data: rows.map((row) => row.medianHours ?? 0) },
      { name: '90%', type: 'bar', data: rows.map((row) => row.p90Hours ?? 0) },
    ],
  };
}
