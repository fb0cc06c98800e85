import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { MonitorReport } from '../../domain/monitor/monitor-report.js';
import { REPORT_TEXT } from '../../messages/monitor-report-texts.js';
import { reportTables, type Cell } from './report-tables.js';

/** The configured CJK font is not there: the message says what to install or set. */
export class ReportFontMissingError extends Error {
  override readonly name = 'ReportFontMissingError';
  constructor(readonly path: string) {
    super(REPORT_TEXT.fontMissing(path));
  }
}

/** `file.ttc#PostScriptName` or a plain font file. */
function fontOf(setting: string): { path: string; family?: string } {
  const [path = setting, family] = setting.split('#');
  return family === undefined ? { path } : { path, family };
}

/**
 * The report as a PDF for inspectors (pdfkit, the text embedded in the configured CJK font so it can be
 * searched and copied): title, period, then each table as `column：value` lines per row.
 */
export function renderPdfReport(report: MonitorReport, fontSetting: string): Promise<Buffer> {
  const font = fontOf(fontSetting);
  if (!existsSync(font.path)) return Promise.reject(new ReportFontMissingError(font.path));
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: report.orgName } });
  const done = collect(doc);
  try {
    doc.registerFont('cjk', font.path, font.family);
    doc.font('cjk');
  } catch {
    // There but unreadable (not a font, or no such face in the collection): the same remedy.
    return Promise.reject(new ReportFontMissingError(font.path));
  }
  doc.fontSize(16).text(REPORT_TEXT.title(report.orgName, report.period.label));
  doc.fontSize(10).text(REPORT_TEXT.counted(report.counted.from, report.counted.to)).moveDown();
  for (const table of reportTables(report)) {
    doc.fontSize(13).text(table.name).moveDown(0.3).fontSize(9);
    if (table.rows.length === 0) doc.text(REPORT_TEXT.noAccounts);
    for (const row of table.rows)
      doc
        .text(table.columns.map((column, index) => `${column}：${shown(row[index])}`).join('  '))
        .moveDown(0.3);
    doc.moveDown();
  }
  doc.end();
  return done;
}

function shown(cell: Cell | undefined): string {
  return cell === null || cell === undefined ? '—' : String(cell);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
