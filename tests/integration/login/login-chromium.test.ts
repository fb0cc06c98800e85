import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, type ChromiumSession } from '../../helpers/chromium.js';
import { as, startReviewApp, type ReviewApp } from '../../helpers/review-app.js';

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const PASSWORD = '春眠不觉晓处处闻啼鸟';

/** Password login and logout in a real browser on a phone-sized screen, with the keyboard only. */
describe('logging in and out at the desk in Chromium', () => {
  let t: ReviewApp;
  let origin: string;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    t = await startReviewApp();
    origin = await t.listen();
    const admin = await t.person('管理员', ['admin']);
    await t.person('李四', ['reviewer']);
    const set = await as(t.app, admin).post(`/api/orgs/cc/people/${encodeURIComponent('李四')}/password`, {
      password: PASSWORD,
    });
    expect(set.status).toBe(200);
    browser = await launchChromium({
      viewport: { width: 360, height: 640 },
      mobile: true,
      deviceScaleFactor: 2,
    });
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Fills the form by its labels, moving with Tab and sending with Enter as a keyboard user does. */
  async function typeLogin(password: string): Promise<void> {
    await page.goto(`${origin}/d/login`);
    await page.getByLabel('单位标识').focus();
    await page.keyboard.type('cc');
    await page.keyboard.press('Tab');
    await page.keyboard.type('李四');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }

  it('says so in Chinese when the password is wrong, keeping what was typed but the password', async () => {
    await page.goto(`${origin}/d/login`);
    expect(await page.getByRole('heading', { name: '登录' }).isVisible()).toBe(true);
    await saveScreenshot(page, `${ARTIFACTS}login-page-phone.png`);
    await typeLogin('这不是正确的密码啊啊');
    expect(await page.getByRole('alert').textContent()).toContain('单位、姓名或密码不正确');
    expect(await page.getByLabel('姓名').inputValue()).toBe('李四');
    expect(await page.getByLabel('密码').inputValue()).toBe('');
    await saveScreenshot(page, `${ARTIFACTS}login-failed-phone.png`);
  });

  it('asks for what is missing or malformed in Chinese, naming the field (forms.js)', async () => {
    await page.goto(`${origin}/d/login`);
    await page.getByLabel('单位标识').focus();
    await page.keyboard.press('Enter');
    const messageOf = (id: string) => page.evaluate(`document.getElementById('${id}').validationMessage`);
    expect(await messageOf('org')).toBe('请填写“单位标识”。');
    await page.keyboard.type('Nan Tong');
    await page.keyboard.press('Enter');
    expect(await messageOf('org')).toBe('“单位标识”的格式不对：例如 nantong，管理员添加您时告知。');
    expect(new URL(page.url()).pathname).toBe('/d/login');
  });

  it('logs in, shows the session, and logs out', async () => {
    await typeLogin(PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/d/queue');
    expect(await page.textContent('body')).toContain('李四');
    await page.goto(`${origin}/d/sessions`);
    expect(await page.textContent('body')).toContain('（当前会话）');
    await saveScreenshot(page, `${ARTIFACTS}sessions-page-phone.png`, true);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/d\/login\?out=1$/);
    expect(await page.getByRole('status').textContent()).toContain('您已退出登录');
    const queue = await page.goto(`${origin}/d/queue`);
    expect(queue?.status()).toBe(401);
  });
});
