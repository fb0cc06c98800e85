import { describe, expect, it } from 'vitest';
import { submissionOfForm, EMPTY_FORM } from '../../../src/http/editor-form.js';
import { previewOf } from '../../../src/http/presenters/editor-presenter.js';
import type { DraftContent } from '../../../src/domain/draft-content.js';
import { weiboTextLength } from '../../../src/domain/publishing/weibo-limits.js';
import { sideBySideDiff } from '../../../src/pages/editor-diff.js';
import { renderWritePage } from '../../../src/pages/editor-write-page.js';

const TEMPLATES = {
  original: '拟稿：{drafter}\u3000审核：{reviewer}\u3000审签：{signer}',
  repost: '来源：{source}',
};
const DRAFTER = { drafter: { id: 'p1', name: '张三' }, stages: [] };

describe('the writing form', () => {
  it('becomes the API submission: empty fields left out, Beijing time given its offset, repost fields only for a repost', () => {
    const parsed = submissionOfForm({
      ...EMPTY_FORM,
      title: ' 停水通知 ',
      body: '明天停水。',
      source: '南通日报',
      publish_at: '2026-12-06T08:00',
      targets: ['wechat:崇川发布'],
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        content: {
          title: '停水通知',
          body: '明天停水。',
          format: 'markdown',
          kind: 'original',
          publish_at: '2026-12-06T00:00:00.000Z',
          targets: ['wechat:崇川发布'],
        },
      },
    });
  });

  it("is refused with the API's own Chinese messages, named by field", () => {
    const parsed = submissionOfForm({ ...EMPTY_FORM, body: 'x', kind: 'repost', source_url: 'not a url' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toContain('标题：标题不能为空');
    expect(parsed.errors.some((error) => error.startsWith('原文链接：'))).toBe(true);
  });

  it('keeps every typed value in the page, escaped', () => {
    const values = { ...EMPTY_FORM, title: '"><script>alert(1)</script>', body: '</textarea><b>x</b>' };
    const page = renderWritePage({
      viewerName: '张三',
      nav: { base: '', current: 'write' },
      actionUrl: '/d/write?csrf=t',
      checkUrl: '/d/check?csrf=t',
      scriptUrl: '/d/assets/editor.js',
      values,
      accounts: [],
    });
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('>&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;</textarea>');
    expect(page).not.toContain('<script>alert');
  });
});

describe('the preview', () => {
  const content: DraftContent = {
    title: '区图书馆周六举办亲子阅读活动',
    body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。'.repeat(4),
    format: 'markdown',
    kind: 'original',
    targets: ['wechat:崇川发布', 'weibo:崇川微博', 'weibo:无链接'],
  };
  const accounts = [
    {
      org: 'cc',
      platform: 'weibo' as const,
      name: '崇川微博',
      link: 'https://www.example.gov.cn/',
      createdAt: '',
    },
    { org: 'cc', platform: 'weibo' as const, name: '无链接', createdAt: '' },
  ];

  it('shows the WeChat article with the tail to come, and the Weibo status within 140 with the account link', () => {
    const preview = previewOf(content, DRAFTER, TEMPLATES, accounts);
    expect(preview.wechat).toMatchObject([
      { account: '崇川发布', tail: '拟稿：张三\u3000审核：（待审核）\u3000审签：（待审签）' },
    ]);
    const [post, unlinked] = preview.weibo;
    expect(post?.text).toMatch(
      /^【区图书馆周六举办亲子阅读活动】本周六.*… 拟稿：张三.* https:\/\/www\.example\.gov\.cn\/$/,
    );
    expect(post?.length).toBe(weiboTextLength(post?.text ?? ''));
    expect(post?.length).toBeLessThanOrEqual(140);
    expect(unlinked?.text).toBeUndefined();
    expect(unlinked?.refusal).toContain('安全域名');
  });
});

describe('the changes since the last version', () => {
  it('pairs changed lines side by side and marks what was removed and added', () => {
    const markup = sideBySideDiff(
      { title: '停水通知', body: '明天上午停水。\n请提前储水。' },
      { title: '停水通知', body: '明天下午停水。\n请提前储水。\n咨询电话：12345。' },
    ).toString();
    expect(markup).toContain('2 处改动');
    expect(markup).toContain('<del>上</del>');
    expect(markup).toContain('<ins>下</ins>');
    expect(markup).toMatch(/<td class="gap">（无）<\/td>\s*<td><ins>咨询电话：12345。<\/ins><\/td>/);
  });
});
