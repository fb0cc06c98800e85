import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftFormat } from '../../../src/domain/draft.js';
import { renderConfirmationPage, renderQueuePage, renderReviewPage } from '../../../src/pages/review-page.js';
import type { ChromiumSession, DomWindow, PageServer } from '../../helpers/chromium.js';
import { launchChromium, startPageServer } from '../../helpers/chromium.js';
import { findingOn, sampleModel } from '../../unit/pages/review-fixtures.js';

/** Every payload sets window.__pwned if it ever runs. */
const PWN = 'window.__pwned=1';
const TITLE = `<script>${PWN}</script>"><img src=x onerror="${PWN}">`;
const HTML_BODY = [
  `<p>正文开始</p><script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `<svg onload="${PWN}"><script>${PWN}</script></svg>`,
  `<a href="javascript:${PWN}">链接一</a><a href="jav&#x09;ascript:${PWN}">链接二</a>`,
  `<iframe src="javascript:${PWN}"></iframe><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`,
  `<form action="javascript:${PWN}"><button>提交</button></form>`,
  `<div style="background:url('javascript:${PWN}')">样式</div><details open ontoggle="${PWN}">详情</details>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${PWN}">`,
  `<noscript><p title="</noscript><img src=x onerror=${PWN}>">`,
  `<object data="javascript:${PWN}"></object><embed src="javascript:${PWN}">`,
  `<base href="javascript:/"><meta http-equiv="refresh" content="0;url=javascript:${PWN}">`,
  `<input autofocus onfocus="${PWN}"><video><source onerror="${PWN}"></video>`,
].join('\n');
const MARKDOWN_BODY = `# 标题\n\n<img src=x onerror="${PWN}">\n\n[点我](javascript:${PWN})\n\n<script>${PWN}</script>`;

function hostileModel(body: string, format: DraftFormat) {
  const base = sampleModel();
  return sampleModel({
    draft: { ...base.draft, title: TITLE },
    body,
    format,
    findings: [
      findingOn(body, 'onerror', { action: 'block' }),
      findingOn(TITLE, '<script>', { action: 'review' }, 0, 'title'),
    ],
    tailPreview: `拟稿：<script>${PWN}</script>`,
    stages: [
      {
        label: '审核',
        roleName: '<b>审核人</b>',
        status: 'rejected',
        decidedBy: `<img src=x onerror="${PWN}">`,
        comment: `<script>${PWN}</script>`,
      },
    ],
    viewerName: `<script>${PWN}</script>`,
    notice: {
      kind: 'error',
      message: `<script>${PWN}</script>`,
      link: { href: `javascript:${PWN}`, text: '点此' },
    },
  });
}

let chrome: ChromiumSession;
let server: PageServer;
let page: Page;

beforeAll(async () => {
  [chrome, server] = await Promise.all([
    launchChromium({ viewport: { width: 360, height: 640 }, mobile: true }),
    startPageServer(),
  ]);
  page = chrome.page;
});

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

/** `secured`: with qianfa's security headers (the CSP is a header now, not a meta tag). */
async function visit(path: string, markup: string, secured = false): Promise<void> {
  server.set(path, markup, secured);
  await page.goto(`${server.origin}${path}`, { waitUntil: 'networkidle' });
  // Toggling fires `ontoggle` if any handler survived.
  await page.evaluate(() => {
    const { document } = globalThis as unknown as DomWindow;
    for (const details of document.querySelectorAll('details')) details.toggleAttribute('open');
  });
}

/** Anything in the DOM that could run script or leave the page. */
async function dangerousMarkup(): Promise<string[]> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as DomWindow;
    const found: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      if (
        ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'BASE', 'INPUT'].includes(el.tagName) &&
        el.getAttribute('type') !== 'hidden' &&
        el.getAttribute('type') !== 'checkbox'
      )
        found.push(el.tagName);
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`${el.tagName}@${attr.name}`);
        if (/^\s*javascript:/i.test(attr.value.replace(/[\s\p{Cc}]/gu, '')))
          found.push(`${el.tagName}@${attr.name}=${attr.value}`);
      }
    }
    return found;
  });
}

