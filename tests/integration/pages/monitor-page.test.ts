import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseDaysCalendar } from '../../../src/adapters/calendar/chinese-days-calendar.js';
import { echartsReportCharts } from '../../../src/adapters/reports/svg-charts.js';
import type { AuditAction, AuditEntry } from '../../../src/domain/audit/audit-event.js';
import type { JsonObject } from '../../../src/domain/audit/canonical-json.js';
import { buildMonitorReport } from '../../../src/domain/monitor/monitor-report.js';
import type { MonitoredPost } from '../../../src/domain/monitor/monitored-post.js';
import { parseReportPeriod } from '../../../src/domain/monitor/report-period.js';
import { renderMonitorPage } from '../../../src/pages/monitor-page.js';
import type { PageServer } from '../../helpers/chromium.js';
import { launchChromium, saveScreenshot, startPageServer } from '../../helpers/chromium.js';

const ARTIFACTS = join(import.meta.dirname, '../../artifacts');
const posts = (days: string[], kind: MonitoredPost['kind']): MonitoredPost[] =>
  days.map((day) => ({ at: `${day}T02:00:00Z`, kind, via: 'qianfa' }));

/** An entry of draft d1's trail (a general draft approved in three hours). */
const reviewEntry = (action: AuditAction, at: string, details: JsonObject): AuditEntry => ({
  org: 'cc',
  draft: 'd1',
  action,
  actor: 'p',
  at,
  details,
  seq: action === 'created' ? 0 : 1,
  prev: '',
  hash: '',
});

function dashboard(): string {
  const report = buildMonitorReport({
    org: 'cc',
    orgName: '崇川区人民政府办公室',
    period: parseReportPeriod('2026Q4')!,
    now: new Date('2027-01-05T02:00:00Z'),
    profile: {
      cadence: { failAfterDays: 14, warnWorkingDaysBefore: 2, zombieAfterMonths: 3, minPostsPerWeek: 1 },
      original: { windowDays: 14, minOriginalPosts: 1, minRatio: 0.3 },
    },
    isWorkingDay: chineseDaysCalendar().isWorkingDay,
    accounts: [
      {
        platform: 'wechat',
        name: '崇川发布',
        createdAt: '2026-01-01T00:00:00Z',
        posts: [
          ...posts(['2026-10-09', '2026-10-20', '2026-11-03', '2026-12-01'], 'original'),
          ...posts(['2026-11-10'], 'repost'),
        ],
      },
      {
        platform: 'weibo',
        name: '崇川微博',
        createdAt: '2026-01-01T00:00:00Z',
        posts: posts(['2026-10-12'], 'repost'),
      },
    ],
    alerts: [],
    audit: [
      reviewEntry('created', '2026-11-02T01:00:00Z', { grade: 'general' }),
      reviewEntry('approved', '2026-11-02T04:00:00Z', { final: true }),
    ],
    draftTargets: new Map([['d1', ['wechat:崇川发布']]]),
  });
  return renderMonitorPage({
    viewerName: '管理员',
    report,
    charts: echartsReportCharts.chartsOf(report, 560),
    links: [{ label: '导出 XLSX', href: '/x' }],
  });
}

describe('the monitor dashboard in Chromium, under the real CSP', () => {
  let server: PageServer;
  beforeAll(async () => {
    server = await startPageServer();
    server.set('/d/monitor', dashboard(), true);
  });
  afterAll(async () => server?.close());

  for (const [name, viewport, mobile] of [
    ['mobile', { width: 360, height: 640 }, true],
    ['desktop', { width: 1280, height: 800 }, false],
  ] as const) {
    it(`shows its four SVG charts with Chinese labels and no CSP violation (${viewport.width}×${viewport.height})`, async () => {
      const chrome = await launchChromium({ viewport, mobile });
      try {
        const violations: string[] = [];
        chrome.page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await chrome.page.goto(`${server.origin}/d/monitor`);
        const charts = chrome.page.locator('figure.chart svg');
        expect(await charts.count()).toBe(4);
        const box = await charts.first().boundingBox();
        expect(box?.width).toBeLessThanOrEqual(viewport.width);
        expect(box?.height).toBeGreaterThan(50);
        expect(await chrome.page.locator('figure.chart').first().textContent()).toContain('每周发布数');
        expect(await chrome.page.locator('svg text').filter({ hasText: '崇川发布' }).count()).toBeGreaterThan(
          0,
        );
        const perAccount = chrome.page.locator('figure.chart').last();
        expect(await perAccount.textContent()).toContain('各账号审签用时');
        expect(await perAccount.locator('svg text').filter({ hasText: 'wechat:崇川发布' }).count()).toBe(1);
        expect(violations).toEqual([]);
        await saveScreenshot(chrome.page, join(ARTIFACTS, `monitor-dashboard-${name}.png`), true);
      } finally {
        await chrome.close();
      }
    });
  }
});
