import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConfirmationPage, renderQueuePage, renderReviewPage } from '../../../src/pages/review-page.js';
import type { ChromiumSession, DomWindow, PageServer } from '../../helpers/chromium.js';
import { launchChromium, saveScreenshot, startPageServer } from '../../helpers/chromium.js';
import { sampleModel } from '../../unit/pages/review-fixtures.js';

const ARTIFACTS = join(import.meta.dirname, '../../artifacts');

let chrome: ChromiumSession;
let server: PageServer;
let page: Page;

beforeAll(async () => {
  [chrome, server] = await Promise.all([
    launchChromium({ viewport: { width: 1280, height: 800 } }),
    startPageServer(),
  ]);
  page = chrome.page;
});

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

async function visit(path: string, markup: string): Promise<void> {
  server.set(path, markup);
  await page.goto(`${server.origin}${path}`);
}

describe('desk pages at 1280×800', () => {
  it('shows the review page in two columns: article | findings, chain and decision', async () => {
    await visit('/d/review/d-2025-0301', renderReviewPage(sampleModel({ layout: 'desktop' })));
    const article = await page.locator('article').boundingBox();
    const side = await page.locator('.side').boundingBox();
    expect(article && side).toBeTruthy();
    if (!article || !side) return;
    expect(side.x).toBeGreaterThanOrEqual(article.x + article.width);
    expect(Math.abs(side.y - article.y)).toBeLessThan(2);
    expect(article.width).toBeGreaterThan(side.width);
    for (const name of ['同意', '退回']) {
      const button = await page.getByRole('button', { name, exact: true }).boundingBox();
      expect(button?.x).toBeGreaterThanOrEqual(side.x);
    }
    const scroll = await page.evaluate(
      () => (globalThis as unknown as DomWindow).document.documentElement.scrollWidth,
    );
    expect(scroll).toBeLessThanOrEqual(1280);
    await saveScreenshot(page, join(ARTIFACTS, 'review-page-desktop.png'), true);
  });

  it('keeps the mobile layout in one column on a wide screen', async () => {
    await visit('/m/review/tok', renderReviewPage(sampleModel()));
    const article = await page.locator('article').boundingBox();
    const side = await page.locator('.side').boundingBox();
    expect(side?.y).toBeGreaterThan((article?.y ?? 0) + (article?.height ?? 0) - 1);
  });

  it('lists what waits for the viewer, each a link to its review page', async () => {
    await visit(
      '/d/queue',
      renderQueuePage({
        viewerName: '王五',
        items: [
          {
            title: '区长李明调研全民阅读工作',
            grade: 'important',
            gradeName: '重要',
            stageLabel: '审签',
            targets: [],
            waitingSince: '2025-03-01T02:15:00Z',
            href: '/d/review/d-2025-0301',
          },
          {
            title: '关于3月份城市道路施工的交通提示',
            grade: 'general',
            gradeName: '一般',
            stageLabel: '审核',
            targets: [],
            waitingSince: '2025-03-01T05:40:00Z',
            href: '/d/review/d-2025-0302',
          },
        ],
        total: 2,
        filters: {},
        stageLabels: ['审签', '审核'],
        accounts: [{ target: 'wechat:崇川发布', label: '微信公众号 · 崇川发布' }],
      }),
    );
    const links = page.getByRole('link', { name: /区长李明|交通提示/ });
    expect(await links.count()).toBe(2);
    expect(await links.first().getAttribute('href')).toBe('/d/review/d-2025-0301');
    expect(await page.getByText('2025年3月1日 10:15').count()).toBe(1);
    await saveScreenshot(page, join(ARTIFACTS, 'queue-page-desktop.png'));
  });

  it('explains a stale link and offers the current version', async () => {
    const link = { href: '/m/review/new-token', text: '查看并处理最新版本' };
    await visit(
      '/stale',
      renderConfirmationPage({
        title: '稿件已修改',
        message: '稿件已修改为第 3 版，此链接对应的旧版本不能再审签。',
        verdict: undefined,
        draftTitle: '区长李明调研全民阅读工作',
        links: [link],
      }),
    );
    expect(await page.getByRole('heading', { name: '稿件已修改' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: link.text }).getAttribute('href')).toBe(link.href);
    await saveScreenshot(page, join(ARTIFACTS, 'stale-link-page.png'));
  });
});
