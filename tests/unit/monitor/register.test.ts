import { describe, expect, it } from 'vitest';
import { registerProblems } from '../../../src/domain/monitor/register-checks.js';
import type { RegisterEntry } from '../../../src/domain/monitor/register-entry.js';
import { contractEnded, takeOffline } from '../../../src/domain/monitor/register-lifecycle.js';
import { parseRegisterRules, type RegisterRules } from '../../../src/domain/monitor/register-rules.js';
import { createIssues } from '../../../src/domain/workflow/workflow-issues.js';

const RULES: RegisterRules = {
  nameShowsOrganiser: true,
  nameMustContainOneOf: ['防城港', '东兴'],
  misleadingWords: ['官方'],
  onePerPlatform: true,
  wechatNeedsMandate: true,
  runningWithinMonths: 6,
  closureNoticeDays: 30,
  offlinePerYear: 1,
  offlineMaxDays: 30,
};
const DETAILS = {
  organiser: '防城港市港口区人民政府办公室',
  organiserShortName: '港口区',
  verified: true,
  newsLicence: false,
  leader: { name: '李四' },
  staff: [],
};
const entry = (offline: RegisterEntry['offline'] = []): RegisterEntry => ({
  org: 'fcg',
  platform: 'wechat',
  name: '防城港港口区发布',
  details: DETAILS,
  state: 'running',
  offline,
  history: [],
});

describe('register rules', () => {
  it('refuses a name without the region, with a misleading word, and a WeChat account without a mandate', () => {
    const problems = registerProblems(
      { platform: 'wechat', name: '港口区官方', details: DETAILS },
      [],
      RULES,
    );
    expect(problems.map((problem) => problem.rule)).toEqual([
      'name_region',
      'name_misleading',
      'mandate_missing',
    ]);
  });

  it('accepts a name that shows the region and the organiser, with the mandate', () => {
    const details = { ...DETAILS, mandate: '市政府办要求开设' };
    expect(registerProblems({ platform: 'wechat', name: '防城港港口区发布', details }, [], RULES)).toEqual(
      [],
    );
  });

  it('ignores closed accounts and the entry itself for one account per platform', () => {
    const details = { ...DETAILS, mandate: '要求' };
    const closed = { ...entry(), name: '防城港港口区旧号', state: 'closed' as const };
    const candidate = { platform: 'wechat' as const, name: '防城港港口区发布', details };
    expect(registerProblems(candidate, [closed, entry()], RULES)).toEqual([]);
    const other = registerProblems({ ...candidate, name: '防城港港口区服务' }, [entry()], RULES);
    expect(other.map((problem) => problem.rule)).toEqual(['one_per_platform']);
  });

  it('parses the register section over the defaults and reports every bad field', () => {
    const issues = createIssues('fcg.yaml');
    expect(parseRegisterRules({ offlinePerYear: 2 }, RULES, issues)?.offlinePerYear).toBe(2);
    expect(
      parseRegisterRules({ onePerPlatform: 'yes', offlineMaxDays: 0, other: 1 }, RULES, issues),
    ).toBeUndefined();
    expect(issues.errors).toHaveLength(3);
  });
});

describe('register lifecycle', () => {
  it('counts temporary offline periods per Beijing calendar year', () => {
    // 2026-12-31 20:00 Beijing is still 2026; 2027-01-01 01:00 Beijing is the next year.
    const first = takeOffline(entry(), { now: new Date('2026-12-01T02:00:00Z'), days: 5, by: 'p' }, RULES);
    expect(first.ok).toBe(true);
    const periods = first.ok ? first.value.offline : [];
    const sameYear = takeOffline(
      entry(periods),
      { now: new Date('2026-12-31T12:00:00Z'), days: 1, by: 'p' },
      RULES,
    );
    expect(sameYear.ok ? 'ok' : sameYear.error.code).toBe('offline_limit_reached');
    const nextYear = takeOffline(
      entry(periods),
      { now: new Date('2026-12-31T17:00:00Z'), days: 1, by: 'p' },
      RULES,
    );
    expect(nextYear.ok).toBe(true);
  });

  it('ends a contract when its last day is over in Beijing', () => {
    expect(contractEnded({ contractEnd: '2027-06-30' }, new Date('2027-06-30T15:59:59Z'))).toBe(false);
    expect(contractEnded({ contractEnd: '2027-06-30' }, new Date('2027-06-30T16:00:00Z'))).toBe(true);
  });
});
