import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../src/domain/checks/finding.js';
import type { DraftContent } from '../../../src/domain/draft-content.js';
import type { DraftFormat } from '../../../src/domain/draft.js';
import { articleHtml, plainTextOf, truncate } from '../../../src/domain/publishing/article-html.js';
import { withPlatformLimits } from '../../../src/domain/publishing/platform-limits-check.js';
import { publicationJobId } from '../../../src/domain/publishing/publication.js';
import { weiboTextLength } from '../../../src/domain/publishing/weibo-limits.js';
import { composeWeiboText } from '../../../src/domain/publishing/weibo-text.js';

const CLEAN: CheckReport = { blocked: false, grade: 'general', findings: [] };
const content = (overrides: Partial<DraftContent>): DraftContent => ({
  title: '亲子阅读活动通知',
  body: '本周六举办亲子阅读活动。',
  targets: [],
  ...overrides,
});

describe('articleHtml', () => {
  it('keeps HTML, renders Markdown and turns text lines into escaped paragraphs', () => {
    expect(articleHtml('<p>一</p>', 'html')).toBe('<p>一</p>');
    expect(articleHtml('# 标题\n\n**重点**', 'markdown')).toBe(
      '<h1>标题</h1>\n<p><strong>重点</strong></p>\n',
    );
    expect(articleHtml('第一段 <b>\n\n第二段', 'text')).toBe('<p>第一段 &lt;b&gt;</p>\n<p>第二段</p>');
  });

  it('reads the words back out and cuts them with an ellipsis', () => {
    expect(plainTextOf('<p>甲&amp;乙</p>\n<p>丙</p><script>x()</script>')).toBe('甲&乙 丙');
    expect(truncate('一二三四五', 3)).toBe('一二…');
    expect(truncate('一二三', 3)).toBe('一二三');
  });
});

describe('composeWeiboText', () => {
  const link = 'https://mp.weixin.qq.com/s/abcdefghijklmnopqrstuv';

  it('fits title, summary and link into 140, cutting only the summary', () => {
    const text = composeWeiboText('通知', '字'.repeat(300), link);
    expect(text).toMatch(/^【通知】字+… https:\/\/mp\.weixin\.qq\.com\/s\/\w+$/);
    expect(weiboTextLength(text!)).toBeLessThanOrEqual(140);
    expect(weiboTextLength(text!)).toBeGreaterThan(130);
    expect(composeWeiboText('通知', '短摘要', link)).toBe(`【通知】短摘要 ${link}`);
  });

  it('gives up when the title and link alone are too long', () => {
    expect(composeWeiboText('长'.repeat(130), '摘要', link)).toBeUndefined();
  });
});

describe('withPlatformLimits', () => {
  it('blocks a WeChat title over 32 characters, pointing at the excess', () => {
    const title = '长'.repeat(34);
    const report = withPlatformLimits(CLEAN, content({ title, targets: ['wechat:崇川发布'] }));
    expect(report.blocked).toBe(true);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'platform:wechat-title',
        field: 'title',
        start: 32,
        end: 34,
        action: 'block',
      }),
    ]);
  });

  it('blocks a WeChat body over 19,999 characters and a title Weibo cannot carry', () => {
    const wechat = withPlatformLimits(CLEAN, content({ body: '字'.repeat(20_000), targets: ['wechat:甲'] }));
    expect(wechat.findings.map((f) => f.rule)).toEqual(['platform:wechat-content']);
    const weibo = withPlatformLimits(CLEAN, content({ title: '长'.repeat(130), targets: ['weibo:乙'] }));
    expect(weibo.findings.map((f) => f.rule)).toEqual(['platform:weibo-title']);
  });

  it('counts the WeChat body as the article shows it, not its markup or blank lines', () => {
    const rules = (body: string, format: DraftFormat) =>
      withPlatformLimits(CLEAN, content({ body, format, targets: ['wechat:甲'] })).findings.map(
        (f) => f.rule,
      );
    // 20,000 units, but 19,999 characters once the lines are paragraphs: markup and blank lines do not count.
    expect(rules('字\n'.repeat(10_000), 'text')).toEqual([]);
    expect(rules('字\n'.repeat(10_001), 'text')).toEqual(['platform:wechat-content']);
    expect(rules(`<p>${'字'.repeat(19_999)}</p>`, 'html')).toEqual([]);
    expect(rules(`<p>${'字'.repeat(20_000)}</p>`, 'html')).toEqual(['platform:wechat-content']);
    expect(rules(`1. ${'字'.repeat(20_000)}`, 'markdown')).toEqual(['platform:wechat-content']);
  });

  it('leaves a report alone when nothing breaks a limit, or there are no targets', () => {
    expect(withPlatformLimits(CLEAN, content({ targets: ['wechat:甲', 'weibo:乙'] }))).toBe(CLEAN);
    expect(withPlatformLimits(CLEAN, content({ title: '长'.repeat(40) }))).toBe(CLEAN);
  });
});

describe('publicationJobId', () => {
  const job = { draft: 'd1', version: 2, target: 'wechat:崇川发布' as const };
  it('is the same for the same draft, version and target, never contains a colon, and tells targets apart', () => {
    const id = publicationJobId(job);
    expect(id).toBe(publicationJobId({ ...job }));
    expect(id).not.toContain(':');
    expect(id).not.toBe(publicationJobId({ ...job, target: 'weibo:崇川发布' }));
    expect(id).not.toBe(publicationJobId({ ...job, version: 3 }));
  });

  it('gives each retry round a job of its own, and the first round the id it always had', () => {
    expect(publicationJobId({ ...job, round: 0 })).toBe(publicationJobId(job));
    expect(publicationJobId({ ...job, round: 1 })).not.toBe(publicationJobId(job));
    expect(publicationJobId({ ...job, round: 2 })).not.toBe(publicationJobId({ ...job, round: 1 }));
  });
});
