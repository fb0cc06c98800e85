import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFiles } from '../../../src/adapters/reports/report-files.js';
import type { MonitorReport } from '../../../src/domain/monitor/monitor-report.js';
import type { MonitorWithReports } from '../../../src/composition/monitor.js';
import { createApp } from '../../../src/http/create-app.js';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { FakeWeiboServer } from '../../fakes/fake-weibo-server.js';
import { untilPublishingIdle } from '../../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { until } from '../../helpers/until.js';
import { binary } from '../../helpers/binary-body.js';

const WECHAT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-app-secret' };
const morningOf = (day: string): number => Date.parse(`${day}T02:00:00Z`);

describe('the monitor report over HTTP: JSON, XLSX and PDF (issue 13 point 5)', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let weibo: FakeWeiboServer;
  let admin: Auth;
  let offsetMs = 0;
  const now = (): number => Date.now() + offsetMs;
  const moveTo = (day: string): void => {
    const shift = morningOf(day) - now();
    offsetMs += shift;
    t.advanceClock(shift);
  };

  beforeEach(async () => {
    offsetMs = 0;
    wechat = await new FakeWechatServer({ accounts: [WECHAT], now }).start();
    weibo = await new FakeWeiboServer({ accounts: [], now }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl, weiboApiBase: weibo.baseUrl });
    moveTo('2026-10-20');
    admin = await t.person('管理员', ['admin']);
    const account = { platform: 'wechat', name: '崇川发布', ...WECHAT };
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    await t.startWorker();
  });

  afterEach(async () => {
    await t.close();
    await wechat.close();
    await weibo.close();
  });

  async function publishOriginal(): Promise<void> {
    const [drafter, reviewer, editor] = [
      await t.person('张三', ['drafter']),
      await t.person('李四', ['reviewer']),
      await t.person('王五', ['editor']),
    ];
    const draft = {
      title: '亲子阅读活动通知',
      body: '本周六上午九点在区图书馆举办亲子阅读活动。',
      kind: 'original',
      targets: ['wechat:崇川发布'],
    };
    const id = ((await as(t.app, drafter).post('/api/drafts', draft)).body as { id: string }).id;
    t.advanceClock(2 * 3_600_000);
    offsetMs += 2 * 3_600_000;
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    expect((await as(t.app, editor).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(200);
    await until(`draft ${id} to be published`, async () => {
      const body = (await as(t.app, editor).get(`/api/drafts/${id}`)).body as {
        publications: { status: string }[];
      };
      return body.publications[0]?.status === 'published';
    });
    await untilPublishingIdle(t);
  }

  it('gives the month’s figures, and the quarterly XLSX opens with the same figures; the PDF names the org', async () => {
    moveTo('2026-11-03');
    await publishOriginal();
    moveTo('2026-11-10');
    wechat.plantArticle(WECHAT.appid, { title: '直接群发的通知', content: '<p>未经签发。</p>' });
    await t.alerts.raise({
      org: 'cc',
      kind: 'dead_link',
      message: '死链',
      at: new Date(now()).toISOString(),
      details: {
        platform: 'wechat',
        account: '崇川发布',
        url: 'https://mp.weixin.qq.com/s/x',
        link: 'https://a.example/',
        status: '404',
      },
    });
    moveTo('2027-01-05');

    const json = await as(t.app, admin).get('/api/orgs/cc/monitor/report?period=2026Q4');
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    const report = json.body as MonitorReport;
    const [account] = report.accounts;
    expect(account?.cadence.posts).toBe(2);
    expect(account?.original).toMatchObject({ original: 1, unknown: 1 });
    expect(account?.deadLinks).toBe(1);
    expect(report.reviewTimes[0]).toMatchObject({ grade: 'general', drafts: 1, medianHours: 2 });
    const [byAccount] = report.reviewTimesByAccount;
    expect(byAccount).toEqual({ target: 'wechat:崇川发布', drafts: 1, medianHours: 2, p90Hours: 2 });

    const xlsx = await binary(as(t.app, admin).get('/api/orgs/cc/monitor/report?period=2026Q4&format=xlsx'));
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<typeof workbook.xlsx.load>[0]);
    const accounts = workbook.getWorksheet('账号')?.getRow(4).values as unknown[];
    expect(accounts.slice(2)).toEqual([
      account?.name,
      account?.cadence.lastUpdate,
      account?.cadence.posts,
      account?.cadence.postsPerWeek,
      account?.cadence.longestSilence.days,
      account?.cadence.longestSilence.workingDays,
      account?.original.original,
      account?.original.repost,
      account?.original.unknown,
      account?.original.ratio,
      account?.onlineFindings,
      account?.deadLinks,
    ]);
    const review = workbook.getWorksheet('审签用时')?.getRow(4).values as unknown[];
    expect(review.slice(1)).toEqual(['一般', 1, 2, 2]);
    const perAccount = workbook.getWorksheet('审签用时（按账号）')?.getRow(4).values as unknown[];
    expect(perAccount.slice(1)).toEqual([
      byAccount?.target,
      byAccount?.drafts,
      byAccount?.medianHours,
      byAccount?.p90Hours,
    ]);

    const pdf = await binary(as(t.app, admin).get('/api/orgs/cc/monitor/report?period=2026-11&format=pdf'));
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: pdf.body as Buffer }).getText()).text;
    expect(text).toContain(report.orgName);
    expect(text).toContain('2026-11');
  });

  it('answers 503 with what to install or set when the PDF font is missing or unreadable', async () => {
    const unreadable = join(await mkdtemp(join(tmpdir(), 'qianfa-font-')), 'not-a-font.ttc');
    await writeFile(unreadable, 'not a font');
    for (const font of ['/nonexistent/NotoSansCJK-Regular.ttc', unreadable]) {
      const { reports: shipped } = t.monitor as MonitorWithReports;
      const reports = { ...shipped, files: reportFiles(font) };
      const app = createApp({ ...t, ping: () => Promise.resolve(true), monitor: { ...t.monitor, reports } });
      const res = await as(app, admin).get('/api/orgs/cc/monitor/report?period=2026-11&format=pdf');
      expect(res.status).toBe(503);
      const { error } = res.body as { error: { code: string; message: string } };
      expect(error.code).toBe('report_font_missing');
      expect(error.message).toContain('fonts-noto-cjk');
      expect(error.message).toContain('QIANFA_REPORT_FONT');
      expect(error.message).toContain(font);
    }
  });

  it('refuses a malformed period with 400', async () => {
    expect((await as(t.app, admin).get('/api/orgs/cc/monitor/report?period=2026Q5')).status).toBe(400);
  });
});
