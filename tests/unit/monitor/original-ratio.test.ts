import { describe, expect, it } from 'vitest';
import { mergePosts, type MonitoredPost, type PostKind } from '../../../src/domain/monitor/monitored-post.js';
import { assessOriginalRatio } from '../../../src/domain/monitor/original-ratio.js';

const RULE = { windowDays: 14, minOriginalPosts: 1, minRatio: 0.3 };
const NOW = new Date('2026-11-20T04:00:00Z');
const posts = (kind: PostKind, count: number, day = '2026-11-18'): MonitoredPost[] =>
  Array.from({ length: count }, () => ({ at: `${day}T02:00:00Z`, kind, via: 'qianfa' as const }));

describe('assessOriginalRatio (seed 000 art. 19)', () => {
  it('passes 3 originals of 10 (30 %) and fails 2 of 10 (M2)', () => {
    const passing = assessOriginalRatio([...posts('original', 3), ...posts('repost', 7)], NOW, RULE);
    expect(passing).toMatchObject({
      total: 10,
      original: 3,
      repost: 7,
      unknown: 0,
      ratio: 0.3,
      verdict: 'pass',
    });
    const failing = assessOriginalRatio([...posts('original', 2), ...posts('repost', 8)], NOW, RULE);
    expect(failing).toMatchObject({ ratio: 0.2, verdict: 'fail' });
  });

  it('shows unknown posts apart and decides only when they cannot change the outcome', () => {
    const open = assessOriginalRatio(
      [...posts('original', 2), ...posts('repost', 6), ...posts('unknown', 2)],
      NOW,
      RULE,
    );
    expect(open).toMatchObject({ total: 10, original: 2, unknown: 2, ratio: 0.25, verdict: 'undetermined' });
    const lost = assessOriginalRatio(
      [...posts('original', 1), ...posts('repost', 8), ...posts('unknown', 1)],
      NOW,
      RULE,
    );
    expect(lost.verdict).toBe('fail');
  });

  it('needs one original in the window and counts only the window (14 days back, today included)', () => {
    const old = posts('original', 5, '2026-11-06');
    expect(assessOriginalRatio([...old, ...posts('repost', 1)], NOW, RULE)).toMatchObject({
      from: '2026-11-07',
      to: '2026-11-20',
      total: 1,
      verdict: 'fail',
    });
    expect(assessOriginalRatio([], NOW, RULE).verdict).toBe('no_posts');
    expect(assessOriginalRatio(posts('original', 1, '2026-11-07'), NOW, RULE).verdict).toBe('pass');
  });
});

describe('mergePosts', () => {
  it('counts a post qianfa made once, as qianfa’s, and keeps the ones made around it', () => {
    const own: MonitoredPost[] = [
      { platformId: 'a1', at: '2026-11-18T02:00:00Z', kind: 'repost', via: 'qianfa' },
    ];
    const listed: MonitoredPost[] = [
      { platformId: 'a1', at: '2026-11-18T02:00:05Z', kind: 'unknown', via: 'platform' },
      { platformId: 'a2', at: '2026-11-19T02:00:00Z', kind: 'unknown', via: 'platform' },
    ];
    expect(mergePosts(own, listed).map((post) => [post.platformId, post.via, post.kind])).toEqual([
      ['a2', 'platform', 'unknown'],
      ['a1', 'qianfa', 'repost'],
    ]);
  });
});
