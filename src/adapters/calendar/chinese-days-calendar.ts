import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import type { WorkingDayCalendar } from '../../services/ports/monitor.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * The working-day calendar over `chinese-days`, whose data follows the State Council's yearly holiday notice
 * (国务院办公厅关于部分节假日安排的通知; its maintainers fetch it daily and release a new version). A new year's
 * notice arrives with `npm update chinese-days`; see docs/monitor.md.
 */
export function chineseDaysCalendar(): WorkingDayCalendar {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const years = Object.keys(data.holidays).map((day) => Number(day.slice(0, 4)));
  return {
    isWorkingDay: (day) => chineseDays.isWorkday(day),
    coveredThrough: Math.max(...years),
  };
}
