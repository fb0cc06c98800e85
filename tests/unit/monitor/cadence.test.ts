import { describe, expect, it } from 'vitest';
import { chineseDaysCalendar } from '../../../src/adapters/calendar/chinese-days-calendar.js';
import { assessCadence } from '../../../src/domain/monitor/cadence.js';
import {
  addMonths,
  beijingDay,
  workingDaysBefore,
  workingDaysBetween,
} from '../../../src/domain/monitor/calendar-days.js';
import type { MonitorProfile } from '../../../src/domain/monitor/monitor-profile.js';
import type { MonitoredPost } from '../../../src/domain/monitor/monitored-post.js';

const { isWorkingDay, coveredThrough } = chineseDaysCalendar();
const PROFILE: MonitorProfile['cadence'] = {
  failAfterDays: 14,
  warnWorkingDaysBefore: 2,
  zombieAfterMonths: 3,
  minPostsPerWeek: 1,
};
/** 10:00 Beijing time on `day`. */
const at = (day: string): Date => new Date(`${day}T02:00:00Z`);
const post = (day: string): MonitoredPost => ({ at: at(day).toISOString(), kind: 'original', via: 'qianfa' });
const stateOn = (lastPost: string, today: string) =>
  assessCadence([post(lastPost)], '2026-01-01T00:00:00Z', at(today), PROFILE, isWorkingDay).state;

describe('the working-day calendar (chinese-days)', () => {
  it('knows 2026: the National Day holiday is off, its make-up Saturday (10 Oct) and Sunday (20 Sep) are working', () => {
    expect(coveredThrough).toBeGreaterThanOrEqual(2026);
    expect(['2026-10-01', '2026-10-07', '2026-10-03'].map(isWorkingDay)).toEqual([false, false, false]);
    expect(['2026-10-10', '2026-09-20', '2026-10-08'].map(isWorkingDay)).toEqual([true, true, true]);
    expect(isWorkingDay('2026-10-11')).toBe(false);
  });

  it('counts working days across the holiday and back from a day', () => {
    // 23 Sep (Wed) → 12 Oct: 24, 28, 29, 30 Sep; 8, 9, 10 (make-up Saturday), 12 Oct. 25 Sep is 中秋.
    expect(workingDaysBetween('2026-09-23', '2026-10-12', isWorkingDay)).toBe(8);
    expect(workingDaysBefore('2026-10-07', 2, isWorkingDay)).toBe('2026-09-29');
    expect(workingDaysBefore('2026-09-22', 2, isWorkingDay)).toBe('2026-09-20');
  });

  it('takes Beijing days and clamps months', () => {
    expect(beijingDay(new Date('2026-10-06T16:30:00Z'))).toBe('2026-10-07');
    expect(addMonths('2026-08-31', 3)).toBe('2026-11-30');
  });
});

describe('assessCadence', () => {
  it('warns two working days before day 14 on an ordinary fortnight (day 10), fails on day 14', () => {
    // Last post Mon 2 Nov: failure day Mon 16 Nov; working days before it: Fri 13, Thu 12.
    expect(stateOn('2026-11-02', '2026-11-11')).toBe('ok');
    expect(stateOn('2026-11-02', '2026-11-12')).toBe('warning');
    expect(stateOn('2026-11-02', '2026-11-15')).toBe('warning');
    expect(stateOn('2026-11-02', '2026-11-16')).toBe('failed');
  });

  it('brings the warning forward over a holiday and onto a make-up working day', () => {
    // Failure on 7 Oct (inside the holiday): the warning comes on 29 Sep, the second working day before it.
    expect(stateOn('2026-09-23', '2026-09-28')).toBe('ok');
    expect(stateOn('2026-09-23', '2026-09-29')).toBe('warning');
    expect(stateOn('2026-09-23', '2026-10-07')).toBe('failed');
    // Failure on Tue 22 Sep: the warning on Sunday 20 Sep, a make-up working day, not on Friday 18.
    expect(stateOn('2026-09-08', '2026-09-19')).toBe('ok');
    expect(stateOn('2026-09-08', '2026-09-20')).toBe('warning');
  });

  it('marks a 僵尸号 past three months (M3: 92 days), not on the day three months are reached', () => {
    expect(stateOn('2026-09-01', '2026-12-01')).toBe('failed');
    expect(stateOn('2026-09-01', '2026-12-02')).toBe('zombie');
  });

  it('counts from the day the account was added when it never posted', () => {
    const report = assessCadence([], '2026-11-02T02:00:00Z', at('2026-11-16'), PROFILE, isWorkingDay);
    expect(report).toMatchObject({ state: 'failed', since: '2026-11-02', daysSinceLastPost: 14 });
    expect(report.workingDaysSinceLastPost).toBe(10);
    expect(report.lastPostAt).toBeUndefined();
  });

  it('counts the posts of the last natural week against the weekly minimum (M1b)', () => {
    const posts = [post('2026-11-09'), post('2026-11-15'), post('2026-11-16')];
    const report = assessCadence(
      posts,
      '2026-01-01T00:00:00Z',
      at('2026-11-18'),
      { ...PROFILE, minPostsPerWeek: 3 },
      isWorkingDay,
    );
    expect(report.lastWeek).toEqual({ from: '2026-11-09', to: '2026-11-15', posts: 2, meetsMinimum: false });
    expect(report.lastPostAt).toBe(at('2026-11-16').toISOString());
  });
});
