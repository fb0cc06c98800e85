import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../../src/adapters/crypto/secret-box.js';
import { DEFAULT_PATROL, patrolOn } from '../../../src/composition/monitor.js';
import { wechatOn } from '../../../src/composition/platforms.js';
import { DEFAULT_WORDLISTS_DIR } from '../../../src/package-dirs.js';
import type { PatrolService } from '../../../src/services/monitor/patrol-service.js';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { publishThroughQianfa } from '../../helpers/publish-through-qianfa.js';
import { untilPublishingIdle } from '../../helpers/queues-idle.js';
import { as, startReviewApp, testPublishing, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { until } from '../../helpers/until.js';

const WECHAT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-app-secret' };
/** A made-up term no shipped list holds, listed (block) only after the article is online. */
const TERM = '蓝鲸汇通';
const lateList = (term: string) =>
  [
    '# category: ad',
    '# type: words',
    '# action: block',
    '# description: 更正测试：发布后才列入的词',
    '# source: requirements R51',
    term,
  ].join('\n');

interface DraftView {
  status: string;
  grade: string;
  requested_grade: string | null;
  content: { title: string; body: string; targets: string[]; corrects?: Record<string, string> };
  publications: { target: string; status: string; url?: string; ids?: Record<string, string> }[];
  corrected_by?: { draft: string; kind: string } | null;
}

interface AlertView {
  id: string;
  kind: string;
  details?: Record<string, string>;
  correction?: { draft: string; kind: string; status: string };
}

describe('corrections and retractions of published articles (更正/撤回)', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let wordlistsDir: string;
  let patrol: PatrolService & { close(): Promise<void> };
  let people: { admin: Auth; drafter: Auth; reviewer: Auth; editor: Auth; deputy: Auth };

  beforeEach(async () => {
    wordlistsDir = await mkdtemp(join(tmpdir(), 'qianfa-correction-lists-'));
    await cp(DEFAULT_WORDLISTS_DIR, wordlistsDir, { recursive: true });
    wechat = await new FakeWechatServer({ accounts: [WECHAT] }).start();
    const platforms = { wechatApiBase: wechat.baseUrl };
    t = await startReviewApp(platforms);
    people = {
      admin: await t.person('管理员', ['admin']),
      drafter: await t.person('张三', ['drafter']),
      reviewer: await t.person('李四', ['reviewer']),
      editor: await t.person('王五', ['editor']),
      deputy: await t.person('赵六', ['deputy']),
    };
    const account = { platform: 'wechat', name: '崇川发布', ...WECHAT };
    expect((await as(t.app, people.admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    await t.startWorker();
    const publishing = testPublishing(platforms);
    const deps = {
      accounts: t.accounts,
      alerts: t.alerts,
      wechat: wechatOn(t.redis, t.keys, publishing, new SecretBox(t.secretKey)),
      scopeFor: (org: string) => t.checkSettings.scopeFor(org),
      now: () => new Date(),
    };
    patrol = patrolOn(t.redis, t.keys, publishing, deps, { wordlistsDir, patrol: DEFAULT_PATROL });
  });

  afterEach(async () => {
    await patrol.close();
    await t.close();
    await wechat.close();
    await rm(wordlistsDir, { recursive: true, force: true });
  });

  const read = async (id: string, who: Auth = people.editor) =>
    (await as(t.app, who).get(`/api/drafts/${id}`)).body as DraftView;
  const approve = async (id: string, who: Auth) =>
    as(t.app, who).post(`/api/drafts/${id}/approve`, { version: 1 });
  const alerts = async () =>
    ((await as(t.app, people.admin).get('/api/alerts?org=cc')).body as { alerts: AlertView[] }).alerts;
  const untilPublished = (id: string) =>
    until(`draft ${id} published`, async () => (await read(id)).status === 'published');
  const auditActions = async (id: string) =>
    (
      (await as(t.app, people.editor).get(`/api/drafts/${id}/audit`)).body as {
        entries: { action: string }[];
      }
    ).entries.map((entry) => entry.action);

  it('drafts a correction from a patrol alert, signs it off as any draft, publishes it once and links both ways', async () => {
    const original = await publishThroughQianfa(t, people, {
      title: '读书分享活动通知',
      kind: 'original',
      targets: ['wechat:崇川发布'],
      body: `本周六上午九点在区图书馆举办${TERM}读书分享活动，欢迎市民参加。`,
    });
    await writeFile(join(wordlistsDir, 'late-terms.txt'), `${lateList(TERM)}\n`);
    expect((await patrol.run('cc')).ok).toBe(true);
    const alert = (await alerts()).find((a) => a.kind === 'online_finding')!;
    expect(alert.correction).toBeUndefined();

    // The alerts are the admins'; the one who starts a correction drafts it, so needs that role too.
    const adminOnly = await as(t.app, people.admin).post(`/api/alerts/${alert.id}/correction?org=cc`, {
      kind: 'correction',
    });
    expect((adminOnly.body as { error: { code: string } }).error.code).toBe('role_insufficient');
    expect((await alerts()).find((a) => a.id === alert.id)?.correction).toBeUndefined();
    const office = await t.person('孙八', ['admin', 'drafter']);
    const started = await as(t.app, office).post(`/api/alerts/${alert.id}/correction?org=cc`, {
      kind: 'correction',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = (started.body as { id: string }).id;
    const correction = await read(id);
    const originalUrl = (await read(original)).publications[0]!.url!;
    expect(correction.content.title).toBe('更正：读书分享活动通知');
    // The finding's words are marked, not repeated; the original is named with its link.
    expect(correction.content.body).toContain(originalUrl);
    expect(correction.content.body).toContain('【此处待更正】读书分享活动');
    expect(correction.content.body).not.toContain(TERM);
    expect(correction.content.corrects).toMatchObject({
      kind: 'correction',
      draft: original,
      target: 'wechat:崇川发布',
      url: originalUrl,
    });
    // A second click answers the same correction.
    const again = await as(t.app, office).post(`/api/alerts/${alert.id}/correction?org=cc`, {
      kind: 'correction',
    });
    expect((again.body as { id: string }).id).toBe(id);
    expect((await alerts()).find((a) => a.id === alert.id)?.correction).toMatchObject({
      draft: id,
      by: office.id,
      status: 'in_review',
    });

    for (const decider of [people.reviewer, people.editor])
      expect((await approve(id, decider)).status).toBe(200);
    await untilPublished(id);
    await untilPublishingIdle(t);

    const titles = wechat.publishedArticles(WECHAT.appid).map((article) => article.items[0]!.title);
    expect(titles).toEqual(['读书分享活动通知', '更正：读书分享活动通知']);
    expect(wechat.callCount('/cgi-bin/freepublish/submit')).toBe(2);
    expect((await alerts()).find((a) => a.id === alert.id)?.correction).toMatchObject({
      status: 'published',
    });
    expect((await read(original)).corrected_by).toMatchObject({ draft: id, kind: 'correction' });
    expect((await auditActions(original)).filter((action) => action === 'corrected')).toHaveLength(1);
    expect((await t.verifyAudit()).ok).toBe(true);
  });

  it('retracts by hand: deletes the original on WeChat exactly once though the first delete fails and the second answer is lost', async () => {
    const original = await publishThroughQianfa(t, people, {
      title: '停水通知',
      kind: 'original',
      targets: ['wechat:崇川发布'],
      body: '明天上午九点至十二点，滨江路一带停水。',
    });
    const articleId = wechat.publishedArticles(WECHAT.appid)[0]!.articleId;
    const started = await as(t.app, people.drafter).post(`/api/drafts/${original}/correction`, {
      kind: 'retraction',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = (started.body as { id: string }).id;
    expect((await read(id)).content).toMatchObject({
      title: '关于撤回《停水通知》的说明',
      targets: ['wechat:崇川发布'],
      corrects: { kind: 'retraction', draft: original, article_id: articleId },
    });

    // WeChat is busy once (nothing deleted), then deletes but the answer never arrives.
    wechat.faults.add('/cgi-bin/freepublish/delete', { type: 'error_code', code: -1 });
    wechat.faults.add('/cgi-bin/freepublish/delete', { type: 'drop_connection', afterHandling: true });
    for (const decider of [people.reviewer, people.editor])
      expect((await approve(id, decider)).status).toBe(200);
    await untilPublished(id);
    await untilPublishingIdle(t);

    expect(wechat.callCount('/cgi-bin/freepublish/delete')).toBe(2);
    expect(wechat.deleteCalls(WECHAT.appid, articleId)).toBe(1);
    expect(wechat.publishedArticles(WECHAT.appid).map((article) => article.deleted)).toEqual([true]);
    // Nothing new was published on WeChat: a retraction deletes.
    expect(wechat.callCount('/cgi-bin/freepublish/submit')).toBe(1);
    expect((await read(id)).publications[0]).toMatchObject({
      status: 'published',
      ids: { deleted_article_id: articleId },
    });
    expect((await read(original)).corrected_by).toMatchObject({ draft: id, kind: 'retraction' });
    expect((await auditActions(original)).filter((action) => action === 'retracted')).toHaveLength(1);
  });

  it("signs a correction off at its original's grade or above, never by its own drafter", async () => {
    const submitted = await as(t.app, people.drafter).post('/api/drafts', {
      title: '供暖调整通知',
      kind: 'original',
      targets: ['wechat:崇川发布'],
      grade: 'important',
      body: '本周起全市供暖时间调整为每日六时至二十二时。',
    });
    const original = (submitted.body as { id: string }).id;
    for (const decider of [people.reviewer, people.deputy])
      expect((await approve(original, decider)).status).toBe(200);
    await untilPublished(original);

    // Someone who drafts and reviews starts the correction: they may not approve it themselves.
    const both = await t.person('钱七', ['drafter', 'reviewer']);
    const started = await as(t.app, both).post(`/api/drafts/${original}/correction`, {
      kind: 'correction',
      body: '更正：供暖时间为每日六时至二十二时三十分。',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = (started.body as { id: string }).id;
    expect(await read(id)).toMatchObject({ grade: 'important', requested_grade: 'important' });
    const own = await approve(id, both);
    expect(own.status).toBe(403);
    expect((own.body as { error: { code: string } }).error.code).toBe('approver_is_drafter');
    // Not published yet: nothing to correct.
    const unpublished = await as(t.app, both).post(`/api/drafts/${id}/correction`, { kind: 'correction' });
    expect(unpublished.status).toBe(409);
  });
});
