import type { Express } from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';

const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
const DRAFTS = 12;
const RACERS = 6;

describe('racing decisions', () => {
  let t: ReviewApp;
  let apps: Express[];
  let drafter: Auth;

  beforeEach(async () => {
    t = await startReviewApp();
    apps = [t.app, await t.secondInstance()];
    drafter = await t.person('张三', ['drafter']);
  });
  afterEach(() => t.close());

  async function submitMany(): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 0; n < DRAFTS; n++) {
      const res = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title: `${DRAFT.title}${n}` });
      ids.push((res.body as { id: string }).id);
    }
    return ids;
  }

  it('lets exactly one of several people deciding the same stage at once win; the rest get 409', async () => {
    const reviewers = await Promise.all(
      Array.from({ length: RACERS }, (_, n) => t.person(`审核${n}`, ['reviewer', 'editor'])),
    );
    const ids = await submitMany();
    const answers = await Promise.all(
      ids.flatMap((id) =>
        reviewers.map((reviewer, n) =>
          as(apps[n % apps.length]!, reviewer).post(`/api/drafts/${id}/approve`, {
            version: 1,
            stage: 'review',
          }),
        ),
      ),
    );
    const lostRaces: string[] = [];
    for (const [index, id] of ids.entries()) {
      const mine = answers.slice(index * RACERS, (index + 1) * RACERS);
      expect(
        mine.filter((res) => res.status === 200),
        id,
      ).toHaveLength(1);
      const losers = mine.filter((res) => res.status !== 200);
      expect(new Set(losers.map((res) => res.status))).toEqual(new Set([409]));
      const codes = losers.map((res) => (res.body as { error: { code: string } }).error.code);
      expect(codes.every((code) => code === 'concurrent_change' || code === 'stage_mismatch')).toBe(true);
      lostRaces.push(...codes);
      const trail = await request(t.app).get(`/api/drafts/${id}/audit`).set('Authorization', drafter.header);
      const approved = (trail.body as { entries: AuditEntry[] }).entries.filter(
        (e) => e.action === 'approved',
      );
      expect(approved).toHaveLength(1);
    }
    // The compare-and-set itself must have been what stopped some of them, not only a later read.
    expect(lostRaces).toContain('concurrent_change');
    expect(await t.verifyAudit()).toMatchObject({ ok: true });
  });

  it('keeps the chain whole (created, checked, approved per draft) when two instances write one org at once', async () => {
    const reviewer = await t.person('李四', ['reviewer']);
    const ids = await submitMany();
    const answers = await Promise.all(
      ids.map((id, n) => as(apps[n % 2]!, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 })),
    );
    expect(answers.map((res) => res.status)).toEqual(ids.map(() => 200));
    const verified = await t.verifyAudit();
    expect(verified).toMatchObject({ ok: true, count: 3 * DRAFTS });
  });
});
