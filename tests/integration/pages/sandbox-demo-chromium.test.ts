import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../../helpers/axe.js';
import { launchChromium, saveScreenshot, type ChromiumSession } from '../../helpers/chromium.js';
import { startDemo, type Demo } from '../../helpers/sandbox-demo.js';
import { stopServedAfterEachTest, tempDataDir } from '../../helpers/spawn-serve.js';
import { until } from '../../helpers/until.js';

stopServedAfterEachTest();

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const DOCS_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url));
const TITLE = '街道冬季消防安全提示';
const BODY = '近期天气干燥，请居民注意用火用电安全，不在楼道堆放杂物，发现火情及时拨打119。';

/**
 * README's "See a publish in five minutes" in a real browser, against `qianfa serve --sandbox` as `npm run demo`
 * starts it: the drafter writes and submits, the reviewer and the editor approve from their login links, and the
 * sandbox page shows the article with its tail; the drafter, back by password, sees the article's link.
 */
describe('the sandbox demo in Chromium', () => {
  let demo: Demo;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo(tempDataDir());
    browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
    page = browser.page;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  const approveAs = async (person: string) => {
    await page.goto(demo.logins.get(person)!);
    await page.getByRole('link', { name: new RegExp(TITLE) }).click();
    await page.click('button[value="approve"]');
    expect(await page.textContent('body')).toContain('已同意');
  };

  it('goes from writing to a publish on the simulated platforms, every page saying SANDBOX', async () => {
    await page.goto(demo.logins.get('小李')!);
    expect(await page.textContent('.sandbox-banner')).toContain('沙盒演示（SANDBOX）');
    await page.getByRole('link', { name: '写稿' }).click();
    await page.fill('#title', TITLE);
    await page.fill('#body', BODY);
    await page.check('input[value="wechat:演示公众号"]');
    await page.check('input[value="weibo:演示微博"]');
    await page.click('button[value="preview"]');
    await page.click('button[value="submit"]');
    expect(await page.textContent('body')).toContain('已提交，稿件已进入审签');

    await approveAs('老王');
    await approveAs('张主编');
    await page.getByRole('link', { name: '查看模拟平台收到的内容' }).click();
    const published = page.locator('.sandbox-published', { hasText: TITLE });
    const posted = page.locator('[data-platform="weibo"] .sandbox-post', { hasText: TITLE });
    await until('the article and the post on /sandbox', async () => {
      if ((await published.count()) === 1 && (await posted.count()) === 1) return true;
      await page.reload();
      return false;
    });
    expect(await published.locator('.sandbox-tail').textContent()).toContain('审核：老王　审签：张主编');
    for (const size of [
      { width: 360, height: 640 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(size);
      expect(await seriousViolations(page), `/sandbox at ${size.width}`).toEqual([]);
      await saveScreenshot(page, `${ARTIFACTS}sandbox-page-${size.width}.png`, true);
    }
    if (process.env.QIANFA_UPDATE_DOCS === '1' || !existsSync(`${DOCS_IMAGES}sandbox-page-desktop.png`))
      await saveScreenshot(page, `${DOCS_IMAGES}sandbox-page-desktop.png`);

    await page.goto(`${demo.served.url}/d/login`);
    await page.fill('#org', 'demo');
    await page.fill('#name', '小李');
    await page.fill('#password', 'sandbox-demo-2026');
    await page.click('button[type="submit"]');
    await page.getByRole('link', { name: '我的稿件' }).click();
    await page.getByRole('link', { name: new RegExp(TITLE) }).click();
    expect(await page.getByRole('link', { name: '查看已发布的文章' }).count()).toBeGreaterThan(0);
  }, 120_000);
});
