import type { MonitorReport } from '../../domain/monitor/monitor-report.js';

export type ReportFormat = 'json' | 'xlsx' | 'pdf';

/** A rendered report: what to send and under what name. */
export interface RenderedReport {
  contentType: string;
  filename: string;
  body: Buffer;
}

/**
 * Turns a report into a file for inspectors. The adapter must render every figure of the JSON report (the
 * XLSX's cells equal it); a PDF adapter without its CJK font, or with one it cannot read, throws an error named
 * `ReportFontMissingError` carrying the font's `path` (renderReportFile turns it into ReportError).
 */
export interface ReportRenderer {
  render(report: MonitorReport, format: Exclude<ReportFormat, 'json'>): Promise<RenderedReport>;
}

/** One chart of the dashboard, as inline SVG that needs neither script nor inline styles (strict CSP). */
export interface ReportChart {
  title: string;
  svg: string;
}

/** Server-side charts of a report for the dashboard. */
export interface ReportCharts {
  chartsOf(report: MonitorReport, width: number): ReportChart[];
}

/** A report that cannot be rendered here: the PDF's CJK font is missing or unreadable (an installation matter). */
export type ReportError = { code: 'report_font_missing'; path: string };
