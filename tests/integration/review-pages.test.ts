import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../src/domain/people.js';
import { as, PUBLIC_URL, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';

const DRAFT = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
const HOUR = 3_600_000;

describe('review links and pages', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;
  let id: string;

  beforeEach(async () => {
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('王五', ['editor']);
    id = ((await as(t.app, drafter).post('/api/drafts', DRAFT)).body as { id: string }).id;
  });
  afterEach(() => t.close());

  const personOf = async (auth: Auth): Promise<Person> => (await t.people.getPerson(auth.id))!;
  const linkFor = async (auth: Auth) => {
    const found = await t.review.get(await personOf(auth), id);
    if (!found.ok) throw new Error('no draft');
    return new URL(t.links.issue(await personOf(auth), found.value).url).pathname;
  };
  const post = (path: string, form: Record<string, string>) =>
    request(t.app).post(path).type('form').send(new URLSearchParams(form).toString());

  it('opens the draft from a signed link, decides once, and explains a replay', async () => {
    const path = await linkFor(reviewer);
    expect(path).toMatch(/^\/m\/review\/[\w-]+\.[\w-]+$/);
    const page = await request(t.app).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('亲子阅读活动通知');
    // The page sets each part of the tail in a span of its own, so compare the text the reader sees.
    expect(page.text.replace(/<[^>]+>/g, '')).toContain('拟稿：张三　审核：李四　审签：（待审签）');
    const decided = await post(path, { decision: 'approve', stage: 'review', version: '1' });
    expect(decided.status).toBe(200);
    expect(decided.text).toContain('已同意');
    const draft = (await as(t.app, editor).get(`/api/drafts/${id}`)).body as {
      stages: { decided_by: { name: string } | null }[];
    };
    expect(draft.stages[0]?.decided_by?.name).toBe('李四');
    const replay = await post(path, { decision: 'approve', stage: 'review', version: '1' });
    expect(replay.status).toBe(410);
    expect(replay.text).toContain('链接已使用');
  });

  it('refuses a tampered link, explains an expired one, and a rejection without a reason', async () => {
    const path = await linkFor(reviewer);
    const tampered = `${path.slice(0, -3)}${path.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect((await request(t.app).get(tampered)).status).toBe(404);
    const noReason = await post(path, { decision: 'reject', stage: 'review', version: '1', comment: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('退回稿件须填写意见');
    t.advanceClock(25 * HOUR);
    const expired = await request(t.app).get(path);
    expect([expired.status, expired.text.includes('链接已过期')]).toEqual([410, true]);
  });

  it('says when the draft changed and offers the current version to someone who still holds the stage', async () => {
    const path = await linkFor(reviewer);
    await as(t.app, drafter).put(`/api/drafts/${id}`, {
      ...DRAFT,
      body: '本周日举办亲子阅读活动。',
      base_version: 1,
    });
    const stale = await request(t.app).get(path);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('稿件已修改');
    const current = /href="([^"]*\/m\/review\/[^"]+)"/.exec(stale.text)?.[1];
    expect(current?.startsWith(PUBLIC_URL)).toBe(true);
    const fresh = await request(t.app).get(new URL(current!.replaceAll('&amp;', '&')).pathname);
    expect(fresh.status).toBe(200);
    expect(fresh.text).toContain('本周日举办亲子阅读活动');
  });

  it('refuses a link form with an unknown decision, deciding nothing, and keeps the link usable', async () => {
    const path = await linkFor(reviewer);
    const odd = await post(path, { decision: 'approved', stage: 'review', version: '1' });
    expect(odd.status).toBe(400);
    expect(odd.text).toContain('审签表单有误');
    expect(odd.text).toContain('form.decision');
    const draft = (await as(t.app, editor).get(`/api/drafts/${id}`)).body as {
      status: string;
      stages: { decided_by: unknown }[];
    };
    expect([draft.status, draft.stages[0]?.decided_by]).toEqual(['in_review', null]);
    expect((await post(path, { decision: 'approve', stage: 'review', version: '1' })).status).toBe(200);
  });

  it('refuses a desk form whose version is not an integer, deciding nothing', async () => {
    const link = (await as(t.app, reviewer).post('/api/me/login-link', {})).body as { url: string };
    const login = await request(t.app).get(new URL(link.url).pathname);
    const cookie = login.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    const page = await request(t.app).get(`/d/review/${id}`).set('Cookie', cookie);
    const action = /action="(\/d\/review\/[^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&');
    for (const version of ['1.5', 'abc', '']) {
      const odd = await post(action!, { decision: 'approve', stage: 'review', version }).set(
        'Cookie',
        cookie,
      );
      expect([odd.status, odd.text.includes('form.version')]).toEqual([400, true]);
    }
    const draft = (await as(t.app, editor).get(`/api/drafts/${id}`)).body as {
      stages: { decided_by: unknown }[];
    };
    expect(draft.stages[0]?.decided_by).toBeNull();
  });

  it('shows the page read-only to someone who cannot decide the waiting stage', async () => {
    const page = await request(t.app).get(await linkFor(editor));
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="decision"');
    const tried = await post(await linkFor(editor), { decision: 'approve', stage: 'review', version: '1' });
    expect(tried.status).toBe(403);
  });

  it('logs in at the desk by link, lists what awaits, and decides with a form token', async () => {
    const link = (await as(t.app, reviewer).post('/api/me/login-link', {})).body as { url: string };
    const login = await request(t.app).get(new URL(link.url).pathname);
    expect(login.status).toBe(303);
    const cookie = login.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^qianfa_desk=/);
    const queue = await request(t.app).get('/d/queue').set('Cookie', cookie);
    expect(queue.text).toContain('亲子阅读活动通知');
    const page = await request(t.app).get(`/d/review/${id}`).set('Cookie', cookie);
    const action = /action="(\/d\/review\/[^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&');
    expect(action).toContain('csrf=');
    const forged = await post(`/d/review/${id}`, { decision: 'approve', stage: 'review', version: '1' }).set(
      'Cookie',
      cookie,
    );
    expect(forged.status).toBe(403);
    const approved = await post(action!, { decision: 'approve', stage: 'review', version: '1' }).set(
      'Cookie',
      cookie,
    );
    expect(approved.status).toBe(200);
    expect((await request(t.app).get('/d/queue')).status).toBe(401);
  });

  it('lets a leader name a stand-in, who signs as such: 审签：钱七（代）', async () => {
    const standIn = await t.person('钱七', ['reviewer']);
    const until = new Date(Date.now() + 24 * HOUR).toISOString();
    const named = await as(t.app, editor).post('/api/me/delegations', { stand_in: '钱七', until });
    expect(named.status).toBe(201);
    await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 });
    const waiting = (await as(t.app, standIn).get('/api/drafts?awaiting=me')).body as {
      drafts: { id: string }[];
    };
    expect(waiting.drafts.map((d) => d.id)).toEqual([id]);
    const signed = await as(t.app, standIn).post(`/api/drafts/${id}/approve`, { version: 1 });
    expect(signed.status).toBe(200);
    expect((signed.body as { final: { tail: string } }).final.tail).toBe(
      '拟稿：张三　审核：李四　审签：钱七（代）',
    );
    const selfNamed = await as(t.app, editor).post('/api/me/delegations', { stand_in: '王五', until });
    expect([selfNamed.status, (selfNamed.body as { error: { message: string } }).error.message]).toEqual([
      422,
      '不能指定自己为代理人。',
    ]);
  });

  it('shows a stand-in the draft as awaiting them, in the draft itself as in the list', async () => {
    const standIn = await t.person('钱七', ['reviewer']);
    const until = new Date(Date.now() + 24 * HOUR).toISOString();
    await as(t.app, editor).post('/api/me/delegations', { stand_in: '钱七', until });
    const awaitsMe = async (auth: Auth) =>
      ((await as(t.app, auth).get(`/api/drafts/${id}`)).body as { awaits_me: boolean }).awaits_me;
    await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 });
    expect([await awaitsMe(standIn), await awaitsMe(editor), await awaitsMe(reviewer)]).toEqual([
      true,
      true,
      false,
    ]);
    const listed = (await as(t.app, standIn).get('/api/drafts?awaiting=me')).body as {
      drafts: { id: string }[];
    };
    expect(listed.drafts.map((d) => d.id)).toEqual([id]);
  });

  it('ends a stand-in’s power when the delegation runs out', async () => {
    const standIn = await t.person('钱七', ['reviewer']);
    const until = new Date(Date.now() + 2 * HOUR).toISOString();
    await as(t.app, editor).post('/api/me/delegations', { stand_in: '钱七', until });
    await as(t.app, reviewer).post(`/api/drafts/${id}/approve`, { version: 1 });
    t.advanceClock(3 * HOUR);
    const late = await as(t.app, standIn).post(`/api/drafts/${id}/approve`, { version: 1 });
    expect([late.status, (late.body as { error: { code: string } }).error.code]).toEqual([
      403,
      'role_insufficient',
    ]);
  });
});
