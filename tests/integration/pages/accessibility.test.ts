import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../../helpers/axe.js';
import { fileURLToPath } from 'node:url';
import { launchChromium, saveScreenshot, type ChromiumSession } from '../../helpers/chromium.js';
import { DETAILS } from '../../helpers/register-api.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

/** A draft with a finding the reviewer must acknowledge (first-person opinion), so marks are on the page. */
const DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。我觉得这次活动很有意义。',
  kind: 'original',
};
const AD = '本周六举办亲子阅读活动。\n\n另有特价奶粉代购，加微信 abc12345 领取优惠券。';
const SIZES = [
  { width: 360, height: 640 },
  { width: 1280, height: 800 },
] as const;
const HOUR = 3_600_000;
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
/** Moderate rules the pages once broke and now keep: one h1 a page, headings without skipped levels. */
const HEADINGS = ['page-has-heading-one', 'heading-order'];

/**
 * Every people-facing page scanned by axe-core at a phone's and a desktop's size (issue 12's tests: no serious
 * or critical violation): the review link's pages, the desk's login, queue, review and sessions, the editor's.
 */
describe('accessibility of every page (axe-core)', () => {
  let t: ReviewApp;
  let origin: string;
  let browser: ChromiumSession;
  let page: Page;
  let drafter: Auth;
  let reviewer: Auth;

  beforeAll(async () => {
    t = await startReviewApp();
    origin = await t.listen();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    await t.person('王五', ['editor']);
    browser = await launchChromium({ viewport: SIZES[0] });
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Scans the page as it stands at both sizes; `what` names it in a failure. With `shot`, each size is also
   * kept as tests/artifacts/desk-<shot>-<width>.png (the README's pictures are chosen from these).
   */
  const scan = async (what: string, shot?: string) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect
        .soft(await seriousViolations(page, HEADINGS), `${what} at ${size.width}×${size.height}`)
        .toEqual([]);
      if (shot) await saveScreenshot(page, `${ARTIFACTS}desk-${shot}-${size.width}.png`, true);
    }
  };
  const visit = async (path: string, what: string, shot?: string) => {
    await page.goto(`${origin}${path}`);
    await scan(what, shot);
  };
  const logIn = async (who: Auth) => {
    const link = (await as(t.app, who).post('/api/me/login-link', {})).body as { url: string };
    await page.goto(link.url);
  };
  const submit = async (draft: object = DRAFT) =>
    ((await as(t.app, drafter).post('/api/drafts', draft)).body as { id: string }).id;
  const reviewLinkFor = async (who: Auth, id: string) => {
    const person = (await t.people.getPerson(who.id))!;
    const found = await t.review.get(person, id);
    if (!found.ok) throw new Error(`draft ${id} not readable`);
    return t.links.issue(person, found.value).url;
  };

  it('finds what it looks for: an unnamed button, an image without text, no lang', async () => {
    await page.setContent('<!doctype html><title>x</title><main><button></button><img src="x.png"></main>');
    const found = (await seriousViolations(page)).map((violation) => violation.id);
    expect(found.sort()).toEqual(['button-name', 'html-has-lang', 'image-alt']);
  });

  it('the desk: login, queue, review page (and its changes since last seen), sessions and 已处理', async () => {
    await visit('/d/login', 'login page');
    const id = await submit();
    await logIn(reviewer);
    await visit('/d/queue', 'queue', 'queue');
    await visit(`/d/review/${id}`, 'desk review page');
    const revised = { ...DRAFT, body: DRAFT.body.replace('九点', '十点'), base_version: 1 };
    expect((await as(t.app, drafter).put(`/api/drafts/${id}`, revised)).status).toBe(200);
    await visit(`/d/review/${id}`, 'desk review page with the changes since last seen', 'review-changes');
    expect(await page.textContent('#diff-h')).toBe('与您上次看到的第 1 版相比：1 处改动');
    expect(await page.textContent('.diff del')).toBe('九');
    await visit('/d/sessions', 'sessions page');
    const comment = '请补充活动地点。';
    await as(t.app, reviewer).post(`/api/drafts/${id}/reject`, { version: 2, comment });
    await visit('/d/history', 'history (已处理)', 'history');
    expect(await page.textContent('main')).toContain('我的意见：退回');
  });

  it("a review link's pages: pending, the confirmation, decided, invalid and expired", async () => {
    const id = await submit({ ...DRAFT, title: '第二份通知' });
    const url = await reviewLinkFor(reviewer, id);
    const later = await reviewLinkFor(reviewer, await submit({ ...DRAFT, title: '第三份通知' }));
    await page.goto(url);
    await scan('review link, pending');
    await page.check('input[name="acknowledged"]');
    await page.click('button[value="approve"]');
    expect(await page.textContent('body')).toContain('已同意');
    await scan('confirmation page');
    await page.goto(url);
    expect(await page.textContent('body')).toContain('链接已使用');
    await scan('review link, decided');
    await page.goto(`${url.slice(0, -3)}${url.endsWith('AAA') ? 'BBB' : 'AAA'}`);
    await scan('review link, invalid');
    t.advanceClock(25 * HOUR);
    await page.goto(later);
    expect(await page.textContent('body')).toContain('链接已过期');
    await scan('review link, expired');
  });

  it("the editor's pages: my drafts, writing with a finding, the preview, a rejected draft and its revision", async () => {
    const id = await submit({ ...DRAFT, title: '关于暂停滨江路停车场收费的通知' });
    const comment = '请写明暂停收费的起止日期。';
    expect((await as(t.app, reviewer).post(`/api/drafts/${id}/reject`, { version: 1, comment })).status).toBe(
      200,
    );
    await logIn(drafter);
    await visit('/d/drafts', 'my drafts');
    await visit('/d/write', 'writing page');
    await page.fill('#title', '区图书馆周六举办亲子阅读活动');
    await page.fill('#body', AD);
    await page.locator('#live-check mark[data-finding]').first().waitFor();
    await scan('writing page with findings');
    await page.click('button[value="preview"]');
    await page.locator('figure.phone').waitFor();
    await scan('preview');
    await visit(`/d/drafts/${id}`, 'rejected draft');
    await visit(`/d/drafts/${id}/edit`, 'revision form');
  });

  // The admin's pages (issue 12 point 4).
  it("the admin's pages: home, people, a person, audit, alerts, accounts, gateway, workflow, organisations", async () => {
    const admin = await t.person('管理员', ['admin', 'installation_admin']);
    const at = new Date().toISOString();
    await t.alerts.raise({ org: 'cc', kind: 'publish_failed', message: '发布失败：微信拒绝了该文章', at });
    await logIn(admin);
    await visit('/d/admin', 'admin home');
    await visit('/d/admin/org/cc/people', 'people');
    await visit(`/d/admin/org/cc/people/${encodeURIComponent('李四')}`, 'a person');
    await visit('/d/admin/org/cc/audit', 'audit trail');
    await visit('/d/admin/org/cc/audit/verify', 'audit trail verified');
    await visit('/d/admin/org/cc/alerts', 'alerts');
    await visit('/d/admin/org/cc/accounts', 'accounts');
    await visit('/d/admin/org/cc/gateway', 'gateway credentials');
    await visit('/d/admin/org/cc/workflow', 'workflow');
    await visit('/d/admin/orgs', 'organisations');
  });

  // The account register (issue 13 point 1): an entry in sign-off, and the request forms.
  it('the register: 账号台账, the opening, change and closure forms', async () => {
    const filer = await t.person('台账管理员', ['admin', 'drafter']);
    const opened = await as(t.app, filer).post('/api/orgs/cc/register', {
      platform: 'wechat',
      name: '崇川发布',
      details: DETAILS,
      reason: '按上级要求开设',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await logIn(filer);
    await visit('/d/admin/org/cc/register', 'register', 'register');
    await visit('/d/admin/org/cc/register/open', 'register: opening form');
    const entry = `/d/admin/org/cc/register/wechat/${encodeURIComponent('崇川发布')}`;
    await visit(`${entry}/change`, 'register: change form');
    await visit(`${entry}/closure`, 'register: closure form');
  });
});
