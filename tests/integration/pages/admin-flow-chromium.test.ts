import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, type ChromiumSession } from '../../helpers/chromium.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
/** General drafts get a 复核 stage by the deputy between 审核 and 审签. */
const WITH_CHECK = `chains:
  general:
    - { id: review, role: reviewer, label: 审核 }
    - { id: check, role: deputy, label: 复核 }
    - { id: sign, role: editor, label: 审签 }
`;
const SIZES = [
  { name: 'phone', viewport: { width: 360, height: 640 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
] as const;

/**
 * Issue 12's test: an admin disables a person on the admin's page in a real browser, and at once that person's
 * open desk session (in their own browser), unused login link and review link stop working. Screenshots of
 * the admin's pages at phone and desktop size. And the workflow edited on its page (校验, 保存, 恢复默认).
 */
describe("the admin's pages in Chromium", () => {
  let t: ReviewApp;
  let origin: string;
  let adminBrowser: ChromiumSession;
  let theirBrowser: ChromiumSession;
  let admin: Auth;
  let reviewer: Auth;
  let drafter: Auth;

  beforeAll(async () => {
    t = await startReviewApp();
    origin = await t.listen();
    admin = await t.person('管理员', ['admin']);
    reviewer = await t.person('李四', ['reviewer']);
    drafter = await t.person('张三', ['drafter']);
    adminBrowser = await launchChromium({ viewport: SIZES[1].viewport });
    theirBrowser = await launchChromium({ viewport: SIZES[0].viewport, mobile: true });
  }, 60_000);

  afterAll(async () => {
    await adminBrowser?.close();
    await theirBrowser?.close();
    await t?.close();
  });

  const logInBy = async (page: Page, who: Auth) => {
    const link = (await as(t.app, who).post('/api/me/login-link', {})).body as { url: string };
    await page.goto(link.url);
  };
  const personOf = async (who: Auth) => (await t.people.getPerson(who.id))!;

  it('disables a person: their open session, login link and review link stop at once', async () => {
    const theirs = theirBrowser.page;
    await logInBy(theirs, reviewer);
    expect(new URL(theirs.url()).pathname).toBe('/d/queue');
    const loginLink = `${origin}${t.desk.loginPath(await personOf(reviewer))}`;
    const id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
    const found = await t.review.get(await personOf(reviewer), id);
    if (!found.ok) throw new Error('draft not readable');
    const reviewLink = t.links.issue(await personOf(reviewer), found.value).url;

    const page = adminBrowser.page;
    await logInBy(page, admin);
    await page.getByRole('link', { name: '管理' }).click();
    await page.getByRole('navigation', { name: '单位cc · 管理' }).getByRole('link', { name: '人员' }).click();
    await page.getByRole('link', { name: '李四' }).click();
    expect(await page.getByRole('heading', { name: '登录会话（1）' }).isVisible()).toBe(true);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '停用此人' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain('已停用');

    expect((await theirs.reload())?.status()).toBe(401);
    expect((await theirs.goto(loginLink))?.status()).toBe(401);
    const review = await theirs.goto(reviewLink);
    expect(review?.status()).toBe(410);
    expect(await theirs.textContent('body')).toContain('链接已失效');
  });

  it('shows each admin page at phone and desktop size', async () => {
    const page = adminBrowser.page;
    await t.alerts.raise({
      org: 'cc',
      kind: 'publish_failed',
      message: '发布失败：微信拒绝了该文章（内容违规）',
      at: new Date().toISOString(),
      target: 'wechat:崇川发布',
    });
    const pages = ['people', 'audit', 'alerts', 'accounts', 'gateway', 'workflow'];
    for (const size of SIZES) {
      await page.setViewportSize(size.viewport);
      for (const section of pages) {
        const answer = await page.goto(`${origin}/d/admin/org/cc/${section}`);
        expect([section, answer?.status()]).toEqual([section, 200]);
        await saveScreenshot(page, `${ARTIFACTS}admin-${section}-${size.name}.png`, true);
      }
    }
    await page.goto(`${origin}/d/admin/org/cc/audit`);
    expect(await page.textContent('main')).toContain('停用人员');
  });

  it('edits the workflow: 校验 shows the error beside the text, fixed and saved, the next draft follows it', async () => {
    const page = adminBrowser.page;
    await page.setViewportSize(SIZES[1].viewport);
    await logInBy(page, admin);
    await page.goto(`${origin}/d/admin/org/cc/workflow`);
    const box = page.getByLabel('审签流程', { exact: true });
    await box.fill(WITH_CHECK.replace('role: deputy', 'role: admin'));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '校验' }).click()]);
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain('cc.yaml#chains.general[1].role: 未知或不可审签的角色');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await box.inputValue()).toContain('role: admin');

    await box.fill(WITH_CHECK);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '保存' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('已保存为第 1 版');
    expect(await page.textContent('main')).toContain('复核：分管领导');
    await saveScreenshot(page, `${ARTIFACTS}admin-workflow-saved-desktop.png`, true);
    const draft = (await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { stages: { id: string }[] };
    expect(draft.stages.map((stage) => stage.id)).toEqual(['review', 'check', 'sign']);

    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: '恢复默认审签流程' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toContain('已恢复默认流程');
  });
});
