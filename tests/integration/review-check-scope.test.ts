import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

/** 南通日报 is traceable but not on the shipped list: unlisted (R24) until the organisation adds it. */
const REPOST = {
  title: '【转载】全市秋粮收购工作有序推进',
  body: '全市秋粮收购工作有序推进。',
  kind: 'repost',
  source: '南通日报',
  source_url: 'https://www.example.com/a.html',
  original_title: '全市秋粮收购工作有序推进',
};

describe('a version whose organisation changed its check settings between its check and its commit', () => {
  const sourcesChecked: (readonly string[] | undefined)[] = [];
  /** How many of the next checks change the sources once they are done. */
  let changesToMake = 0;
  let t: ReviewApp;
  let drafter: Auth;

  beforeAll(async () => {
    const { checker } = await packageReviewData();
    const changing: DraftChecker = {
      check: async (draft, scope, signal) => {
        sourcesChecked.push(scope?.sources);
        const report = await checker.check(draft, scope, signal);
        if (changesToMake > 0) {
          changesToMake--;
          const sources = changesToMake % 2 === 0 ? ['南通日报'] : [];
          expect((await t.checkSettings.setSources('cc', sources, 'admin')).ok).toBe(true);
        }
        return report;
      },
      close: () => Promise.resolve(),
    };
    t = await startReviewApp({}, {}, {}, changing);
    drafter = await t.person('王五', ['drafter']);
  });
  beforeEach(() => {
    sourcesChecked.length = 0;
    expect(changesToMake).toBe(0);
  });

  afterAll(() => t.close());

  const refusals = async () => (await t.audit.all('cc')).filter((entry) => entry.action === 'refused');

  it('is checked again on the settings as they are now, and stored with that report', async () => {
    expect((await t.checkSettings.setSources('cc', [], 'admin')).ok).toBe(true);
    changesToMake = 1;
    const created = await as(t.app, drafter).post('/api/drafts', REPOST);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const findings = (created.body as { findings: { rule: string }[] }).findings;
    expect(findings.filter((finding) => finding.rule === 'source:unlisted')).toEqual([]);
    expect(sourcesChecked).toEqual([[], ['南通日报']]);
    expect(await refusals()).toEqual([]);
  });

  it('answers 409 concurrent_change, audited, when they keep changing', async () => {
    changesToMake = 5;
    const refused = await as(t.app, drafter).post('/api/drafts', REPOST);
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([
      409,
      'concurrent_change',
    ]);
    expect(sourcesChecked).toHaveLength(5);
    expect((await refusals()).map((entry) => entry.details.error)).toEqual([{ code: 'concurrent_change' }]);
    expect((await t.verifyAudit()).ok).toBe(true);
  });
});
