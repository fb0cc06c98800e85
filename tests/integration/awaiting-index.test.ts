import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DECIDING_ROLES } from '../../src/domain/people.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';

/**
 * "Awaiting me" reads an index per deciding role (issue 17, point 3), not every open draft of the organisation:
 * it pages past the drafts a person may not decide, and an installation from before the index gets it built once.
 */

const DRAFT = {
  title: '亲子阅读活动通知',
  body: '本周六上午九点在区图书馆举办亲子阅读活动，欢迎家长带孩子参加。',
  kind: 'original',
};

interface ListBody {
  drafts: { id: string; status: string }[];
}

describe('the awaiting index', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let reviewer: Auth;

  beforeEach(async () => {
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['drafter', 'reviewer']);
  });
  afterEach(() => t.close());

  const submit = async (by: Auth, title = DRAFT.title) => {
    const res = await as(t.app, by).post('/api/drafts', { ...DRAFT, title });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return (res.body as { id: string }).id;
  };
  const awaiting = async (by: Auth, app = t.app, query = '') =>
    ((await as(app, by).get(`/api/drafts?awaiting=me${query}`)).body as ListBody).drafts.map((d) => d.id);

  it('pages past the drafts a person may not decide (their own) to the one they may', async () => {
    // 李四 wrote these: they wait for a reviewer, but never for their own drafter. More than one page of them.
    for (let n = 0; n < 130; n++) await submit(reviewer, `李四的第${n}篇`);
    const theirs = await submit(drafter);
    expect(await awaiting(reviewer)).toEqual([theirs]);
    expect(await awaiting(reviewer, t.app, '&limit=1')).toEqual([theirs]);
  });

  it('is built once from the open drafts of an installation that had none', async () => {
    const first = await submit(drafter, '第一篇');
    const second = await submit(drafter, '第二篇');
    // As stored by a version without the index.
    await t.redis.del(
      t.keys.awaitingIndexBuilt(),
      ...DECIDING_ROLES.map((role) => t.keys.orgAwaiting('cc', role)),
    );
    expect(await awaiting(reviewer)).toEqual([]);
    const restarted = await t.secondInstance();
    expect(await awaiting(reviewer, restarted)).toEqual([first, second]);
    const rejected = await request(restarted)
      .post(`/api/drafts/${first}/reject`)
      .set('Authorization', reviewer.header)
      .send({ version: 1, comment: '请补充活动地点' });
    expect(rejected.status).toBe(200);
    expect(await awaiting(drafter, restarted)).toEqual([first]);
    expect(await awaiting(reviewer, restarted)).toEqual([second]);
  });
});
