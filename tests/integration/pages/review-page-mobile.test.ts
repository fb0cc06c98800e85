import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberFindings } from '../../../src/pages/numbered-findings.js';
import { renderConfirmationPage, renderReviewPage } from '../../../src/pages/review-page.js';
import type { ChromiumSession, DomElement, DomWindow, PageServer } from '../../helpers/chromium.js';
import { launchChromium, markedTextOf, saveScreenshot, startPageServer } from '../../helpers/chromium.js';
import { sampleModel } from '../../unit/pages/review-fixtures.js';

const ARTIFACTS = join(import.meta.dirname, '../../artifacts');
/** The README's picture: written when missing or with QIANFA_UPDATE_DOCS=1, so a test run leaves git clean. */
const README_IMAGE = join(import.meta.dirname, '../../../docs/images/review-page-mobile.png');
const UPDATE_README_IMAGE = process.env.QIANFA_UPDATE_DOCS === '1' || !existsSync(README_IMAGE);

let chrome: ChromiumSession;
let server: PageServer;
let page: Page;

beforeAll(async () => {
  [chrome, server] = await Promise.all([
    launchChromium({ viewport: { width: 360, height: 640 }, mobile: true, deviceScaleFactor: 2 }),
    startPageServer(),
  ]);
  page = chrome.page;
  server.set('/m/review/tok-abc', renderReviewPage(sampleModel()));
});

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

async function open(): Promise<void> {
  await page.goto(`${server.origin}/m/review/tok-abc`);
}

const markedText = (n: number): Promise<string> => markedTextOf(page, n);

describe('review page on a 360×640 phone', () => {
  it('fits the screen: no horizontal scroll', async () => {
    await open();
    const widths = await page.evaluate(() => {
      const { documentElement } = (globalThis as unknown as DomWindow).document;
      return { scroll: documentElement.scrollWidth, client: documentElement.clientWidth };
    });
    expect(widths.client).toBe(360);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await saveScreenshot(page, join(ARTIFACTS, 'review-page-mobile.png'), true);
    if (UPDATE_README_IMAGE) await saveScreenshot(page, README_IMAGE);
  });

  it('shows large 同意 and 退回 buttons', async () => {
    await open();
    for (const name of ['同意', '退回']) {
      const button = page.getByRole('button', { name, exact: true });
      await button.scrollIntoViewIfNeeded();
      await expect.poll(() => button.isVisible()).toBe(true);
      const box = await button.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThanOrEqual(280);
    }
    await page.getByRole('button', { name: '同意', exact: true }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, join(ARTIFACTS, 'review-page-mobile-decision.png'));
  });

  it('marks each finding where it is: the marked text is the finding text', async () => {
    await open();
    const numbered = numberFindings(sampleModel().findings);
    const inText = numbered.filter(({ finding }) => finding.rule !== 'link:external');
    for (const { n, finding } of inText) expect(await markedText(n)).toBe(finding.text);
    const crossing = inText.find(({ finding }) => finding.text === '调研全民阅读');
    expect(await page.locator(`b mark[data-finding~="${crossing?.n}"]`).count()).toBe(1);
    const link = numbered.find(({ finding }) => finding.rule === 'link:external');
    expect(await page.locator(`a + sup#at-${link?.n}`).count()).toBe(1);
  });

  it('explains every finding below the article', async () => {
    await open();
    for (const finding of sampleModel().findings) {
      await expect.poll(() => page.getByText(finding.message).first().isVisible()).toBe(true);
    }
  });

  it('blocks 退回 without a reason in the browser', async () => {
    await open();
    await page.getByRole('button', { name: '退回', exact: true }).click();
    const invalid = await page
      .getByLabel('退回意见（必填）')
      .evaluate((el: unknown) => (el as DomElement).validity?.valueMissing);
    expect(invalid).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/m/review/tok-abc');
    expect(server.posts).toHaveLength(0);
  });

  it('blocks 同意 until the review findings are acknowledged, then posts the decision', async () => {
    server.onPost(
      renderConfirmationPage({
        title: '已同意',
        message: '已同意，稿件已转入下一审签环节。',
        verdict: 'approved',
        draftTitle: sampleModel().draft.title,
        links: [{ href: '/d/queue', text: '返回待办' }],
      }),
    );
    await open();
    await page.getByRole('button', { name: '同意', exact: true }).click();
    expect(server.posts).toHaveLength(0);
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: '同意', exact: true }).click();
    await page.getByRole('heading', { name: '已同意' }).waitFor();
    const post = server.posts.at(-1);
    expect(post?.path).toBe('/m/review/tok-abc');
    expect(Object.fromEntries(post?.form ?? [])).toEqual({
      version: '2',
      stage: 'sign',
      acknowledged: 'opinion:personal',
      decision: 'approve',
    });
    await saveScreenshot(page, join(ARTIFACTS, 'confirmation-page-mobile.png'));
  });

  it('posts 退回 with the reason', async () => {
    await open();
    await page.getByLabel('退回意见（必填）').fill('请删去“我觉得”，改为客观表述。');
    await page.getByRole('button', { name: '退回', exact: true }).click();
    await page.waitForLoadState();
    await expect.poll(() => server.posts.at(-1)?.form.get('decision')).toBe('reject');
    expect(server.posts.at(-1)?.form.get('comment')).toBe('请删去“我觉得”，改为客观表述。');
    expect(server.posts.at(-1)?.form.getAll('acknowledged')).toEqual([]);
  });

  it('shows a visible focus ring and respects reduced motion', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await open();
    await page.getByRole('checkbox').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const win = globalThis as unknown as DomWindow;
      const el = win.document.activeElement;
      if (!el) return undefined;
      const style = win.getComputedStyle(el);
      return {
        text: el.textContent,
        visible: el.matches(':focus-visible'),
        outline: style.outlineStyle,
        width: style.outlineWidth,
        transition: style.transitionDuration,
      };
    });
    expect(focused).toEqual({
      text: '同意',
      visible: true,
      outline: 'solid',
      width: '3px',
      transition: '0s',
    });
    await page.emulateMedia({ reducedMotion: null });
  });
});
