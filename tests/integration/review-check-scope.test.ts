import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckScope } from '../../src/domain/checks/check-scope.js';
import type { DraftContent } from '../../src/domain/draft-content.js';
import type { Draft } from '../../src/domain/draft.js';
import type { DraftChecker } from '../../src/services/draft-checker.js';
import { as, packageReviewData, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';

const NOTICE = { title: '停水通知', body: '明天上午九点至十二点，滨江路一带停水。', kind: 'original' };

describe('what the review service hands its checker', () => {
  const seen: {
    draft: Draft | DraftContent;
    scope: CheckScope | undefined;
    signal: AbortSignal | undefined;
  }[] = [];
  let t: ReviewApp;
  let drafter: Auth;

  beforeAll(async () => {
    const { checker } = await packageReviewData();
    const recording: DraftChecker = {
      check: (draft, scope, signal) => {
        seen.push({ draft, scope, signal });
        return checker.check(draft, scope, signal);
      },
      close: () => Promise.resolve(),
    };
    t = await startReviewApp({}, {}, {}, recording);
    drafter = await t.person('王五', ['drafter']);
  });

  afterAll(() => t.close());

  it('dates the check by the day in Asia/Shanghai, and passes the request’s abort signal', async () => {
    // 16:00:30 UTC on 3 December is already 00:00:30 on 4 December in Shanghai.
    t.advanceClock(Date.parse('2026-12-03T16:00:30Z') - Date.now());
    const created = await as(t.app, drafter).post('/api/drafts', NOTICE);
    expect(created.status).toBe(201);
    const revised = await as(t.app, drafter).put(`/api/drafts/${(created.body as { id: string }).id}`, {
      ...NOTICE,
      body: `${NOTICE.body}请提前储水。`,
      base_version: 1,
    });
    expect(revised.status).toBe(200);
    expect(seen.map(({ draft, scope }) => [draft.body.slice(-5), scope])).toEqual([
      [NOTICE.body.slice(-5), { date: '2026-12-04', allow: [], sources: [] }],
      ['提前储水。', { date: '2026-12-04', allow: [], sources: [] }],
    ]);
    expect(seen.every(({ signal }) => signal instanceof AbortSignal && !signal.aborted)).toBe(true);
  });
});
