import type { MonitorReport } from '../domain/monitor/monitor-report.js';
import { INDICATOR_LABELS, REPORT_TEXT, VERDICT_LABELS } from '../messages/monitor-report-texts.js';
import type { ReportChart } from '../services/ports/reports.js';
import { html, raw, type SafeHtml } from './html.js';
import type { DeskNav } from './editor-nav.js';
import { renderDocument } from './page-layout.js';

export interface MonitorPageModel {
  viewerName: string;
  /** The desk's navigation, for the page served to a logged-in admin. */
  nav?: DeskNav;
  report: MonitorReport;
  charts: readonly ReportChart[];
  /** Links to the same page for other periods, and to the exports. */
  links: { label: string; href: string }[];
}

/** The monitor's dashboard (监测看板): charts rendered server-side (SVG, no script), then every indicator. */
export function renderMonitorPage(model: MonitorPageModel): string {
  const { report } = model;
  const main = html`<main class="page">
    <h1>${REPORT_TEXT.title(report.orgName, report.period.label)}</h1>
    <p>${REPORT_TEXT.counted(report.counted.from, report.counted.to)}</p>
    <nav class="period-links">
      ${model.links.map((link) => html`<a href="${link.href}">${link.label}</a> `)}
    </nav>
    <section class="monitor-charts">
      ${model.charts.map(
        (chart) =>
          html`<figure class="chart">
            <h2>${chart.title}</h2>
            ${raw(chart.svg)}
          </figure>`,
      )}
    </section>
    ${indicatorTable(report)}
  </main>`;
  return renderDocument({
    title: report.orgName,
    layout: 'desktop',
    viewerName: model.viewerName,
    ...(model.nav ? { nav: model.nav } : {}),
    main,
  });
}

function indicatorTable(report: MonitorReport): SafeHtml {
  if (report.accounts.length === 0) return html`<p>${REPORT_TEXT.noAccounts}</p>`;
  const rows = report.accounts.flatMap((account) =>
    account.indicators.map(
      (indicator) =>
        html`<tr>
          <td>${account.name}</td>
          <td>${INDICATOR_LABELS[indicator.id]}</td>
          <td>${String(indicator.threshold)}</td>
          <td>${indicator.actual === null ? '—' : String(indicator.actual)}</td>
          <td class="verdict-${indicator.verdict}">${VERDICT_LABELS[indicator.verdict]}</td>
          <td>${indicator.seed}</td>
        </tr>`,
    ),
  );
  const head = REPORT_TEXT.indicatorColumns.map((column) => html`<th>${column}</th>`);
  return html`<div class="table-wrap">
    <table class="monitor-table">
      <thead>
        <tr>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}
