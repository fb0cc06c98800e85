import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/checks/finding.js';
import { numberFindings } from '../../../src/pages/numbered-findings.js';
import type { ReviewPageModel } from '../../../src/pages/review-page-model.js';
import { renderReviewPage } from '../../../src/pages/review-page.js';
import type { ChromiumSession, PageServer } from '../../helpers/chromium.js';
import { launchChromium, markedTextOf, saveScreenshot, startPageServer } from '../../helpers/chromium.js';
import { findingOn, sampleModel } from '../../unit/pages/review-fixtures.js';

const ARTIFACTS = join(import.meta.dirname, '../../artifacts');

let chrome: ChromiumSession;
let server: PageServer;
let page: Page;

beforeAll(async () => {
  [chrome, server] = await Promise.all([
    launchChromium({ viewport: { width: 360, height: 640 }, mobile: true, deviceScaleFactor: 2 }),
    startPageServer(),
  ]);
  page = chrome.page;
});

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

const markedText = (n: number): Promise<string> => markedTextOf(page, n);

describe('review page of a blocked repost', () => {
  const body =
    '转发国务院办公厅通知。\n\n报名请联系王老师，电话13912345678。\n\n严禁传播澳门赌博等违法信息。';

  it('explains why it cannot be approved, offers no decision and keeps numbers with their marks', async () => {
    const { decision: _none, ...base } = sampleModel();
    const model = {
      ...base,
      draft: {
        ...base.draft,
        title: '转发：国务院办公厅关于开展全民阅读活动的通知',
        status: 'blocked',
        grade: 'major',
        kind: 'repost',
        source: '中国政府网',
      },
      body,
      format: 'text',
      findings: [
        findingOn(body, '13912345678', {
          action: 'block',
          rule: 'privacy:mobile',
          message: '个人手机号码须去标识化，请遮盖为「139****5678」',
          suggestion: '139****5678',
        }),
        findingOn(body, '澳门赌博', {
          action: 'block',
          rule: 'wordlist:gambling',
          message: '含赌博、博彩内容「澳门赌博」，不得发布',
        }),
      ],
      tailPreview: '来源：中国政府网\u3000审核：（待审核）',
      stages: [
        { label: '审核', roleName: '审核人', status: 'waiting' },
        { label: '复核', roleName: '分管领导', status: 'pending' },
        { label: '审签', roleName: '主要负责人', status: 'pending' },
      ],
      notice: { kind: 'error', message: '稿件有机审拦截项，不能批准。请退回拟稿人修改后提交新版本。' },
    } satisfies ReviewPageModel;
    server.set('/blocked', renderReviewPage(model));
    await page.goto(`${server.origin}/blocked`);
    expect(await page.getByRole('alert').textContent()).toContain('不能批准');
    expect(await page.locator('form').count()).toBe(0);
    expect(await markedText(1)).toBe('13912345678');
    const badge = await page.locator('#at-1').boundingBox();
    const mark = await page.locator('mark[data-finding~="1"]').first().boundingBox();
    expect(Math.abs((badge?.y ?? 0) - (mark?.y ?? 100))).toBeLessThan(12);
    await saveScreenshot(page, join(ARTIFACTS, 'review-page-mobile-blocked.png'));
  });
});

describe('review page with findings from other formats', () => {
  const cases: { format: 'text' | 'markdown'; body: string; texts: string[] }[] = [
    {
      format: 'text',
      body: '第一段，区长李明出席。\n\n  第二段：我觉得很好！！！',
      texts: ['区长', '我觉得', '！！！'],
    },
    {
      format: 'markdown',
      body: '## 小标题\n\n区长李明**出席**活动。\n\n- 我觉得很好\n- [链接](https://example.com/x)',
      texts: ['区长', '我觉得', 'https://example.com/x'],
    },
  ];
  for (const { format, body, texts } of cases) {
    it(`marks ${format} bodies in place`, async () => {
      const findings: Finding[] = texts.map((text) => {
        const start = body.indexOf(text);
        return {
          rule: `r:${text}`,
          category: 'wording',
          action: 'review',
          field: 'body',
          start,
          end: start + text.length,
          text,
          message: `提示${text}`,
        };
      });
      server.set(`/${format}`, renderReviewPage(sampleModel({ body, format, findings })));
      await page.goto(`${server.origin}/${format}`);
      const numbered = numberFindings(findings);
      for (const { n, finding } of numbered) {
        const expected = format === 'markdown' && finding.text.startsWith('https:') ? '' : finding.text;
        expect(await markedText(n)).toBe(expected);
      }
    });
  }
});
