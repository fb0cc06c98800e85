import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { LIVE_CHECK_LIMIT } from '../../src/services/live-check-service.js';
import type { DraftChecker } from '../../src/services/draft-checker.js';
import { as, packageReviewData, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';

interface Finding {
  rule: string;
  category: string;
  action: string;
  field: 'title' | 'body';
  start: number;
  end: number;
  text: string;
  false_positive?: { label: string; reason: string; entry: string } | null;
}
interface DraftBody {
  id: string;
  version: number;
  status: string;
  blocked: boolean;
  findings: Finding[];
}
interface EntryBody {
  id: string;
  text: string;
  reason: string;
  draft: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}

/** 百家乐 is on the gambling list; here it names a cultural festival (a false positive in this organisation). */
const FESTIVAL = {
  title: '文化节活动通知',
  body: '全区开展百家乐文化节活动，欢迎市民参加。',
  kind: 'original',
};
const PRIVACY = { title: '活动通知', body: '联系人张三，电话13812345678。', kind: 'original' };
const SHOUTING = {
  title: '活动通知',
  body: '本周六举办亲子阅读活动。我们真的太愤怒了！！！',
  kind: 'original',
};
const REPOST = {
  title: '【转载】全市秋粮收购工作有序推进',
  body: '全市秋粮收购工作有序推进。',
  kind: 'repost',
  source: '南通日报',
  source_url: 'https://www.example.com/a.html',
  original_title: '全市秋粮收购工作有序推进',
};

const draftOf = (res: request.Response) => res.body as DraftBody;
/** 南通日报 is traceable but not on the shipped list: it escalates (R24) until the organisation adds it. */
const unlisted = (draft: DraftBody) => draft.findings.filter((f) => f.rule === 'source:unlisted');
const errorOf = (res: request.Response) => (res.body as ErrorBody).error;
const gambling = (draft: DraftBody) => draft.findings.filter((f) => f.rule === 'wordlist:gambling-terms');

describe('reviewers teach the checker; organisation sources; live check', () => {
  let t: ReviewApp;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;
  let admin: Auth;

  beforeEach(async () => {
    t = await startReviewApp();
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('王五', ['editor']);
    admin = await t.person('管理员', ['admin']);
  });
  afterEach(() => t.close());

  const submit = async (body: object, by = drafter) => {
    const res = await as(t.app, by).post('/api/drafts', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return draftOf(res);
  };
  const markOf = (draft: DraftBody, finding: Finding, reason = '百家乐为本地文化节名称，非赌博') => ({
    version: draft.version,
    finding: { rule: finding.rule, field: finding.field, start: finding.start, end: finding.end },
    reason,
  });
  const mark = (draft: DraftBody, body: object, by = reviewer) =>
    as(t.app, by).post(`/api/drafts/${draft.id}/findings/false-positive`, body);

  it('a decider marks a false block: the next version in that organisation passes, another organisation still blocks', async () => {
    const draft = await submit(FESTIVAL);
    expect(draft.status).toBe('blocked');
    const [hit] = gambling(draft);
    expect(hit).toBeDefined();

    const marked = await mark(draft, markOf(draft, hit!));
    expect(marked.status, JSON.stringify(marked.body)).toBe(201);
    const entry = marked.body as EntryBody;
    expect(entry).toMatchObject({
      text: '百家乐',
      reason: '百家乐为本地文化节名称，非赌博',
      draft: draft.id,
    });

    // The marked version keeps its report; its finding says it was marked.
    const read = draftOf(await as(t.app, reviewer).get(`/api/drafts/${draft.id}`));
    expect(read.status).toBe('blocked');
    expect(gambling(read)[0]?.false_positive).toMatchObject({ label: '已标记为误报', entry: entry.id });

    const next = await as(t.app, drafter).put(`/api/drafts/${draft.id}`, { ...FESTIVAL, base_version: 1 });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(gambling(draftOf(next))).toEqual([]);
    expect(draftOf(next).status).toBe('in_review');

    const elsewhere = await t.person('赵六', ['drafter'], { org: 'xy' });
    const other = await submit(FESTIVAL, elsewhere);
    expect([other.status, gambling(other).length]).toEqual(['blocked', 1]);

    const trail = (await as(t.app, reviewer).get(`/api/drafts/${draft.id}/audit`)).body as {
      entries: AuditEntry[];
    };
    const added = trail.entries.find((e) => e.action === 'allow_entry_added');
    expect(added).toMatchObject({
      actor: reviewer.id,
      version: 1,
      details: { text: '百家乐', reason: '百家乐为本地文化节名称，非赌博', rule: 'wordlist:gambling-terms' },
    });
    expect((await t.verifyAudit()).ok).toBe(true);
  });

  it('refuses the wrong person (403, audited), findings never waived (422), one character (422), no reason (400)', async () => {
    const draft = await submit(FESTIVAL);
    const body = markOf(draft, gambling(draft)[0]!);
    for (const by of [drafter, editor]) {
      const res = await mark(draft, body, by);
      expect([res.status, errorOf(res).code]).toEqual([403, 'not_decider']);
    }
    const refusals = await t.audit.all('cc');
    expect(refusals.filter((e) => e.action === 'refused' && e.details.code === 'not_decider')).toHaveLength(
      2,
    );

    const privacy = await submit(PRIVACY);
    const phone = privacy.findings.find((f) => f.rule === 'privacy:mobile')!;
    const refused = await mark(privacy, markOf(privacy, phone));
    expect([refused.status, errorOf(refused).code]).toEqual([422, 'finding_not_markable']);
    expect(errorOf(refused).message).toMatch(/个人信息/);

    const shouting = await submit(SHOUTING);
    const marks = shouting.findings.find((f) => f.text === '！！！')!;
    const short = await mark(shouting, markOf(shouting, marks));
    expect([short.status, errorOf(short).code]).toEqual([422, 'allow_entry_too_short']);

    const noReason = await mark(draft, { ...body, reason: '  ' });
    expect([noReason.status, errorOf(noReason).code]).toEqual([400, 'invalid_request']);
    const missing = await mark(draft, { version: 1, finding: body.finding });
    expect(missing.status).toBe(400);
    const stale = await mark(draft, { ...body, version: 2 });
    expect([stale.status, errorOf(stale).code]).toEqual([409, 'stale_version']);
    const unknown = await mark(draft, { ...body, finding: { ...body.finding, start: 0 } });
    expect([unknown.status, errorOf(unknown).code]).toEqual([404, 'finding_not_found']);

    expect(await t.checkSettings.scopeFor('cc')).toEqual({ allow: [], sources: [] });
  });

  it('an admin lists and revokes an entry: the finding comes back; both changes are in the chain', async () => {
    const draft = await submit(FESTIVAL);
    const entry = (await mark(draft, markOf(draft, gambling(draft)[0]!))).body as EntryBody;
    const again = await mark(draft, markOf(draft, gambling(draft)[0]!));
    expect([again.status, errorOf(again).code]).toEqual([409, 'allow_entry_exists']);

    expect((await as(t.app, reviewer).get('/api/orgs/cc/allow-entries')).status).toBe(403);
    const listed = await as(t.app, admin).get('/api/orgs/cc/allow-entries');
    expect(listed.status).toBe(200);
    expect((listed.body as { entries: EntryBody[] }).entries.map((e) => [e.id, e.text])).toEqual([
      [entry.id, '百家乐'],
    ]);

    const revoked = await request(t.app)
      .delete(`/api/orgs/cc/allow-entries/${entry.id}`)
      .set('Authorization', admin.header);
    expect(revoked.status).toBe(200);
    const gone = await request(t.app)
      .delete(`/api/orgs/cc/allow-entries/${entry.id}`)
      .set('Authorization', admin.header);
    expect([gone.status, errorOf(gone).code]).toEqual([404, 'allow_entry_not_found']);

    const next = await as(t.app, drafter).put(`/api/drafts/${draft.id}`, { ...FESTIVAL, base_version: 1 });
    expect(gambling(draftOf(next))).toHaveLength(1);
    const actions = (await t.audit.all('cc')).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['allow_entry_added', 'allow_entry_revoked']));
    expect((await t.verifyAudit()).ok).toBe(true);
  });

  it('organisation sources make an unlisted source pass in that organisation only', async () => {
    expect(unlisted(await submit(REPOST))).toHaveLength(1);

    const put = await as(t.app, admin).put('/api/orgs/cc/sources', { sources: [' 南通日报 ', '南通日报'] });
    expect([put.status, put.body]).toEqual([200, { sources: ['南通日报'] }]);
    expect((await as(t.app, admin).get('/api/orgs/cc/sources')).body).toEqual({ sources: ['南通日报'] });
    expect((await as(t.app, drafter).put('/api/orgs/cc/sources', { sources: [] })).status).toBe(403);
    const invalid = await as(t.app, admin).put('/api/orgs/cc/sources', { sources: ['南'] });
    expect([invalid.status, errorOf(invalid).code]).toEqual([400, 'invalid_source']);
    expect((await as(t.app, admin).get('/api/orgs/nowhere/sources')).status).toBe(403);

    expect(unlisted(await submit(REPOST))).toEqual([]);
    const elsewhere = await t.person('赵六', ['drafter'], { org: 'xy' });
    expect(unlisted(await submit(REPOST, elsewhere))).toHaveLength(1);
    const changed = (await t.audit.all('cc')).find((e) => e.action === 'sources_changed');
    expect(changed?.details).toEqual({ before: [], after: ['南通日报'] });
    expect((await t.verifyAudit()).ok).toBe(true);
  });

  it('sources set through another process apply to the next submission here, which keeps them cached', async () => {
    // This process now holds the settings as they are (none); it does not read them again per submission.
    expect(unlisted(await submit(REPOST))).toHaveLength(1);
    const second = await t.secondInstance();
    expect((await as(second, admin).put('/api/orgs/cc/sources', { sources: ['南通日报'] })).status).toBe(200);

    // Its commit finds the settings changed since the check: checked again on them, and stored, not refused.
    expect(unlisted(await submit(REPOST))).toEqual([]);
    const actions = (await t.audit.all('cc')).map((entry) => entry.action);
    expect(actions.filter((action) => action === 'refused')).toEqual([]);
    expect((await t.verifyAudit()).ok).toBe(true);
  });

  it('POST /api/check answers the report in the organisation scope and stores nothing', async () => {
    const draft = await submit(FESTIVAL);
    await mark(draft, markOf(draft, gambling(draft)[0]!));
    const elsewhere = await t.person('赵六', ['drafter'], { org: 'xy' });
    const keysBefore = await t.redis.keys(`${t.keys.prefix}*`);

    const live = await as(t.app, drafter).post('/api/check', PRIVACY);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ blocked: true, grade: 'general', grade_name: '一般' });
    expect((live.body as DraftBody).findings.map((f) => f.rule)).toContain('privacy:mobile');
    const taught = await as(t.app, drafter).post('/api/check', FESTIVAL);
    expect(taught.body).toMatchObject({ blocked: false, findings: [] });
    expect((await as(t.app, elsewhere).post('/api/check', FESTIVAL)).body).toMatchObject({ blocked: true });

    // Nothing new in Redis but the limiter's counters; no draft, no audit entry.
    const added = (await t.redis.keys(`${t.keys.prefix}*`)).filter((key) => !keysBefore.includes(key));
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter((key) => !key.startsWith(t.keys.liveCheckLimit()))).toEqual([]);
    expect((await as(t.app, drafter).get('/api/drafts')).body).toMatchObject({ drafts: [{ id: draft.id }] });

    const invalid = await as(t.app, drafter).post('/api/check', { title: '' });
    expect([invalid.status, errorOf(invalid).code]).toEqual([400, 'invalid_request']);
    const huge = await as(t.app, drafter).post('/api/check', { ...FESTIVAL, body: '字'.repeat(400_000) });
    expect([huge.status, errorOf(huge).code]).toEqual([413, 'body_too_large']);
    expect((await request(t.app).post('/api/check').send(FESTIVAL)).status).toBe(401);
  });

  it('POST /api/check answers 429 with Retry-After once a person spends the limit; others are not affected', async () => {
    for (let i = 0; i < LIVE_CHECK_LIMIT.points; i++) {
      expect((await as(t.app, editor).post('/api/check', SHOUTING)).status).toBe(200);
    }
    const limited = await as(t.app, editor).post('/api/check', SHOUTING);
    expect([limited.status, errorOf(limited).code]).toEqual([429, 'rate_limited']);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LIVE_CHECK_LIMIT.durationSeconds);
    expect(errorOf(limited).message).toMatch(/秒后再试/);
    // A second process shares the counters.
    const second = await t.secondInstance();
    expect((await as(second, editor).post('/api/check', SHOUTING)).status).toBe(429);
    expect((await as(t.app, drafter).post('/api/check', SHOUTING)).status).toBe(200);
  });

  it('lists the new endpoints in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/check',
        '/api/drafts/{id}/findings/false-positive',
        '/api/orgs/{slug}/allow-entries',
        '/api/orgs/{slug}/allow-entries/{id}',
        '/api/orgs/{slug}/sources',
      ]),
    );
    expect(Object.keys(doc.paths['/api/check']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '413', '429']),
    );
    expect(doc.paths['/api/drafts/{id}/findings/false-positive']!.post!.requestBody).toBeDefined();
  });
});

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
    changesToMake = 1;
    const created = await as(t.app, drafter).post('/api/drafts', REPOST);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(unlisted(draftOf(created))).toEqual([]);
    expect(sourcesChecked).toEqual([[], ['南通日报']]);
    expect(await refusals()).toEqual([]);
  });

  it('answers 409 concurrent_change, audited, when they keep changing', async () => {
    changesToMake = 5;
    const refused = await as(t.app, drafter).post('/api/drafts', REPOST);
    expect([refused.status, errorOf(refused).code]).toEqual([409, 'concurrent_change']);
    expect(sourcesChecked).toHaveLength(5);
    expect((await refusals()).map((entry) => entry.details.error)).toEqual([{ code: 'concurrent_change' }]);
    expect((await t.verifyAudit()).ok).toBe(true);
  });
});
