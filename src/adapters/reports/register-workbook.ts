import ExcelJS from 'exceljs';
import type { RegisterView } from '../../services/monitor/register-service.js';
import { REGISTER_FORM_COLUMNS, registerFormRow } from '../../messages/register-texts.js';

/**
 * The register as the seeds' filing form (seed 004's 广西政务新媒体审批表), one account a row under the form's
 * field names, with exceljs; the sheet's title row names the organisation.
 */
export async function renderRegisterWorkbook(
  orgName: string,
  views: readonly RegisterView[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'qianfa';
  const sheet = workbook.addWorksheet('政务新媒体台账');
  sheet.addRow([`${orgName} 政务新媒体台账（审批表）`]).font = { bold: true };
  sheet.addRow([...REGISTER_FORM_COLUMNS]).font = { bold: true };
  for (const view of views) sheet.addRow(registerFormRow(view));
  sheet.columns.forEach((column) => (column.width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
