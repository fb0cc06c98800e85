import { describe, expect, it } from 'vitest';
import { articleOrigin, nextWatermark, type CoverUse } from '../../../src/domain/publishing/bypass-scan.js';

const cover = (status: CoverUse['status'], articleId?: string): CoverUse => ({
  draft: 'd1',
  version: 2,
  status,
  ...(articleId ? { articleId } : {}),
});

describe('articleOrigin', () => {
  it('is ours when qianfa recorded the article id, or its cover became this article', () => {
    expect(articleOrigin('a1', { ours: true, covers: [] })).toEqual({ kind: 'ours' });
    expect(articleOrigin('a1', { ours: false, covers: [cover('published', 'a1')] })).toEqual({
      kind: 'ours',
    });
  });

  it('is pending while the publication its cover was made for has not settled', () => {
    for (const status of ['queued', 'publishing'] as const) {
      expect(articleOrigin('a1', { ours: false, covers: [undefined, cover(status)] })).toEqual({
        kind: 'pending',
        coverOf: { draft: 'd1', version: 2 },
      });
    }
  });

  it('is foreign with no known cover, or a cover whose publication settled otherwise', () => {
    expect(articleOrigin('a1', { ours: false, covers: [] })).toEqual({ kind: 'foreign' });
    expect(articleOrigin('a1', { ours: false, covers: [undefined] })).toEqual({ kind: 'foreign' });
    for (const settled of [cover('published', 'a0'), cover('failed'), cover('cancelled')]) {
      expect(articleOrigin('a1', { ours: false, covers: [settled] })).toEqual({
        kind: 'foreign',
        coverOf: { draft: 'd1', version: 2 },
      });
    }
  });
});

describe('nextWatermark', () => {
  it('stays put when nothing was seen', () => {
    expect(nextWatermark(1_000, [])).toBe(1_000);
  });

  it('moves to the newest update_time less the skew, never backwards', () => {
    const seen = [
      { updateTime: 5_000, pending: false },
      { updateTime: 4_000, pending: false },
    ];
    expect(nextWatermark(1_000, seen, 120)).toBe(4_880);
    expect(nextWatermark(4_950, seen, 120)).toBe(4_950);
  });

  it('holds at the oldest pending article, so a later scan decides it', () => {
    const seen = [
      { updateTime: 5_000, pending: false },
      { updateTime: 3_000, pending: true },
      { updateTime: 2_000, pending: true },
    ];
    expect(nextWatermark(1_000, seen, 120)).toBe(2_000);
    expect(nextWatermark(1_000, [{ updateTime: 5_000, pending: true }], 120)).toBe(4_880);
  });
});
