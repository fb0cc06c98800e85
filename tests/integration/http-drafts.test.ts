import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';

interface Stage {
  id: string;
  role: string;
  status: string;
  decided_by: { id: string; name: string } | null;
}
interface DraftBody {
  id: string;
  version: number;
  status: string;
  grade: string;
  blocked: boolean;
  findings: { rule: string; action: string }[];
  review_rules: string[];
  stages: Stage[];
  final: { title: string; body: string; tail: string } | null;
  awaits_me: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; details?: string[] };
}

const CLEAN = { title: '亲子阅读活动通知', body: '本周六举办亲子阅读活动，欢迎参加。', kind: 'original' };
const BLOCKED = { ...CLEAN, body: '联系人张三，电话13812345678。' };
const MAJOR = { ...CLEAN, title: '火灾情况通报', body: '3月1日，崇川区发生火灾，造成2人死亡。' };
const OPINION = { ...CLEAN, body: '本周六举办亲子阅读活动。我觉得这次活动很有意义。' };

const draftOf = (res: request.Response) => res.body as DraftBody;
const errorOf = (res: request.Response) => (res.body as ErrorBody).error;

describe('drafts API', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;

  beforeEach(async () => {
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('王五', ['editor']);
  });
  afterEach(() => t.close());

  const submit = async (body: object = CLEAN, by = drafter) => {
    const res = await as(t.app, by).post('/api/drafts', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return draftOf(res);
  };
  const approve = (id: string, by: Auth, body: object = { version: 1 }) =>
    as(t.app, by).post(`/api/drafts/${id}/approve`, body);

  it('stores version 1 in review with the checker grade and the chain of that grade', async () => {
    const draft = await submit();
    expect(draft).toMatchObject({ version: 1, status: 'in_review', grade: 'general', findings: [] });
    expect(draft.stages.map((s) => [s.id, s.role, s.status])).toEqual([
      ['review', 'reviewer', 'waiting'],
      ['sign', 'editor', 'pending'],
    ]);
    const read = draftOf(await as(t.app, reviewer).get(`/api/drafts/${draft.id}`));
    expect(read).toMatchObject({ id: draft.id, status: 'in_review', awaits_me: true, final: null });
  });

  it('answers a submission and a new version with the slim shape; GET has everything', async () => {
    const slim = [
      'blocked',
      'findings',
      'grade',
      'grade_name',
      'id',
      'stages',
      'status',
      'status_name',
      'version',
    ];
    const created = await as(t.app, drafter).post('/api/drafts', CLEAN);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body as object).sort()).toEqual(slim);
    const id = (created.body as { id: string }).id;
    const revised = await as(t.app, drafter).put(`/api/drafts/${id}`, { ...CLEAN, base_version: 1 });
    expect(revised.status).toBe(200);
    expect(Object.keys(revised.body as object).sort()).toEqual(slim);
    expect(revised.body).toMatchObject({ id, version: 2, status: 'in_review' });
    const read = draftOf(await as(t.app, drafter).get(`/api/drafts/${id}`));
    expect(read).toMatchObject({
      id,
      version: 2,
      content: { title: CLEAN.title },
      final: null,
      publications: [],
    });
  });

  it('saves a blocked draft, shows why, and refuses to approve it (422)', async () => {
    const draft = await submit(BLOCKED);
    expect(draft).toMatchObject({ status: 'blocked', blocked: true });
    expect(draft.findings.map((f) => f.rule)).toContain('privacy:mobile');
    const res = await approve(draft.id, reviewer);
    expect(res.status).toBe(422);
    expect(errorOf(res).code).toBe('draft_blocked');
  });

  it('lets a requested grade raise the checker grade but never lower it', async () => {
    expect((await submit({ ...CLEAN, grade: 'important' })).grade).toBe('important');
    const major = await submit({ ...MAJOR, grade: 'general' });
    expect(major.grade).toBe('major');
    expect(major.stages.map((s) => s.role)).toEqual(['reviewer', 'deputy', 'principal']);
  });

  it('lets the drafter withdraw (撤回) before anyone decided, and resubmit it as a new version', async () => {
    const draft = await submit();
    const withdraw = (id: string, by: Auth, body: object = { version: 1 }) =>
      as(t.app, by).post(`/api/drafts/${id}/withdraw`, body);
    const byReviewer = await withdraw(draft.id, reviewer);
    expect([byReviewer.status, errorOf(byReviewer).code]).toEqual([403, 'withdraw_not_allowed']);
    const withdrawn = await withdraw(draft.id, drafter, { version: 1, comment: '数据有误，修改后再送' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(draftOf(withdrawn)).toMatchObject({ status: 'withdrawn', status_name: '已撤回' });
    const awaiting = await as(t.app, reviewer).get('/api/drafts?awaiting=me');
    expect((awaiting.body as { drafts: unknown[] }).drafts).toEqual([]);
    expect((await approve(draft.id, reviewer)).status).toBe(409);
    const revised = await as(t.app, drafter).put(`/api/drafts/${draft.id}`, { ...CLEAN, base_version: 1 });
    expect([revised.status, draftOf(revised).status]).toEqual([200, 'in_review']);

    const decided = await submit();
    await approve(decided.id, reviewer);
    const late = await withdraw(decided.id, drafter);
    expect([late.status, errorOf(late).code]).toEqual([409, 'review_started']);
    expect(errorOf(late).message).toContain('审核');
  });

  it('approves a general draft through review and sign, and stamps the tail from who decided', async () => {
    const draft = await submit();
    expect((await approve(draft.id, reviewer)).status).toBe(200);
    const signed = await approve(draft.id, editor);
    expect(signed.status).toBe(200);
    const final = draftOf(signed);
    expect(final.status).toBe('approved');
    const tail = '拟稿：张三　审核：李四　审签：王五';
    expect(final.final?.tail).toBe(tail);
    expect(final.final?.body).toBe(CLEAN.body + '\n\n' + tail);
    expect(final.stages.map((s) => s.decided_by?.name)).toEqual(['李四', '王五']);
  });

  it('stamps a repost with its source and reviewer', async () => {
    const repost = {
      title: '【转载】国务院办公厅关于做好春节假期安全工作的通知',
      original_title: '国务院办公厅关于做好春节假期安全工作的通知',
      body: '各地区、各部门要做好春节假期安全工作。',
      kind: 'repost',
      source: '新华社',
      source_url: 'https://www.news.cn/politics/2026-01/01/c_1.htm',
    };
    const draft = await submit(repost);
    expect(draft.status, JSON.stringify(draft.findings)).toBe('in_review');
    await approve(draft.id, reviewer);
    const deputy = await t.person('赵六', ['deputy']);
    const signer = draft.grade === 'general' ? editor : deputy;
    const final = draftOf(await approve(draft.id, signer));
    expect(final.final?.tail).toBe('来源：新华社　审核：李四');
  });

  it('refuses the drafter, people without the stage role, and one person deciding two stages (403, audited)', async () => {
    const both = await t.person('钱七', ['reviewer', 'editor']);
    const draft = await submit();
    const own = await approve(draft.id, drafter);
    expect([own.status, errorOf(own).code]).toEqual([403, 'approver_is_drafter']);
    const selfReviewer = await t.person('孙八', ['drafter', 'reviewer']);
    const mine = await submit(CLEAN, selfReviewer);
    const self = await approve(mine.id, selfReviewer);
    expect([self.status, errorOf(self).code]).toEqual([403, 'approver_is_drafter']);
    const wrongRole = await approve(draft.id, editor);
    expect([wrongRole.status, errorOf(wrongRole).code]).toEqual([403, 'role_insufficient']);
    expect((await approve(draft.id, both)).status).toBe(200);
    const twice = await approve(draft.id, both);
    expect([twice.status, errorOf(twice).code]).toEqual([403, 'already_decided_earlier_stage']);
    expect(errorOf(twice).message).toContain('同一人不能处理同一版本的两个环节');

    const trail = (await as(t.app, reviewer).get(`/api/drafts/${draft.id}/audit`)).body as {
      entries: AuditEntry[];
    };
    const refused = trail.entries.filter((e) => e.action === 'refused');
    expect(refused.map((e) => (e.details.error as { code: string }).code)).toEqual([
      'approver_is_drafter',
      'role_insufficient',
      'already_decided_earlier_stage',
    ]);
    expect((await t.verifyAudit()).ok).toBe(true);
  });

  it('keeps outsourced operators to drafting: they submit but never decide', async () => {
    const operator = await t.person('外包甲', ['drafter'], { outsourced: true });
    const draft = await submit(CLEAN, operator);
    expect(draft.status).toBe('in_review');
    const other = await submit(CLEAN);
    const res = await approve(other.id, operator);
    expect([res.status, errorOf(res).code]).toEqual([403, 'outsourced_cannot_decide']);
  });

  it('voids every approval when a new version is stored, and refuses a stale base_version (409)', async () => {
    const draft = await submit();
    await approve(draft.id, reviewer);
    const revised = await as(t.app, drafter).put(`/api/drafts/${draft.id}`, {
      ...CLEAN,
      body: '本周日举办亲子阅读活动，欢迎参加。',
      base_version: 1,
    });
    expect(revised.status).toBe(200);
    expect(draftOf(revised)).toMatchObject({ version: 2, status: 'in_review' });
    expect(draftOf(revised).stages.every((s) => s.decided_by === null)).toBe(true);
    const stale = await as(t.app, drafter).put(`/api/drafts/${draft.id}`, { ...CLEAN, base_version: 1 });
    expect([stale.status, errorOf(stale).code]).toEqual([409, 'stale_version']);
    const oldApproval = await approve(draft.id, reviewer, { version: 1 });
    expect([oldApproval.status, errorOf(oldApproval).code]).toEqual([409, 'stale_version']);
    expect((await approve(draft.id, reviewer, { version: 2 })).status).toBe(200);
  });

  it('returns a rejected draft to its drafter, with a required reason', async () => {
    const draft = await submit();
    const noReason = await as(t.app, reviewer).post(`/api/drafts/${draft.id}/reject`, {
      version: 1,
      comment: '  ',
    });
    expect(noReason.status).toBe(400);
    expect(errorOf(noReason).details?.[0]).toMatch(/^body\.comment: /);
    const rejected = await as(t.app, reviewer).post(`/api/drafts/${draft.id}/reject`, {
      version: 1,
      comment: '活动时间有误',
    });
    expect(draftOf(rejected).status).toBe('rejected');
    const mine = (await as(t.app, drafter).get('/api/drafts?awaiting=me')).body as {
      drafts: { id: string }[];
    };
    expect(mine.drafts.map((d) => d.id)).toEqual([draft.id]);
  });

  it('lists what awaits the caller, stage by stage', async () => {
    const draft = await submit();
    const ids = async (auth: Auth, query = '?awaiting=me') =>
      ((await as(t.app, auth).get(`/api/drafts${query}`)).body as { drafts: { id: string }[] }).drafts.map(
        (d) => d.id,
      );
    expect(await ids(reviewer)).toEqual([draft.id]);
    expect(await ids(editor)).toEqual([]);
    await approve(draft.id, reviewer);
    expect(await ids(reviewer)).toEqual([]);
    expect(await ids(editor)).toEqual([draft.id]);
    expect(await ids(editor, '?status=in_review')).toEqual([draft.id]);
    expect(await ids(editor, '?status=approved')).toEqual([]);
    const bad = await as(t.app, editor).get('/api/drafts?status=done');
    expect(bad.status).toBe(400);
  });

  it('requires the reviewing stage to acknowledge findings marked for review (422)', async () => {
    const draft = await submit(OPINION);
    const read = draftOf(await as(t.app, reviewer).get(`/api/drafts/${draft.id}`));
    expect(read.review_rules).toEqual(['opinion:personal']);
    const unacknowledged = await approve(draft.id, reviewer);
    expect([unacknowledged.status, errorOf(unacknowledged).code]).toEqual([
      422,
      'review_findings_not_acknowledged',
    ]);
    const ok = await approve(draft.id, reviewer, { version: 1, acknowledged: ['opinion:personal'] });
    expect(ok.status).toBe(200);
  });

  it('lets anyone on the chain raise the grade, extending the chain; nobody lowers it', async () => {
    const deputy = await t.person('赵六', ['deputy']);
    const principal = await t.person('周九', ['principal']);
    const draft = await submit();
    await approve(draft.id, reviewer);
    const raised = await as(t.app, editor).post(`/api/drafts/${draft.id}/grade`, { grade: 'major' });
    expect(raised.status).toBe(200);
    expect(draftOf(raised).stages.map((s) => [s.role, s.status])).toEqual([
      ['reviewer', 'approved'],
      ['deputy', 'waiting'],
      ['principal', 'pending'],
    ]);
    const lower = await as(t.app, deputy).post(`/api/drafts/${draft.id}/grade`, { grade: 'important' });
    expect([lower.status, errorOf(lower).code]).toEqual([422, 'grade_cannot_be_lowered']);
    await approve(draft.id, deputy);
    const final = draftOf(await approve(draft.id, principal));
    expect(final.final?.tail).toBe('拟稿：张三　审核：李四　审签：周九');
  });

  it('hides drafts from other organisations', async () => {
    const draft = await submit();
    const stranger = await t.person('外单位', ['reviewer'], { org: 'other' });
    const res = await as(t.app, stranger).get(`/api/drafts/${draft.id}`);
    expect([res.status, errorOf(res).code]).toEqual([404, 'draft_not_found']);
    expect((await approve(draft.id, stranger)).status).toBe(404);
  });

  it('records every step of a draft in a chain that verifies', async () => {
    const draft = await submit();
    await approve(draft.id, reviewer);
    await approve(draft.id, editor);
    const res = await as(t.app, editor).get(`/api/drafts/${draft.id}/audit`);
    const actions = (res.body as { entries: AuditEntry[] }).entries.map((e) => e.action);
    expect(actions).toEqual(['created', 'checked', 'approved', 'approved']);
    expect(await t.verifyAudit()).toMatchObject({ ok: true });
  });

  it('answers bad input with a status and a message a person can act on', async () => {
    const missing = await as(t.app, drafter).post('/api/drafts', { body: 'x' });
    expect(missing.status).toBe(400);
    expect(errorOf(missing).details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^body\.title: /),
        expect.stringMatching(/^body\.kind: /),
      ]),
    );
    const badTarget = await as(t.app, drafter).post('/api/drafts', { ...CLEAN, targets: ['facebook:x'] });
    expect(errorOf(badTarget).details?.[0]).toMatch(/^body\.targets\.0: 发布目标须形如/);
    const invalidJson = await request(t.app)
      .post('/api/drafts')
      .set('Authorization', drafter.header)
      .set('Content-Type', 'application/json')
      .send('{"title":');
    expect([invalidJson.status, errorOf(invalidJson).code]).toEqual([400, 'invalid_json']);
    const huge = await as(t.app, drafter).post('/api/drafts', { ...CLEAN, body: '字'.repeat(400_000) });
    expect([huge.status, errorOf(huge).code]).toEqual([413, 'body_too_large']);
    const unknown = await as(t.app, drafter).get('/api/drafts/nope');
    expect([unknown.status, errorOf(unknown).code]).toEqual([404, 'draft_not_found']);
    expect((await request(t.app).get('/api/drafts')).status).toBe(401);
  });

  it('serves an OpenAPI document whose request schemas are the ones the routes enforce', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Json }> } }>>;
    };
    type Json = { required?: string[]; properties?: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/drafts',
        '/api/drafts/{id}',
        '/api/drafts/{id}/approve',
        '/api/drafts/{id}/audit',
      ]),
    );
    const submit = doc.paths['/api/drafts']!.post!.requestBody!.content['application/json']!.schema;
    expect(submit.required).toEqual(expect.arrayContaining(['title', 'body', 'kind']));
    expect(Object.keys(submit.properties ?? {})).toContain('targets');
    const reject =
      doc.paths['/api/drafts/{id}/reject']!.post!.requestBody!.content['application/json']!.schema;
    expect(reject.required).toEqual(expect.arrayContaining(['version', 'comment']));
  });
});
