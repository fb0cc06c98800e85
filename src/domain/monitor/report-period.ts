import { addDays, addMonths } from './calendar-days.js';

/** A month (`2026-11`) or a quarter (`2026Q4`) of Beijing calendar days, both ends included. */
export interface ReportPeriod {
  label: string;
  kind: 'month' | 'quarter';
  from: string;
  to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})Q([1-4])$/;

/** `2026-11` or `2026Q4` as its days; undefined for anything else. */
export function parseReportPeriod(text: string): ReportPeriod | undefined {
  const month = MONTH.exec(text);
  if (month) return spanOf(text, 'month', `${month[1]}-${month[2]}-01`, 1);
  const quarter = QUARTER.exec(text);
  if (!quarter) return undefined;
  const firstMonth = (Number(quarter[2]) - 1) * 3 + 1;
  return spanOf(text, 'quarter', `${quarter[1]}-${String(firstMonth).padStart(2, '0')}-01`, 3);
}

/** The quarter holding `day` (`YYYY-MM-DD`), e.g. for a dashboard opened without a period. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

function spanOf(label: string, kind: ReportPeriod['kind'], from: string, months: number): ReportPeriod {
  return { label, kind, from, to: addDays(addMonths(from, months), -1) };
}
