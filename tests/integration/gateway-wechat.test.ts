import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/domain/audit/audit-event.js';
import { GATEWAY_AUDIT_ORG } from '../../src/services/gateway/refusal-summaries.js';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { fakeImageBytes } from '../fakes/image-bytes.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { until } from '../helpers/until.js';
import {
  CHONGCHUAN,
  GATEWAY_ARTICLE as ARTICLE,
  refusalOf as refusal,
} from '../helpers/gateway-wechat-fixtures.js';
import { wechatApiClient } from '../helpers/wechat-api-client.js';

const HAIMEN = { appid: 'wxfedcba9876543210', secret: 'haimen-real-secret' };
const TAIL = '拟稿：王五　审核：李四　审签：赵六';

interface NewsItem {
  title: string;
  content?: string;
  url: string;
  thumb_media_id: string;
  is_deleted?: boolean;
}

/** draft/batchget's and freepublish/batchget's answer. */
interface ListPage {
  total_count: number;
  item_count: number;
  item: {
    media_id?: string;
    article_id?: string;
    content: { news_item: NewsItem[] };
    update_time: number;
  }[];
}

interface PublishStatus {
  publish_id: string;
  publish_status: number;
  article_id?: string;
  article_detail?: { count: number; item: { idx: number; article_url: string }[] };
  fail_reason?: string;
}