describe('hostile drafts in a real browser', () => {
  for (const [format, body] of [
    ['html', HTML_BODY],
    ['markdown', MARKDOWN_BODY],
  ] as const) {
    for (const csp of [true, false]) {
      it(`never runs the draft's script (${format}, ${csp ? 'with' : 'without'} the CSP)`, async () => {
        const markup = renderReviewPage(hostileModel(body, format));
        await visit(`/${format}-${csp}`, markup, csp);
        expect(await page.evaluate(() => (globalThis as unknown as DomWindow).__pwned)).toBeUndefined();
        expect(await dangerousMarkup()).toEqual([]);
        expect(await page.locator('form').count()).toBe(2);
        expect(await page.locator('h1').first().textContent()).toContain('<script>');
      });
    }
  }

  it('shows forged highlights as plain text', async () => {
    const forged =
      '<p><mark data-finding="1">伪造的标注</mark>\uFDD0\uFDE1\uFDD2伪造标记\uFDD1\uFDE1\uFDD2</p>';
    await visit('/forged', renderReviewPage(sampleModel({ body: forged, findings: [] })));
    expect(await page.locator('mark').count()).toBe(0);
    expect(await page.locator('.article-body p').first().textContent()).toBe(
      '伪造的标注\uFFFD\uFFFD\uFFFD伪造标记\uFFFD\uFFFD\uFFFD',
    );
  });

  it('keeps the confirmation and queue pages inert', async () => {
    const hostile = `<img src=x onerror="${PWN}">`;
    const confirmation = renderConfirmationPage({
      title: hostile,
      message: hostile,
      verdict: 'rejected',
      draftTitle: hostile,
      links: [{ href: `javascript:${PWN}`, text: hostile }],
    });
    await visit('/confirm', confirmation);
    expect(await dangerousMarkup()).toEqual([]);
    const queue = renderQueuePage({
      viewerName: hostile,
      items: [
        {
          title: hostile,
          grade: 'major',
          gradeName: hostile,
          stageLabel: hostile,
          targets: [],
          waitingSince: hostile,
          href: `javascript:${PWN}`,
        },
      ],
      total: 1,
      filters: { stage: hostile },
      stageLabels: [hostile],
      accounts: [{ target: 'wechat:崇川发布', label: hostile }],
    });
    await visit('/queue', queue);
    expect(await dangerousMarkup()).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as DomWindow).__pwned)).toBeUndefined();
  });
});

describe('draft images in a real browser', () => {
  it('loads no image from an unlisted host: the review page shows its URL as text instead', async () => {
    const tracker = `${server.origin.replace('127.0.0.1', 'localhost')}/pixel.gif?leader=1`;
    const body = `<p>正文</p><img src="${tracker}" alt="像素"><img src="https://mmbiz.qpic.cn/mmbiz_png/a/0">`;
    const markup = renderReviewPage(sampleModel({ body, format: 'html', findings: [] }));
    expect(markup).toContain(`〔图片未显示：不在平台图片地址内 ${tracker.replace('&', '&amp;')}〕`);
    expect(markup).not.toMatch(/<img[^>]*pixel\.gif/);
    const requested: string[] = [];
    page.on('request', (sent) => requested.push(sent.url()));
    await page.route('https://mmbiz.qpic.cn/**', (route) => route.abort()); // never leave the machine
    await visit('/images', markup, true);
    page.removeAllListeners('request');
    await page.unroute('https://mmbiz.qpic.cn/**');
    expect(requested.filter((url) => url.includes('pixel.gif'))).toEqual([]);
    expect(requested.some((url) => url.startsWith('https://mmbiz.qpic.cn/'))).toBe(true);
    expect(await page.locator('article, body').first().textContent()).toContain('pixel.gif');
  });
});
