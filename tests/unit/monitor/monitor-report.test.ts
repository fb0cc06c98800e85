import { describe, expect, it } from 'vitest';
import { chineseDaysCalendar } from '../../../src/adapters/calendar/chinese-days-calendar.js';
import type { AdminAlert } from '../../../src/domain/admin-alert.js';
import type { AuditAction, AuditEntry } from '../../../src/domain/audit/audit-event.js';
import type { JsonObject } from '../../../src/domain/audit/canonical-json.js';
import type { MonitorProfile } from '../../../src/domain/monitor/monitor-profile.js';
import type { MonitoredPost, PostKind } from '../../../src/domain/monitor/monitored-post.js';
import { buildMonitorReport } from '../../../src/domain/monitor/monitor-report.js';
import { parseReportPeriod, quarterOf } from '../../../src/domain/monitor/report-period.js';

const PROFILE: MonitorProfile = {
  cadence: { failAfterDays: 14, warnWorkingDaysBefore: 2, zombieAfterMonths: 3, minPostsPerWeek: 1 },
  original: { windowDays: 14, minOriginalPosts: 1, minRatio: 0.3 },
};
/** 10:00 Beijing time on `day`. */
const post = (day: string, kind: PostKind, via: MonitoredPost['via'] = 'qianfa'): MonitoredPost => ({
  at: `${day}T02:00:00Z`,
  kind,
  via,
});

/** 崇川发布: a post before the National Day holiday, then qianfa's and planted posts through the quarter. */
const WECHAT_POSTS: MonitoredPost[] = [
  post('2026-09-28', 'original'),
  post('2026-10-20', 'original'),
  post('2026-10-21', 'repost'),
  post('2026-10-27', 'unknown', 'platform'),
  post('2026-11-03', 'repost', 'platform'),
  post('2026-11-10', 'original'),
  post('2026-11-17', 'original'),
  post('2026-11-24', 'repost'),
  post('2026-12-01', 'original'),
  post('2026-12-08', 'original'),
  post('2026-12-15', 'repost'),
  post('2026-12-22', 'original'),
  post('2026-12-29', 'original', 'platform'),
];

const alert = (kind: AdminAlert['kind'], at: string, details: Record<string, string>): AdminAlert => ({
  org: 'cc',
  kind,
  message: '',
  at,
  details,
});
const ALERTS: AdminAlert[] = [
  alert('online_finding', '2026-11-05T03:00:00Z', { platform: 'wechat', account: '崇川发布', url: 'u1' }),
  alert('dead_link', '2026-11-06T03:00:00Z', {
    platform: 'wechat',
    account: '崇川发布',
    url: 'u1',
    link: 'l',
  }),
  alert('dead_link', '2026-09-06T03:00:00Z', {
    platform: 'wechat',
    account: '崇川发布',
    url: 'u0',
    link: 'l',
  }),
  alert('dead_link', '2026-12-06T03:00:00Z', {
    platform: 'weibo',
    account: '崇川微博',
    url: 'u2',
    link: 'l',
  }),
  { ...alert('cadence_failed', '2026-10-12T03:00:00Z', {}), target: 'wechat:崇川发布' },
];

let seq = 0;
const entry = (draft: string, action: AuditAction, at: string, details: JsonObject = {}): AuditEntry => ({
  org: 'cc',
  draft,
  action,
  actor: 'p',
  at,
  details,
  seq: seq++,
  prev: '',
  hash: '',
});
/** General drafts taking 2, 6, 4 and 10 hours (one submitted in September, approved on 1 October in Beijing). */
const general = (draft: string, from: string, hours: number): AuditEntry[] => [
  entry(draft, 'created', from, { grade: 'general' }),
  entry(draft, 'approved', new Date(Date.parse(from) + hours * 3_600_000).toISOString(), { final: true }),
];
const AUDIT: AuditEntry[] = [
  ...general('d1', '2026-09-30T15:00:00Z', 2),
  ...general('d2', '2026-11-03T00:00:00Z', 6),
  ...general('d3', '2026-11-04T00:00:00Z', 4),
  ...general('d4', '2026-12-04T00:00:00Z', 10),
  entry('d5', 'created', '2026-11-10T00:00:00Z', { grade: 'general' }),
  entry('d5', 'grade_raised', '2026-11-10T01:00:00Z', { from: 'general', to: 'important' }),
  entry('d5', 'approved', '2026-11-10T02:00:00Z', { final: false }),
  entry('d5', 'approved', '2026-11-11T06:00:00Z', { final: true }),
  ...general('d6', '2026-09-01T00:00:00Z', 1).map((e) => ({
    ...e,
    details: { ...e.details, grade: 'major' },
  })),
];

/** The accounts each draft names (its targets); d2 goes to both, d6 falls before the quarter. */
const DRAFT_TARGETS = new Map<string, readonly string[]>([
  ['d1', ['wechat:崇川发布']],
  ['d2', ['wechat:崇川发布', 'weibo:崇川微博']],
  ['d3', ['weibo:崇川微博']],
  ['d4', ['wechat:崇川发布']],
  ['d5', ['wechat:崇川发布']],
  ['d6', ['weibo:崇川微博']],
]);

