import ExcelJS from 'exceljs';
import type { MonitorReport } from '../../domain/monitor/monitor-report.js';
import { REPORT_TEXT } from '../../messages/monitor-report-texts.js';
import { reportTables } from './report-tables.js';

/** The report as an XLSX workbook (exceljs): a title row, then one sheet per table with a header row. */
export async function renderXlsxReport(report: MonitorReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'qianfa';
  workbook.created = new Date(report.generatedAt);
  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(table.name);
    sheet.addRow([REPORT_TEXT.title(report.orgName, report.period.label)]).font = { bold: true };
    sheet.addRow([REPORT_TEXT.counted(report.counted.from, report.counted.to)]);
    sheet.addRow([...table.columns]).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column) => (column.width = 16));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
