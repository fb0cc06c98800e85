import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const NOTICE = { title: '停水通知', body: '明天上午九点至十二点，滨江路一带停水。', kind: 'original' };
const codeOf = (res: request.Response) => (res.body as { error?: { code: string } }).error?.code;

describe('organisation-scoped administration', () => {
  let t: ReviewApp;
  let ccAdmin: Auth;
  let installer: Auth;
  let otherDraft: string;

  beforeAll(async () => {
    t = await startReviewApp();
    ccAdmin = await t.person('管理员甲', ['admin']);
    installer = await t.person('系统管理员', ['installation_admin'], { org: 'default' });
    await t.person('乙单位管理员', ['admin'], { org: 'other' });
    await t.person('乙审核', ['reviewer'], { org: 'other' });
    const drafter = await t.person('乙拟稿', ['drafter'], { org: 'other' });
    const created = await as(t.app, drafter).post('/api/drafts', NOTICE);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    otherDraft = (created.body as { id: string }).id;
  });
  afterAll(() => t.close());

  it("refuses an organisation's admin everything of another organisation", async () => {
    const admin = as(t.app, ccAdmin);
    const refusals = [
      await admin.get(`/api/drafts/${otherDraft}`),
      await admin.get(`/api/drafts/${otherDraft}/audit`),
      await admin.get('/api/audit?org=other'),
      await admin.get('/api/alerts?org=other'),
      await admin.post('/api/orgs/other/people/乙审核/token', {}),
      await admin.post('/api/orgs/other/people', { name: '混入者', roles: ['principal'] }),
      await admin.post('/api/orgs/other/accounts', { platform: 'weibo', name: '乙微博', token: 'x' }),
      await admin.post('/api/orgs/other/gateway-credentials', { account: 'weibo:乙微博', person: '乙拟稿' }),
      await admin.post('/api/orgs', { slug: 'third', name: '第三单位' }),
      await admin.get('/api/orgs'),
    ];
    // Drafts addressed by id are not found (their existence stays hidden); the organisation's routes are forbidden.
    expect(refusals.map((res) => `${res.status} ${codeOf(res)}`)).toEqual([
      '404 draft_not_found',
      '404 draft_not_found',
      ...Array<string>(8).fill('403 forbidden'),
    ]);
    const raised = await admin.post('/api/orgs/cc/people', { name: '自封者', roles: ['installation_admin'] });
    expect(`${raised.status} ${codeOf(raised)}`).toBe('403 forbidden');
    const listed = await admin.get('/api/drafts?org=other');
    expect((listed.body as { drafts: { id: string }[] }).drafts.map((d) => d.id)).not.toContain(otherDraft);
  });

  it('lets an installation admin administer any organisation, but never sign a stage', async () => {
    const admin = as(t.app, installer);
    expect((await admin.post('/api/orgs', { slug: 'third', name: '第三单位' })).status).toBe(201);
    const orgs = (await admin.get('/api/orgs')).body as { orgs: { slug: string }[] };
    expect(orgs.orgs.map((org) => org.slug)).toEqual(['cc', 'default', 'other', 'third']);
    const first = await admin.post('/api/orgs/third/people', { name: '丙管理员', roles: ['admin'] });
    expect(first.status).toBe(201);
    const thirdAdmin = {
      id: '',
      name: '丙管理员',
      header: `Bearer ${(first.body as { token: string }).token}`,
    };
    expect((await as(t.app, thirdAdmin).get('/api/orgs/third/people')).status).toBe(200);
    expect((await as(t.app, thirdAdmin).get('/api/orgs/cc/people')).status).toBe(403);
    expect((await admin.get('/api/audit?org=other')).status).toBe(200);
    expect((await admin.get(`/api/drafts/${otherDraft}`)).status).toBe(200);
    const signed = await admin.post(`/api/drafts/${otherDraft}/approve`, { version: 1 });
    expect(signed.status).toBe(403);
  });
});
