/**
 * Calendar days as `YYYY-MM-DD` in Beijing time (UTC+8 all year: China keeps no daylight saving), and counting
 * working days with a calendar that knows public holidays and make-up working days (调休). The calendar itself
 * is data kept outside the domain (an adapter over a maintained holiday package); the domain only asks it.
 */

/** True when `day` (`YYYY-MM-DD`) is a working day: a weekday that is no public holiday, or a make-up day. */
export type IsWorkingDay = (day: string) => boolean;

const BEIJING_OFFSET_MS = 8 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** The Beijing calendar day of an instant. */
export function beijingDay(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` moved by `days` calendar days (negative moves back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `day` moved by whole months, clamped to the month's last day (31 Aug + 3 months = 30 Nov). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDate = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(date, lastDate));
  return first.toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (0 on the same day, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, isWorkingDay: IsWorkingDay): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day)) count += 1;
  }
  return count;
}

/** The `n`-th working day before `day` (n ≥ 1), skipping holidays and counting make-up days. */
export function workingDaysBefore(day: string, n: number, isWorkingDay: IsWorkingDay): string {
  let found = 0;
  let current = day;
  while (found < n) {
    current = addDays(current, -1);
    if (isWorkingDay(current)) found += 1;
  }
  return current;
}

/** The Monday of the natural week (Monday to Sunday) holding `day`. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}