function report() {
  return buildMonitorReport({
    org: 'cc',
    orgName: '崇川区人民政府办公室',
    period: parseReportPeriod('2026Q4')!,
    now: new Date('2027-01-15T02:00:00Z'),
    profile: PROFILE,
    isWorkingDay: chineseDaysCalendar().isWorkingDay,
    accounts: [
      { platform: 'wechat', name: '崇川发布', createdAt: '2026-06-01T00:00:00Z', posts: WECHAT_POSTS },
      {
        platform: 'weibo',
        name: '崇川微博',
        createdAt: '2026-05-01T00:00:00Z',
        posts: [post('2026-08-20', 'original')],
      },
      { platform: 'weibo', name: '新号', createdAt: '2027-01-10T00:00:00Z', posts: [] },
    ],
    alerts: ALERTS,
    audit: AUDIT,
    draftTargets: DRAFT_TARGETS,
  });
}

describe('parseReportPeriod', () => {
  it('reads months and quarters as Beijing days and refuses anything else', () => {
    expect(parseReportPeriod('2026-11')).toEqual({
      label: '2026-11',
      kind: 'month',
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(parseReportPeriod('2026Q4')).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
    expect(parseReportPeriod('2024Q1')).toMatchObject({ to: '2024-03-31' });
    for (const bad of ['2026-13', '2026Q5', '2026-1', 'Q4']) expect(parseReportPeriod(bad)).toBeUndefined();
    expect(quarterOf('2026-11-20')).toBe('2026Q4');
  });
});

describe('buildMonitorReport on a mixed history (issue 13 point 5)', () => {
  it('counts cadence over the quarter, the silence across the National Day holiday in working days', () => {
    const [wechat, ...rest] = report().accounts;
    expect(rest.map((account) => account.target)).toEqual(['weibo:崇川微博']);
    expect(wechat?.cadence).toMatchObject({
      lastUpdate: '2026-12-29T02:00:00Z',
      posts: 12,
      postsPerWeek: 0.91,
      // 28 Sep → 20 Oct: 22 days; 12 working days (1–7 Oct off, Saturday 10 Oct a make-up day), not 16 weekdays.
      longestSilence: { from: '2026-09-28', to: '2026-10-20', days: 22, workingDays: 12 },
      zombieSilence: false,
    });
    expect(
      wechat?.cadence.weeks.filter((week) => !week.partial && week.posts === 0).map((w) => w.monday),
    ).toEqual(['2026-10-05', '2026-10-12']);
  });

  it('computes the original ratio with posts made around qianfa, unknown kinds apart', () => {
    expect(report().accounts[0]?.original).toEqual({
      original: 7,
      repost: 4,
      unknown: 1,
      ratio: 0.636,
      verdict: 'pass',
    });
  });

  it('counts the patrol’s alerts of the account and the period only', () => {
    const [wechat, weibo] = report().accounts;
    expect([wechat?.onlineFindings, wechat?.deadLinks]).toEqual([1, 1]);
    expect([weibo?.onlineFindings, weibo?.deadLinks]).toEqual([0, 1]);
  });

  it('judges every indicator of the profile with its seed article', () => {
    const [wechat, weibo] = report().accounts;
    const verdicts = (account: typeof wechat) =>
      Object.fromEntries((account?.indicators ?? []).map((i) => [i.id, [i.actual, i.verdict]]));
    expect(verdicts(wechat)).toEqual({
      update_interval: [22, 'fail'],
      zombie: [22, 'pass'],
      weekly_posts: [2, 'fail'],
      original_posts: [1, 'fail'],
      original_ratio: [0.636, 'pass'],
      dead_links: [1, 'fail'],
    });
    expect(verdicts(weibo)).toMatchObject({ zombie: [133, 'fail'], original_ratio: [null, 'fail'] });
    expect(wechat?.indicators.find((i) => i.id === 'original_ratio')).toMatchObject({
      threshold: 0.3,
      seed: 'seed 000 art. 19',
    });
  });

  it('gives review times per grade from submission to final approval, by the approval’s Beijing day', () => {
    expect(report().reviewTimes).toEqual([
      { grade: 'general', drafts: 4, medianHours: 4, p90Hours: 10 },
      { grade: 'important', drafts: 1, medianHours: 30, p90Hours: 30 },
      { grade: 'major', drafts: 0, medianHours: null, p90Hours: null },
    ]);
  });

  it('gives review times per account, a draft counted for every account it targets, all grades together', () => {
    expect(report().reviewTimesByAccount).toEqual([
      { target: 'wechat:崇川发布', drafts: 4, medianHours: 6, p90Hours: 30 },
      { target: 'weibo:崇川微博', drafts: 2, medianHours: 4, p90Hours: 6 },
    ]);
  });
});
