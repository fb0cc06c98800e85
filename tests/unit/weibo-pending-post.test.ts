import { describe, expect, it } from 'vitest';
import { weiboDate, weiboPostStateOf } from '../../src/domain/gateway/weibo-pending-post.js';
import type { Publication } from '../../src/domain/publishing/publication.js';
import type { ReviewState } from '../../src/domain/workflow/review-state.js';

const REASONS = {
  blocked: '未通过签发检查',
  rejected: (comment: string | undefined) => `审核退回：${comment ?? ''}`,
  failed: (p: Publication) => `发布失败：${p.failure?.explanation ?? ''}`,
};

function review(status: ReviewState['status']): ReviewState {
  return {
    draft: 'd1',
    org: 'cc',
    drafter: { id: 'u1', name: '王五' },
    version: { number: 1, hash: 'a'.repeat(64), author: { id: 'u1', name: '王五' } },
    grade: 'general',
    checkerGrade: 'general',
    status,
    stages: [],
    reviewRules: [],
    acknowledged: [],
  };
}

function publication(overrides: Partial<Publication>): Publication {
  return {
    target: 'weibo:崇川微博',
    version: 1,
    hash: 'a'.repeat(64),
    status: 'publishing',
    attempts: 1,
    progress: { text: '【通知】正文 https://www.chongchuan.gov.cn/' },
    queuedAt: '2026-12-05T07:00:00.000Z',
    updatedAt: '2026-12-05T07:20:01.000Z',
    ...overrides,
  };
}

describe('where a post taken in by the Weibo gateway stands', () => {
  it('is pending in review, and while signed off but not yet posted', () => {
    expect(weiboPostStateOf(review('in_review'), undefined, REASONS)).toEqual({
      state: 'pending',
      stage: 'in_review',
    });
    expect(weiboPostStateOf(review('approved'), publication({}), REASONS)).toEqual({
      state: 'pending',
      stage: 'publishing',
    });
  });

  it('is the real post once published, dated as Weibo dated it', () => {
    const published = publication({
      status: 'published',
      ids: { post_id: '9007199254740993', created_at: 'Sat Dec 05 15:20:00 +0800 2026' },
    });
    expect(weiboPostStateOf(review('published'), published, REASONS)).toEqual({
      state: 'published',
      post: {
        idstr: '9007199254740993',
        text: '【通知】正文 https://www.chongchuan.gov.cn/',
        createdAt: 'Sat Dec 05 15:20:00 +0800 2026',
      },
    });
  });

  it('dates a post published before created_at was kept by the publication, in Beijing time', () => {
    const published = publication({ status: 'published', ids: { post_id: '5001' } });
    const state = weiboPostStateOf(review('published'), published, REASONS);
    expect(state).toMatchObject({ post: { createdAt: 'Sat Dec 05 15:20:01 +0800 2026' } });
    expect(weiboDate(new Date('2012-10-24T15:49:17Z'))).toBe('Wed Oct 24 23:49:17 +0800 2012');
  });

  it('is refused when the checker blocked it, a reviewer returned it, or Weibo refused it for good', () => {
    expect(weiboPostStateOf(review('blocked'), undefined, REASONS)).toMatchObject({ why: 'blocked' });
    expect(weiboPostStateOf(review('rejected'), undefined, REASONS)).toMatchObject({ why: 'rejected' });
    const failed = publication({
      status: 'failed',
      failure: { platformCode: '20019', explanation: '重复内容' },
    });
    expect(weiboPostStateOf(review('approved'), failed, REASONS)).toEqual({
      state: 'refused',
      why: 'failed',
      reason: '发布失败：重复内容',
    });
  });
});
