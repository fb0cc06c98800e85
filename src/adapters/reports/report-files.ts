import type { MonitorReport } from '../../domain/monitor/monitor-report.js';
import type { RenderedReport, ReportRenderer } from '../../services/ports/reports.js';
import { renderPdfReport } from './pdf-report.js';
import { renderXlsxReport } from './xlsx-report.js';

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** XLSX (exceljs) and PDF (pdfkit with `fontSetting`) files of a report. */
export function reportFiles(fontSetting: string): ReportRenderer {
  return {
    async render(report: MonitorReport, format: 'xlsx' | 'pdf'): Promise<RenderedReport> {
      const body =
        format === 'xlsx' ? await renderXlsxReport(report) : await renderPdfReport(report, fontSetting);
      const filename = `qianfa-report-${report.org}-${report.period.label}.${format}`;
      return { contentType: CONTENT_TYPES[format], filename, body };
    },
  };
}
