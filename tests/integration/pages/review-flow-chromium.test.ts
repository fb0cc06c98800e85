import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWecomServer } from '../../fakes/fake-wecom-server.js';
import { launchChromium, saveScreenshot, type ChromiumSession } from '../../helpers/chromium.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { until } from '../../helpers/until.js';

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const WECOM = { corpid: 'ww0123456789abcdef', corpsecret: 'wecom-app-secret', agentid: 1000002 };
/** A draft with a finding the reviewer must acknowledge (first-person opinion). */
const DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。我觉得这次活动很有意义。',
  kind: 'original',
};
const HOUR = 3_600_000;

/**
 * The whole phone flow in a real browser: the link arrives in a (fake) WeCom message, the leader sees the article
 * with the tail and the findings marked, and decides; expired, replayed and stale links explain themselves.
 */
describe('deciding on a phone from a WeCom message', () => {
  let t: ReviewApp;
  let wecom: FakeWecomServer;
  let browser: ChromiumSession;
  let page: Page;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;

  beforeAll(async () => {
    wecom = await new FakeWecomServer({ apps: [{ ...WECOM, members: ['lisi', 'wangwu'] }] }).start();
    t = await startReviewApp(
      {},
      {
        wecomApiBase: wecom.baseUrl,
        wecom: { corpid: WECOM.corpid, secret: WECOM.corpsecret, agentid: WECOM.agentid },
      },
    );
    await t.listen();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('王五', ['editor']);
    await as(t.app, reviewer).put('/api/me/channels', { wecom: { user_id: 'lisi' } });
    await as(t.app, editor).put('/api/me/channels', { wecom: { user_id: 'wangwu' } });
    await t.startWorker();
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
    await wecom?.close();
  });

  const submit = async (body: object = DRAFT) =>
    ((await as(t.app, drafter).post('/api/drafts', body)).body as { id: string }).id;
  const cardFor = (userId: string, title: string) =>
    until(`the card to ${userId}`, () =>
      wecom.messages().find((m) => m.to.includes(userId) && m.title === title),
    );

  it('approves from the link in the message, after seeing the tail and ticking the marked finding', async () => {
    await submit();
    const card = await cardFor('lisi', '待审签：亲子阅读活动通知');
    await page.goto(card.url);
    expect(await page.textContent('h1')).toContain('亲子阅读活动通知');
    expect((await page.textContent('.tail-preview')) ?? '').toContain(
      '拟稿：张三　审核：李四　审签：（待审签）',
    );
    expect(await page.locator('mark[data-finding]').count()).toBeGreaterThan(0);
    await saveScreenshot(page, `${ARTIFACTS}flow-review-link.png`, true);
    await page.check('input[name="acknowledged"]');
    await page.click('button[value="approve"]');
    expect(await page.textContent('body')).toContain('已同意');
    await saveScreenshot(page, `${ARTIFACTS}flow-approved.png`);

    await page.goto(card.url);
    expect(await page.textContent('body')).toContain('链接已使用');
  });

  it('rejects with a reason, which the browser insists on', async () => {
    const card = await cardFor('wangwu', '待审签：亲子阅读活动通知');
    await page.goto(card.url);
    await page.click('button[value="reject"]');
    expect(page.url()).toBe(card.url);
    // forms.js names the field in Chinese, whatever the browser's language (its own text would be 请填写此字段。).
    expect(await page.evaluate("document.querySelector('#comment').validationMessage")).toBe(
      '请填写“退回意见”。',
    );
    await page.fill('textarea[name="comment"]', '请删去最后一句个人情绪化表达。');
    await page.click('button[value="reject"]');
    expect(await page.textContent('body')).toContain('已退回');
    await saveScreenshot(page, `${ARTIFACTS}flow-rejected.png`);
  });

  it('explains an expired link, and a link to a version that has changed', async () => {
    const id = await submit({ ...DRAFT, title: '第二份通知', body: '本周日举办亲子阅读活动。' });
    const card = await cardFor('lisi', '待审签：第二份通知');
    await as(t.app, drafter).put(`/api/drafts/${id}`, {
      ...DRAFT,
      title: '第二份通知',
      body: '本周日下午举办亲子阅读活动。',
      base_version: 1,
    });
    await page.goto(card.url);
    expect(await page.textContent('body')).toContain('稿件已修改');
    await saveScreenshot(page, `${ARTIFACTS}flow-stale.png`);
    await page.click('text=查看并处理最新版本');
    expect(await page.textContent('body')).toContain('本周日下午举办亲子阅读活动');

    t.advanceClock(25 * HOUR);
    await page.goto(card.url);
    expect(await page.textContent('body')).toContain('链接已过期');
    await saveScreenshot(page, `${ARTIFACTS}flow-expired.png`);
  });
});