describe('the WeChat-compatible gateway, driven by the wechat-api package', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let gateway: string;
  let admin: Auth;
  let reviewer: Auth;
  let editor: Auth;
  let operator: { appid: string; secret: string };

  beforeAll(async () => {
    wechat = await new FakeWechatServer({ accounts: [CHONGCHUAN, HAIMEN] }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl });
    admin = await t.person('管理员', ['admin']);
    await t.person('王五', ['drafter'], { outsourced: true });
    await t.person('孙七', ['drafter'], { outsourced: true });
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('赵六', ['editor']);
    for (const [name, account] of [
      ['崇川发布', CHONGCHUAN],
      ['海门发布', HAIMEN],
    ] as const) {
      const added = await as(t.app, admin).post('/api/orgs/cc/accounts', {
        platform: 'wechat',
        name,
        ...account,
      });
      expect(added.status).toBe(201);
    }
    operator = await grant('wechat:崇川发布', '王五');
    await t.startWorker();
    gateway = `${await t.listen()}/gateway/wechat`;
  });

  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  function grant(target: `wechat:${string}`, person: string, days = 30) {
    return t.grantGateway(target, person, days);
  }

  function client(credential = operator) {
    return wechatApiClient(gateway, credential.appid, credential.secret);
  }

  async function gatewayTrail(org = 'cc'): Promise<AuditEntry[]> {
    return (await t.audit.all(org)).filter((e) => e.action.startsWith('gateway_'));
  }

  /** The review item (qianfa draft id) a gateway draft became. */
  async function reviewItemOf(mediaId: string): Promise<string | undefined> {
    const json = await t.redis.get(t.keys.gatewayDraft('cc', mediaId));
    return json ? (JSON.parse(json) as { submission?: { draft: string } }).submission?.draft : undefined;
  }

  async function approveAll(draft: string): Promise<void> {
    for (const person of [reviewer, editor]) {
      const approved = await as(t.app, person).post(`/api/drafts/${draft}/approve`, { version: 1 });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
  }

  /** The gateway's answer once it reports `wanted` and the worker is done with the job (the draft settled). */
  async function statusUntil(tool: ReturnType<typeof client>, publishId: string, wanted: number) {
    const ask = () => tool.extra<PublishStatus>('getPublishStatus', { publish_id: publishId });
    await until(`publish ${publishId} to reach status ${wanted}`, async () => {
      return (await ask()).publish_status === wanted;
    });
    await untilPublishingIdle(t);
    return ask();
  }

  it('holds draft/add + freepublish/submit for review, then publishes exactly once with the tail', async () => {
    const tool = client();
    const { media_id } = await tool.extra<{ media_id: string }>('addDraft', { articles: [ARTICLE] });
    const submitted = await tool.extra<{ publish_id: string }>('submitPublish', { media_id });
    expect(submitted.publish_id).toMatch(/^\d{10}$/);
    // A retry after a lost answer finds the same review item.
    expect(await tool.extra('submitPublish', { media_id })).toMatchObject({
      publish_id: submitted.publish_id,
    });

    const waiting = await as(t.app, reviewer).get('/api/drafts?awaiting=me');
    const [item] = (waiting.body as { drafts: { id: string; title: string; status: string }[] }).drafts;
    expect(item).toMatchObject({ title: ARTICLE.title, status: 'in_review' });
    const stored = await as(t.app, reviewer).get(`/api/drafts/${item?.id ?? ''}`);
    expect(JSON.stringify(stored.body)).toContain('王五');
    expect(
      (await tool.extra<PublishStatus>('getPublishStatus', { publish_id: submitted.publish_id }))
        .publish_status,
    ).toBe(1);
    expect(wechat.callCount('/cgi-bin/draft/add') + wechat.callCount('/cgi-bin/freepublish/submit')).toBe(0);
    expect(wechat.publishedCount(CHONGCHUAN.appid)).toBe(0);

    await approveAll(item?.id ?? '');
    const published = await statusUntil(tool, submitted.publish_id, 0);
    expect(wechat.publishedCount(CHONGCHUAN.appid)).toBe(1);
    const [article] = wechat.publishedArticles(CHONGCHUAN.appid);
    expect(JSON.stringify(article)).toContain(TAIL);
    expect(published.article_id).toBe(article?.articleId);
    expect(published.article_detail?.item[0]?.article_url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    // Published drafts leave the draft box, as on WeChat; a late retry publishes nothing more.
    expect((await refusal(tool.extra('getDraft', { media_id }))).code).toBe(40007);
    expect((await refusal(tool.extra('submitPublish', { media_id }))).code).toBe(40007);
    expect(wechat.publishedCount(CHONGCHUAN.appid)).toBe(1);
    expect(wechat.callCount('/cgi-bin/freepublish/submit')).toBe(1);
    // Every call is in the trail, the review item's calls under its id.
    const calls = (await gatewayTrail())
      .filter((e) => e.action === 'gateway_call')
      .map((e) => e.details['endpoint']);
    expect(calls).toEqual(
      expect.arrayContaining([
        '/cgi-bin/token',
        '/cgi-bin/draft/add',
        '/cgi-bin/freepublish/submit',
        '/cgi-bin/freepublish/get',
      ]),
    );
    const ofItem = (await t.audit.forDraft('cc', item?.id ?? '')).map((e) => e.action);
    expect(ofItem).toEqual(expect.arrayContaining(['gateway_call', 'approved', 'published']));
  });

  it('hands out tokens at stable_token too, which the business endpoints accept', async () => {
    const answer = await fetch(`${gateway}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', ...operator, force_refresh: false }),
    });
    const issued = (await answer.json()) as { access_token: string; expires_in: number };
    expect(issued.expires_in).toBe(7200);
    const added = await fetch(`${gateway}/cgi-bin/draft/add?access_token=${issued.access_token}`, {
      method: 'POST',
      body: JSON.stringify({ articles: [ARTICLE] }),
    });
    const { media_id } = (await added.json()) as { media_id?: string };
    expect(media_id).toMatch(/^[\w-]{43}$/);
  });

  it('answers its paths in any letter case, as Express matches mount paths (the app lets them through)', async () => {
    const answer = await fetch(
      `${gateway.replace('/gateway/wechat', '/GateWay/WECHAT')}/cgi-bin/stable_token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', ...operator, force_refresh: false }),
      },
    );
    expect(((await answer.json()) as { expires_in?: number }).expires_in).toBe(7200);
  });

  it('answers publish_status 4 with the reviewer’s reason when the draft is rejected', async () => {
    const tool = client();
    const { media_id } = await tool.extra<{ media_id: string }>('addDraft', {
      articles: [{ ...ARTICLE, title: '周末活动预告' }],
    });
    const { publish_id } = await tool.extra<{ publish_id: string }>('submitPublish', { media_id });
    expect((await refusal(tool.extra('updateDraft', { media_id, index: 0, articles: ARTICLE }))).code).toBe(
      53504,
    );
    const found = (await reviewItemOf(media_id)) ?? '';
    const rejected = await as(t.app, reviewer).post(`/api/drafts/${found}/reject`, {
      version: 1,
      comment: '活动时间需与场馆再确认',
    });
    expect(rejected.status).toBe(200);
    const status = await tool.extra<PublishStatus>('getPublishStatus', { publish_id });
    expect(status).toMatchObject({ publish_status: 4, fail_reason: '审核退回：活动时间需与场馆再确认' });
    // The operator fixes the draft and submits again: a new version of the same review item.
    await tool.extra('updateDraft', {
      media_id,
      index: 0,
      articles: { ...ARTICLE, title: '周末活动预告（更正）' },
    });
    const resubmitted = await tool.extra<{ publish_id: string }>('submitPublish', { media_id });
    expect(resubmitted.publish_id).not.toBe(publish_id); // WeChat issues a new publish_id per submit
    const again = await tool.extra<PublishStatus>('getPublishStatus', { publish_id: resubmitted.publish_id });
    expect(again.publish_status).toBe(1);
    const draft = await as(t.app, reviewer).get(`/api/drafts/${found}`);
    expect(draft.body).toMatchObject({ version: 2, status: 'in_review', title: '周末活动预告（更正）' });
  });

  it('refuses at once a draft the checker blocks (53503), keeping it as a blocked review item', async () => {
    const tool = client();
    const { media_id } = await tool.extra<{ media_id: string }>('addDraft', {
      articles: [
        {
          ...ARTICLE,
          title: '优惠活动',
          content: '<p>扫码加微信领取澳门赌场优惠，详情见 https://bet365.com</p>',
        },
      ],
    });
    const error = await refusal(tool.extra('submitPublish', { media_id }));
    expect(error.code).toBe(53503);
    expect(error.message).toContain('未通过签发检查');
    const draft = (await reviewItemOf(media_id)) ?? '';
    expect((await as(t.app, reviewer).get(`/api/drafts/${draft}`)).body).toMatchObject({ status: 'blocked' });
  });

  it('intercepts message/mass/sendall into review, and never reaches the platform’s mass send', async () => {
    const tool = client();
    const { media_id } = await tool.extra<{ media_id: string }>('addDraft', {
      articles: [{ ...ARTICLE, title: '群发：防汛提醒' }],
    });
    const before = wechat.totalCalls();
    const sent = await tool.call<{ msg_id: number }>('massSendNews', media_id, true);
    expect(sent.msg_id).toBeGreaterThan(0);
    expect(await reviewItemOf(media_id)).toBeTruthy();
    expect(wechat.totalCalls()).toBe(before);
  });

  it('takes material/add_news and media/uploadnews as drafts, in WeChat’s answer shapes', async () => {
    const tool = client();
    const before = wechat.totalCalls();
    const news = { articles: [{ ...ARTICLE, title: '素材：图书馆开放时间调整', show_cover_pic: '1' }] };
    const added = await tool.call<Record<string, unknown>>('uploadNewsMaterial', news);
    expect(Object.keys(added)).toEqual(['media_id']);
    const stored = await tool.extra<{ news_item: { title: string }[] }>('getDraft', {
      media_id: added['media_id'],
    });
    expect(stored.news_item[0]?.title).toBe('素材：图书馆开放时间调整');

    const uploaded = await tool.call<{ type: string; media_id: string; created_at: number }>('uploadNews', {
      articles: [{ ...ARTICLE, title: '群发：暑期开放安排' }],
    });
    expect(Object.keys(uploaded).sort()).toEqual(['created_at', 'media_id', 'type']);
    expect(uploaded.type).toBe('news');
    expect(String(uploaded.created_at)).toMatch(/^\d{10}$/); // Unix seconds, as WeChat answers
    // How such tools go on: a mass send of that media_id, which starts review.
    await tool.call('massSendNews', uploaded.media_id, true);
    expect(await reviewItemOf(uploaded.media_id)).toBeTruthy();
    const two = await refusal(tool.call('uploadNews', { articles: [ARTICLE, ARTICLE] }));
    expect([two.code, two.message]).toEqual([40097, expect.stringContaining('每篇草稿只收一篇图文')]);
    expect(wechat.totalCalls()).toBe(before);
  });

  it('lists the account’s draft box and what qianfa published of it, in WeChat’s shapes', async () => {
    const tool = client();
    const count = async () => (await tool.extra<{ total_count: number }>('countDrafts', {})).total_count;
    const before = await count();
    const add = (title: string) =>
      tool.extra<{ media_id: string }>('addDraft', { articles: [{ ...ARTICLE, title }] });
    const first = await add('列表：第一篇');
    const second = await add('列表：第二篇');
    expect(await count()).toBe(before + 2);
    const viaGet = await fetch(
      `${gateway}/cgi-bin/draft/count?access_token=${tool.api.token?.accessToken ?? ''}`,
    );
    expect(await viaGet.json()).toEqual({ total_count: before + 2 });
    const drafts = await tool.extra<ListPage>('batchGetDrafts', { offset: 0, count: 2, no_content: 1 });
    expect(drafts).toMatchObject({ total_count: before + 2, item_count: 2 });
    expect(drafts.item.map((item) => item.media_id)).toEqual([second.media_id, first.media_id]);
    expect(drafts.item[0]?.content.news_item[0]?.title).toBe('列表：第二篇');
    expect(drafts.item[0]?.content.news_item[0]).not.toHaveProperty('content');
    expect(String(drafts.item[0]?.update_time)).toMatch(/^\d{10}$/);
    const tooMany = await refusal(tool.extra('batchGetDrafts', { offset: 0, count: 21 }));
    expect([tooMany.code, tooMany.message]).toEqual([47003, expect.stringContaining('count 须为 1 到 20')]);

    const listed = () => tool.extra<ListPage>('batchGetPublished', { offset: 0, count: 1 });
    const publishedBefore = (await listed()).total_count;
    const { publish_id } = await tool.extra<{ publish_id: string }>('submitPublish', {
      media_id: first.media_id,
    });
    await approveAll((await reviewItemOf(first.media_id)) ?? '');
    const status = await statusUntil(tool, publish_id, 0);
    expect(await count()).toBe(before + 1);
    const published = await listed();
    expect(published).toMatchObject({ total_count: publishedBefore + 1, item_count: 1 });
    expect(published.item[0]?.article_id).toBe(status.article_id);
    const [onWechat] = wechat.publishedArticles(CHONGCHUAN.appid).slice(-1);
    expect(published.item[0]?.content.news_item[0]).toMatchObject({
      title: '列表：第一篇',
      url: status.article_detail?.item[0]?.article_url,
      is_deleted: false,
    });
    const article = await tool.extra<{ news_item: NewsItem[] }>('getArticle', {
      article_id: status.article_id,
    });
    expect(article.news_item[0]?.content).toContain(TAIL);
    expect(JSON.stringify(onWechat)).toContain(article.news_item[0]?.thumb_media_id);
    const haimen = client(await grant('wechat:海门发布', '孙七'));
    const elsewhere = await refusal(haimen.extra('getArticle', { article_id: status.article_id }));
    expect(elsewhere.code).toBe(53600);
    expect((await haimen.extra<ListPage>('batchGetPublished', { offset: 0, count: 20 })).item).toEqual([]);
  });

  it('forwards image uploads to WeChat with the account’s real token', async () => {
    const file = join(tmpdir(), `gateway-${process.pid}.png`);
    await writeFile(file, fakeImageBytes('png', 256));
    const tool = client();
    const uploaded = await tool.call<{ url: string }>('uploadImage', file);
    expect(uploaded.url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\//);
    const material = await tool.call<{ media_id: string }>('uploadImageMaterial', file);
    expect(material.media_id).toBeTruthy();
    expect(wechat.callCount('/cgi-bin/media/uploadimg')).toBeGreaterThanOrEqual(1);
    // The tool never saw the real token: WeChat was called with the one qianfa holds.
    expect(tool.api.token?.accessToken).not.toBe(await t.redis.get(t.keys.wechatToken(CHONGCHUAN.appid)));
  });

  it('counts and lists the permanent materials uploaded through it, and no others', async () => {
    const file = join(tmpdir(), `material-${process.pid}.png`);
    await writeFile(file, fakeImageBytes('png', 256));
    const tool = client();
    const counts = () => tool.call<Record<string, number>>('getMaterialCount');
    const before = await counts();
    const material = await tool.call<{ media_id: string; url: string }>('uploadImageMaterial', file);
    await tool.call('uploadImage', file); // an image for article HTML: not permanent material
    expect(await counts()).toEqual({
      ...before,
      image_count: (before['image_count'] ?? 0) + 1,
      news_count: 0,
    });
    const listed = await tool.call<ListPage & { item: { media_id: string; name: string; url?: string }[] }>(
      'getMaterials',
      'image',
      0,
      1,
    );
    expect(listed).toMatchObject({ total_count: (before['image_count'] ?? 0) + 1, item_count: 1 });
    expect(listed.item[0]).toMatchObject({
      media_id: material.media_id,
      name: `material-${process.pid}.png`,
      url: material.url,
    });
    expect(String(listed.item[0]?.update_time)).toMatch(/^\d{10}$/);
    expect(await tool.call('getMaterials', 'news', 0, 20)).toEqual({
      total_count: 0,
      item_count: 0,
      item: [],
    });
    expect((await refusal(tool.call('getMaterials', 'file', 0, 20))).code).toBe(40004);
    expect((await refusal(tool.call('getMaterials', 'image', -1, 20))).code).toBe(47003);
    const haimen = client(await grant('wechat:海门发布', '孙七'));
    expect((await haimen.call<Record<string, number>>('getMaterialCount'))['image_count']).toBe(0);
  });

  it('refuses unknown and dangerous endpoints in errcode style without forwarding them', async () => {
    const tool = client();
    const before = wechat.totalCalls();
    const error = await refusal(tool.call('getFollowers'));
    expect([error.name, error.code]).toEqual(['WeChatAPIError', 48001]);
    expect(error.message).toContain('/cgi-bin/user/get');
    const raw = await fetch(`${gateway}/cgi-bin/freepublish/delete?access_token=x`, {
      method: 'POST',
      body: '{}',
    });
    expect(await raw.json()).toMatchObject({ errcode: 48001 });
    const wrongMethod = await fetch(`${gateway}/cgi-bin/draft/add?access_token=x`);
    const wrongAnswer = (await wrongMethod.json()) as { errcode: number; errmsg: string };
    const wrongType = await fetch(
      `${gateway}/cgi-bin/draft/add?access_token=${tool.api.token?.accessToken ?? ''}`,
      {
        method: 'POST',
        body: '{"articles": [null]}',
      },
    );
    const wrongTypeAnswer = (await wrongType.json()) as { errcode: number; errmsg: string };
    expect(wrongTypeAnswer.errmsg).not.toMatch(/Invalid input|expected/);
    expect([wrongAnswer.errcode, wrongAnswer.errmsg]).toEqual([
      43002,
      expect.stringContaining('只接受 POST'),
    ]);
    const bad = await fetch(`${gateway}/cgi-bin/draft/add?access_token=x`, {
      method: 'POST',
      body: '{not json',
    });
    expect(await bad.json()).toMatchObject({ errcode: 47001 });
    const untitled = await refusal(tool.extra('addDraft', { articles: [{ content: '<p>正文</p>' }] }));
    expect([untitled.code, untitled.message]).toEqual([47001, expect.stringContaining('title')]);
    const malformed = (await gatewayTrail()).filter((e) => e.details['refusal'] === 'malformed_request');
    expect(malformed.at(-1)?.details['appid']).toBe(operator.appid);
    expect(wechat.totalCalls()).toBe(before);
    const [summary] = await t.refusalSummariesOf(GATEWAY_AUDIT_ORG);
    expect(summary?.details['by_endpoint']).toHaveProperty(['wechat /cgi-bin/freepublish/delete']);
  });

  it('answers a submission to an account disabled since the grant as WeChat does a frozen account (50007)', async () => {
    const haimen = client(await grant('wechat:海门发布', '孙七'));
    const { media_id } = await haimen.extra<{ media_id: string }>('addDraft', { articles: [ARTICLE] });
    const path = `/api/orgs/cc/accounts/wechat/${encodeURIComponent('海门发布')}`;
    expect((await as(t.app, admin).post(`${path}/disable`, {})).status).toBe(200);
    try {
      const error = await refusal(haimen.extra('submitPublish', { media_id }));
      expect(error.code).toBe(50007);
      expect(error.message).toContain('停用');
    } finally {
      expect((await as(t.app, admin).post(`${path}/enable`, {})).status).toBe(200);
    }
  });

  it('refuses one account’s credentials on another account’s drafts and publish ids, and audits it', async () => {
    const haimen = client(await grant('wechat:海门发布', '孙七'));
    const { media_id } = await client().extra<{ media_id: string }>('addDraft', { articles: [ARTICLE] });
    const { publish_id } = await client().extra<{ publish_id: string }>('submitPublish', { media_id });
    expect((await refusal(haimen.extra('getDraft', { media_id }))).code).toBe(40007);
    expect((await refusal(haimen.extra('submitPublish', { media_id }))).code).toBe(40007);
    expect((await refusal(haimen.extra('getPublishStatus', { publish_id }))).code).toBe(53502);
    const refusals = (await gatewayTrail()).filter(
      (e) => e.action === 'gateway_refused' && (e.details['refusal'] as string).endsWith('other_account'),
    );
    expect(refusals.length).toBeGreaterThanOrEqual(3);
    expect(refusals.every((e) => e.details['target'] === 'wechat:海门发布')).toBe(true);
  });

  it('refuses wrong, unknown, revoked and expired credentials, and audits every refusal', async () => {
    expect((await refusal(client({ ...operator, secret: 'f'.repeat(32) }).call('getAccessToken'))).code).toBe(
      40125,
    );
    expect(
      (await refusal(client({ appid: 'qf0000000000000000', secret: 'x' }).call('getAccessToken'))).code,
    ).toBe(40013);
    const unknown = (await t.refusalSummariesOf(GATEWAY_AUDIT_ORG)).at(-1);
    expect(unknown?.details).toMatchObject({
      by_reason: { unknown_appid: 1 },
      appids: { qf0000000000000000: 1 },
    });

    const revokedCredential = await grant('wechat:崇川发布', '王五');
    const revokedTool = client(revokedCredential);
    await revokedTool.extra('addDraft', { articles: [ARTICLE] });
    expect(await t.gatewayCredentials.revoke('cc', revokedCredential.appid, 'cli')).toMatchObject({
      ok: true,
    });
    const withOldToken = await refusal(revokedTool.extra('addDraft', { articles: [ARTICLE] }));
    expect([withOldToken.code, withOldToken.message]).toEqual([40243, expect.stringContaining('吊销')]);
    expect((await refusal(client(revokedCredential).call('getAccessToken'))).code).toBe(40243);

    const shortCredential = await grant('wechat:崇川发布', '王五', 1);
    const shortTool = client(shortCredential);
    await shortTool.extra('addDraft', { articles: [ARTICLE] });
    t.advanceClock(2 * 24 * 3_600_000);
    const expired = await refusal(shortTool.extra('addDraft', { articles: [ARTICLE] }));
    expect([expired.code, expired.message]).toEqual([40243, expect.stringContaining('过期')]);

    const reasons = (await gatewayTrail())
      .filter((e) => e.action === 'gateway_refused')
      .map((e) => e.details['refusal']);
    expect(reasons).toEqual(expect.arrayContaining(['credential_revoked', 'credential_expired']));
    // The wrong secret named a known appid but authenticated nobody: counted in the organisation's summary.
    const guesses = (await t.refusalSummariesOf('cc')).at(-1);
    expect(guesses?.details).toMatchObject({ by_reason: { wrong_secret: 1 } });
    const everything = JSON.stringify(await t.audit.all('cc'));
    expect(everything).not.toContain(operator.secret);
    expect(everything).not.toContain(CHONGCHUAN.secret);
    expect(await t.verifyAudit()).toMatchObject({ ok: true });
    expect(await t.verifyAudit(GATEWAY_AUDIT_ORG)).toMatchObject({ ok: true });
  });
});
