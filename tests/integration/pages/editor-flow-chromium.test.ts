import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, type ChromiumSession } from '../../helpers/chromium.js';
import { as, type Auth } from '../../helpers/review-app.js';
import { until } from '../../helpers/until.js';
import { startWechatPublishingApp, type WechatPublishingApp } from '../../helpers/wechat-publishing-app.js';

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
/** The README's pictures: written when missing or with QIANFA_UPDATE_DOCS=1, so a test run leaves git clean. */
const DOCS_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url));
const updateDocsImage = (name: string) =>
  process.env.QIANFA_UPDATE_DOCS === '1' || !existsSync(`${DOCS_IMAGES}${name}`);
const TITLE = '区图书馆周六举办亲子阅读活动';
const CLEAN = '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。\n\n活动免费，请提前预约。';
const WITH_AD = `${CLEAN}\n\n另有特价奶粉代购，加微信 abc12345 领取优惠券。`;
const SIZES = [
  { name: 'phone', width: 360, height: 640 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/**
 * The editor's pages in a real browser (issue 12, point 2): writing with the live check, the preview, submitting,
 * following the draft to its published link, a rejection's reason and diff, and 撤回.
 */
describe('an editor writing in the browser', () => {
  let app: WechatPublishingApp;
  let browser: ChromiumSession;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    app = await startWechatPublishingApp();
    const weibo = { platform: 'weibo', name: '崇川微博', token: 'tok', link: 'https://www.example.gov.cn/' };
    expect((await as(app.t.app, app.admin).post('/api/orgs/cc/accounts', weibo)).status).toBe(201);
    origin = await app.t.listen();
    browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const logIn = async (who: Auth) => {
    const link = (await as(app.t.app, who).post('/api/me/login-link', {})).body as { url: string };
    await page.goto(link.url);
  };
  const screenshots = async (name: string) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await saveScreenshot(page, `${ARTIFACTS}editor-${name}-${size.name}.png`, true);
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect(width, `${name} at ${size.width}`).toBeLessThanOrEqual(size.width);
    }
  };
  const submitByApi = async (title: string) => {
    const body = { title, body: CLEAN, kind: 'original', targets: ['wechat:崇川发布'] };
    return ((await as(app.t.app, app.drafter).post('/api/drafts', body)).body as { id: string }).id;
  };
  const statusOf = async (id: string) =>
    ((await as(app.t.app, app.drafter).get(`/api/drafts/${id}`)).body as { status: string }).status;

  it('shows an ad as it is typed, clears it once fixed, previews, submits, and links the published article', async () => {
    await logIn(app.drafter);
    await page.getByRole('link', { name: '写稿' }).click();
    await page.fill('#title', TITLE);
    await page.fill('#body', WITH_AD);
    const adMark = page.locator('#live-check mark[data-finding]', { hasText: '加微信' });
    await adMark.first().waitFor();
    expect(await page.textContent('#live-check')).toContain('拦截');
    expect(await page.textContent('#live-summary')).toBe('机审：2 条提示，其中 2 条须修改（已在文中标出）。');
    await screenshots('write-finding');
    if (updateDocsImage('editor-write-desktop.png'))
      await saveScreenshot(page, `${DOCS_IMAGES}editor-write-desktop.png`);

    await page.fill('#body', CLEAN);
    await page.locator('#live-check', { hasText: '机审未发现问题' }).waitFor();
    expect(await adMark.count()).toBe(0);
    expect(await page.textContent('#live-summary')).toBe('机审：未发现问题。');

    await page.check('input[value="wechat:崇川发布"]');
    await page.check('input[value="weibo:崇川微博"]');
    await page.fill('#author', '崇川区融媒体中心');
    await page.click('button[value="preview"]');
    const phone = page.locator('figure.phone');
    expect(await phone.locator('.wx-title').textContent()).toBe(TITLE);
    expect(await phone.locator('.wx-meta').textContent()).toBe('崇川区融媒体中心 崇川发布');
    expect(await phone.locator('.tail').textContent()).toContain('拟稿：张三');
    expect(await phone.locator('.wx-digest').textContent()).toContain('本周六上午九点');
    const weibo = await page.locator('figure.weibo .weibo-text').textContent();
    expect(weibo).toMatch(
      /^【区图书馆周六举办亲子阅读活动】本周六.*拟稿：张三.* https:\/\/www\.example\.gov\.cn\/$/,
    );
    expect(await page.locator('.weibo-count').textContent()).toMatch(/按微博计数 \d+ \/ 140 字/);
    expect(await page.inputValue('#body')).toBe(CLEAN);
    await screenshots('preview');
    if (updateDocsImage('editor-preview-mobile.png')) {
      await page.setViewportSize(SIZES[0]);
      await writeFile(`${DOCS_IMAGES}editor-preview-mobile.png`, await phone.screenshot());
    }

    await page.uncheck('input[value="weibo:崇川微博"]');
    await page.click('button[value="submit"]');
    expect(await page.textContent('body')).toContain('已提交，稿件已进入审签');
    const id = page.url().split('/d/drafts/')[1]!.split('?')[0]!;
    expect(await page.textContent('.summary')).toContain('审核中');
    await screenshots('my-draft');

    await logIn(app.reviewer);
    await page.goto(`${origin}/d/review/${id}`);
    await page.click('button[value="approve"]');
    expect(await page.textContent('body')).toContain('已同意');
    expect((await as(app.t.app, app.editor).post(`/api/drafts/${id}/approve`, { version: 1 })).status).toBe(
      200,
    );
    await until(`draft ${id} published`, async () => (await statusOf(id)) === 'published');

    await logIn(app.drafter);
    await page.getByRole('link', { name: '我的稿件' }).click();
    await page.getByRole('link', { name: new RegExp(TITLE) }).click();
    const link = page.getByRole('link', { name: '查看已发布的文章' });
    expect(await link.getAttribute('href')).toMatch(/^https?:\/\//);
    expect(await page.textContent('.summary')).toContain('已发布');
    await page.goto(`${origin}/d/drafts`);
    await screenshots('my-drafts');
  });

  it('shows why a draft came back and what changed since, then resubmits it as version 2', async () => {
    const id = await submitByApi('关于暂停滨江路停车场收费的通知');
    const comment = '请写明暂停收费的起止日期。';
    expect(
      (await as(app.t.app, app.reviewer).post(`/api/drafts/${id}/reject`, { version: 1, comment })).status,
    ).toBe(200);
    await logIn(app.drafter);
    await page.goto(`${origin}/d/drafts`);
    await page
      .locator('section', { hasText: '已退回' })
      .getByRole('link', { name: /滨江路停车场/ })
      .click();
    expect(await page.textContent('.notice-warning')).toContain(comment);
    await page.getByRole('link', { name: '修改后重新提交' }).click();
    expect(await page.textContent('.notice-warning')).toContain(comment);
    await page.fill('#body', `${CLEAN}\n\n停车场自12月8日起至12月20日暂停收费。`);
    await page.click('button[value="preview"]');
    expect(await page.locator('.diff ins').allTextContents()).toContain(
      '停车场自12月8日起至12月20日暂停收费。',
    );
    expect(await page.textContent('#diff-h')).toContain('1 处改动');
    await screenshots('revise-diff');
    await page.click('button[value="submit"]');
    expect(await page.textContent('.summary')).toContain('第 2 版');
    expect(await statusOf(id)).toBe('in_review');
  });

  it('withdraws a draft nobody has decided yet (撤回)', async () => {
    const id = await submitByApi('周末文化活动预告');
    await logIn(app.drafter);
    await page.goto(`${origin}/d/drafts/${id}`);
    await page.getByRole('button', { name: '撤回' }).click();
    expect(await page.textContent('.summary')).toContain('已撤回');
    expect(await statusOf(id)).toBe('withdrawn');
    expect(await page.getByRole('button', { name: '撤回' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '修改后重新提交' }).count()).toBe(1);
  });

  it('keeps HTML pasted from 135编辑器 as HTML, sanitised as the review page does', async () => {
    await logIn(app.drafter);
    await page.goto(`${origin}/d/write`);
    await page.fill('#title', '秀米排版的活动通知');
    const pasted =
      '<html><body><!--StartFragment--><section style="color:#333"><p>欢迎参加<strong>亲子阅读</strong>活动。</p>' +
      '<img src="https://evil.example/x.png" onerror="window.__pwned=1"><script>window.__pwned=1</script>' +
      '</section><!--EndFragment--></body></html>';
    await page.focus('#body');
    await page.evaluate((markup) => {
      const data = new (
        globalThis as unknown as { DataTransfer: new () => { setData(t: string, v: string): void } }
      ).DataTransfer();
      data.setData('text/html', markup);
      data.setData('text/plain', '欢迎参加亲子阅读活动。');
      const { document, ClipboardEvent } = globalThis as unknown as {
        document: { querySelector(s: string): { dispatchEvent(e: unknown): boolean } };
        ClipboardEvent: new (type: string, init: object) => unknown;
      };
      document
        .querySelector('#body')
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    expect(await page.inputValue('#body')).toMatch(
      /^<section style="color:#333"><p>欢迎参加<strong>亲子阅读<\/strong>/,
    );
    expect(await page.isChecked('input[name="format"][value="html"]')).toBe(true);
    await page.locator('#live-check strong', { hasText: '亲子阅读' }).waitFor();
    expect(await page.locator('#live-check script, #live-check img[src^="https://evil"]').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });

  it('is usable with the keyboard alone, and the browser asks for what is missing in Chinese', async () => {
    await logIn(app.drafter);
    await page.goto(`${origin}/d/write`);
    await page.keyboard.press('Enter');
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 30 && !(await page.locator(`${selector}:focus`).count()); i++)
        await page.keyboard.press('Tab');
      expect(await page.locator(`${selector}:focus`).count(), selector).toBe(1);
    };
    await tabTo('#title');
    await page.keyboard.press('Enter');
    const message = await page.evaluate("document.querySelector('#title').validationMessage");
    expect(message).toBe('请填写“标题”。');
    expect(page.url()).toBe(`${origin}/d/write`);
    await page.keyboard.type('键盘写的稿件');
    await tabTo('#body');
    await page.keyboard.type('本周日上午在市民广场举办无障碍出行宣传活动。');
    await tabTo('button[value="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/d\/drafts\/[^/]+\?submitted=1$/);
    expect(await page.textContent('body')).toContain('已提交');
  });
});
