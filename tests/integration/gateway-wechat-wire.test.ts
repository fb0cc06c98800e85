import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicationUnconfirmedError } from '../../src/adapters/redis/redis-connection.js';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { fakeImageBytes } from '../fakes/image-bytes.js';
import {
  as,
  gatewayPartsOnLostRedis,
  startReviewApp,
  type Auth,
  type ReviewApp,
} from '../helpers/review-app.js';
import {
  CHONGCHUAN,
  GATEWAY_ARTICLE as ARTICLE,
  refusalOf as refusal,
} from '../helpers/gateway-wechat-fixtures.js';
import { wechatApiClient } from '../helpers/wechat-api-client.js';
import { until } from '../helpers/until.js';

/** English a library would write (zod, JSON.parse, body-parser), which must never reach a hint. */
const LIBRARY_ENGLISH =
  /Invalid input|expected|received|Unexpected|JSON at position|is not valid JSON|unsupported|entity|request|Too (small|big)|undefined|null/i;

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

describe('the WeChat gateway on the wire: envelopes, charsets, token expiry, draft fields, publish ids', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let gateway: string;
  let reviewer: Auth;
  let editor: Auth;
  let operator: { appid: string; secret: string };

  beforeAll(async () => {
    wechat = await new FakeWechatServer({ accounts: [CHONGCHUAN] }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl });
    const admin = await t.person('管理员', ['admin']);
    await t.person('王五', ['drafter'], { outsourced: true });
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('赵六', ['editor']);
    const added = await as(t.app, admin).post('/api/orgs/cc/accounts', {
      platform: 'wechat',
      name: '崇川发布',
      ...CHONGCHUAN,
    });
    expect(added.status).toBe(201);
    operator = await t.grantGateway('wechat:崇川发布', '王五', 30);
    gateway = `${await t.listen()}/gateway/wechat`;
  });

  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  async function token(): Promise<string> {
    const query = `grant_type=client_credential&appid=${operator.appid}&secret=${operator.secret}`;
    const answer = (await (await fetch(`${gateway}/cgi-bin/token?${query}`)).json()) as {
      access_token: string;
    };
    return answer.access_token;
  }

  async function post(
    path: string,
    body: string | Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; contentType: string; answer: WechatAnswer }> {
    const response = await fetch(`${gateway}${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      answer: JSON.parse(text) as WechatAnswer,
    };
  }

  /** WeChat's envelope: HTTP 200, JSON, exactly errcode and errmsg, and a Chinese hint free of library English. */
  function expectWechatRefusal(
    reply: { status: number; contentType: string; answer: WechatAnswer },
    errcode: number,
    label: string,
  ): void {
    expect(reply.status, label).toBe(200);
    expect(reply.contentType, label).toMatch(/^application\/json/);
    expect(Object.keys(reply.answer).sort(), label).toEqual(['errcode', 'errmsg']);
    expect(reply.answer.errcode, `${label}: ${reply.answer.errmsg}`).toBe(errcode);
    const hint = /hint: \[qianfa\] (.*)$/su.exec(reply.answer.errmsg ?? '')?.[1] ?? '';
    expect(hint, `${label}: ${reply.answer.errmsg}`).toMatch(/\p{Script=Han}/u);
    expect(hint, `${label}: ${reply.answer.errmsg}`).not.toMatch(LIBRARY_ENGLISH);
  }

  it('answers every malformed or misdirected request in WeChat’s envelope with a Chinese hint', async () => {
    const q = `?access_token=${await token()}`;
    const json = { 'content-type': 'application/json' };
    const cases: [string, string, string | Uint8Array, Record<string, string>, number][] = [
      ['malformed JSON', `/cgi-bin/draft/add${q}`, '{not json', json, 47001],
      ['empty body', `/cgi-bin/draft/add${q}`, '', json, 47001],
      ['JSON null', `/cgi-bin/draft/get${q}`, 'null', json, 47001],
      ['a JSON array', `/cgi-bin/draft/get${q}`, '[1,2]', json, 47001],
      ['articles not a list', `/cgi-bin/draft/add${q}`, '{"articles":"x"}', json, 47001],
      [
        'an article of wrong types',
        `/cgi-bin/draft/add${q}`,
        '{"articles":[{"title":1,"content":[]}]}',
        json,
        47001,
      ],
      ['media_id a number', `/cgi-bin/draft/get${q}`, '{"media_id":5}', json, 47001],
      [
        'index not a number',
        `/cgi-bin/draft/update${q}`,
        '{"media_id":"m","index":"x","articles":{}}',
        json,
        47001,
      ],
      ['no access_token', '/cgi-bin/draft/add', JSON.stringify({ articles: [ARTICLE] }), json, 41001],
      ['an unknown path', `/cgi-bin/nowhere/at/all${q}`, '{}', json, 48001],
      ['a POST to cgi-bin/token', '/cgi-bin/token', '{}', json, 43001],
      [
        'a body over the limit',
        `/cgi-bin/draft/add${q}`,
        `{"x":"${'a'.repeat(3 * 1024 * 1024)}"}`,
        json,
        47001,
      ],
      [
        'an unknown charset',
        `/cgi-bin/draft/get${q}`,
        '{}',
        { 'content-type': 'application/json; charset=klingon' },
        47001,
      ],
      [
        'a charset WeChat does not take',
        `/cgi-bin/draft/get${q}`,
        '{}',
        { 'content-type': 'application/json; charset=big5' },
        47001,
      ],
      [
        'an unknown content encoding',
        `/cgi-bin/draft/get${q}`,
        '{}',
        { ...json, 'content-encoding': 'compress' },
        47001,
      ],
      [
        'a broken gzip body',
        `/cgi-bin/draft/get${q}`,
        'not gzip',
        { ...json, 'content-encoding': 'gzip' },
        47001,
      ],
      [
        'a form instead of JSON',
        `/cgi-bin/draft/get${q}`,
        'media_id=abc',
        { 'content-type': 'application/x-www-form-urlencoded' },
        47001,
      ],
      ['a malformed path escape', `/cgi-bin/draft/%E0%A4%A${q}`, '{}', json, 48001],
    ];
    for (const [label, path, body, headers, errcode] of cases) {
      expectWechatRefusal(await post(path, body, headers), errcode, label);
    }
    // A gzip body is read like any other (body-parser inflates it).
    const zipped = await post(`/cgi-bin/draft/add${q}`, gzipSync(JSON.stringify({ articles: [ARTICLE] })), {
      ...json,
      'content-encoding': 'gzip',
    });
    expect(zipped.answer.media_id).toBeTruthy();
  });

  it('reads bodies in GBK, GB2312 and GB18030 as WeChat tools send them', async () => {
    const q = `?access_token=${await token()}`;
    // 防汛通知 and <p>请注意防汛，远离河道。</p>, encoded in GBK (the same bytes in GB2312 and GB18030).
    const title = Buffer.from('b7c0d1b4cda8d6aa', 'hex');
    const content = Buffer.from('3c703ec7ebd7a2d2e2b7c0d1b4a3acd4b6c0ebbad3b5c0a1a33c2f703e', 'hex');
    const body = Buffer.concat([
      Buffer.from('{"articles":[{"title":"'),
      title,
      Buffer.from('","content":"'),
      content,
      Buffer.from('","thumb_media_id":"cover"}]}'),
    ]);
    for (const charset of ['gbk', 'GB2312', 'gb18030']) {
      const added = await post(`/cgi-bin/draft/add${q}`, body, {
        'content-type': `application/json; charset=${charset}`,
      });
      expect(added.status, charset).toBe(200);
      const mediaId = String(added.answer.media_id);
      const got = await post(`/cgi-bin/draft/get${q}`, JSON.stringify({ media_id: mediaId }));
      const [item] = got.answer.news_item as { title: string; content: string }[];
      expect([item?.title, item?.content], charset).toEqual(['防汛通知', '<p>请注意防汛，远离河道。</p>']);
    }
  });

  it('refuses a title over 32 characters at draft/add and draft/update (45003), as WeChat does', async () => {
    const tool = wechatApiClient(gateway, operator.appid, operator.secret);
    const long = '关于做好二〇二六年度全区防汛抗旱和地质灾害防治工作的紧急通知（第二号）'; // 35 characters
    expect([...long]).toHaveLength(35);
    const added = await refusal(tool.extra('addDraft', { articles: [{ ...ARTICLE, title: long }] }));
    expect([added.code, added.message]).toEqual([45003, expect.stringContaining('标题不能超过 32 个字')]);
    const exact = [...long].slice(0, 32).join('');
    const { media_id } = await tool.extra<{ media_id: string }>('addDraft', {
      articles: [{ ...ARTICLE, title: exact }],
    });
    const updated = await refusal(
      tool.extra('updateDraft', { media_id, index: 0, articles: { ...ARTICLE, title: long } }),
    );
    expect([updated.code, updated.message]).toEqual([45003, expect.stringContaining('现为 35 个字')]);
    const kept = await tool.extra<{ news_item: { title: string }[] }>('getDraft', { media_id });
    expect(kept.news_item[0]?.title).toBe(exact);
  });

  it('answers draft/get with the cover’s thumb_url and, once submitted, a preview url', async () => {
    const file = join(tmpdir(), `gateway-wire-${process.pid}.jpg`);
    await writeFile(file, fakeImageBytes('jpeg', 256));
    const tool = wechatApiClient(gateway, operator.appid, operator.secret);
    const cover = await tool.call<{ media_id: string; url: string }>('uploadImageMaterial', file);
    expect(cover.url).toBeTruthy();
    const { media_id } = await tool.extra<{ media_id: string }>('addDraft', {
      articles: [{ ...ARTICLE, title: '封面测试', thumb_media_id: cover.media_id }],
    });
    const before = await tool.extra<{ news_item: { url: string; thumb_url: string }[] }>('getDraft', {
      media_id,
    });
    expect(before.news_item[0]).toMatchObject({ thumb_url: cover.url, url: '' });
    await tool.extra('submitPublish', { media_id });
    const after = await tool.extra<{ news_item: { url: string; thumb_url: string }[] }>('getDraft', {
      media_id,
    });
    const draft = JSON.parse((await t.redis.get(t.keys.gatewayDraft('cc', media_id))) ?? '{}') as {
      submission?: { draft: string };
    };
    expect(after.news_item[0]?.url).toBe(
      `${gateway.replace(/\/gateway\/wechat$/, '')}/d/review/${draft.submission?.draft ?? '?'}`,
    );
    expect(after.news_item[0]?.thumb_url).toBe(cover.url);
  });

  it('publishes a gateway draft with the cover its tool uploaded, not the account’s default', async () => {
    const file = join(tmpdir(), `gateway-wire-cover-${process.pid}.jpg`);
    await writeFile(file, fakeImageBytes('jpeg', 512));
    const tool = wechatApiClient(gateway, operator.appid, operator.secret);
    const cover = await tool.call<{ media_id: string }>('uploadImageMaterial', file);
    const uploads = wechat.callCount('/cgi-bin/material/add_material');
    const { media_id } = await tool.extra<{ media_id: string }>('addDraft', {
      articles: [{ ...ARTICLE, title: '带封面的活动通知', thumb_media_id: cover.media_id }],
    });
    await tool.extra('submitPublish', { media_id });
    const entry = JSON.parse((await t.redis.get(t.keys.gatewayDraft('cc', media_id))) ?? '{}') as {
      submission?: { draft: string };
    };
    const id = entry.submission?.draft ?? '';
    await t.startWorker();
    for (const decider of [reviewer, editor]) {
      const approved = await as(t.app, decider).post(`/api/drafts/${id}/approve`, { version: 1 });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
    await until(`draft ${id} to be published`, async () => {
      const draft = (await as(t.app, reviewer).get(`/api/drafts/${id}`)).body as { status: string };
      return draft.status === 'published';
    });
    const published = wechat.publishedArticles(CHONGCHUAN.appid).map((article) => article.items[0]);
    expect(published.find((item) => item?.title === '带封面的活动通知')?.thumb_media_id).toBe(cover.media_id);
    // Publishing uploaded no cover of its own (the account's default).
    expect(wechat.callCount('/cgi-bin/material/add_material')).toBe(uploads);
  });

  it('issues a new publish_id per submit after a rejection; the old one keeps answering its rejection', async () => {
    const tool = wechatApiClient(gateway, operator.appid, operator.secret);
    const { media_id } = await tool.extra<{ media_id: string }>('addDraft', {
      articles: [{ ...ARTICLE, title: '周末活动预告' }],
    });
    const first = await tool.extra<{ publish_id: string }>('submitPublish', { media_id });
    const draft = JSON.parse((await t.redis.get(t.keys.gatewayDraft('cc', media_id))) ?? '{}') as {
      submission?: { draft: string };
    };
    const rejected = await as(t.app, reviewer).post(`/api/drafts/${draft.submission?.draft ?? ''}/reject`, {
      version: 1,
      comment: '活动时间需与场馆再确认',
    });
    expect(rejected.status).toBe(200);
    await tool.extra('updateDraft', {
      media_id,
      index: 0,
      articles: { ...ARTICLE, title: '周末活动预告（更正）' },
    });
    const second = await tool.extra<{ publish_id: string }>('submitPublish', { media_id });
    expect(second.publish_id).not.toBe(first.publish_id);
    // A retry of the same submit still gets the same id.
    expect(await tool.extra('submitPublish', { media_id })).toMatchObject({ publish_id: second.publish_id });
    const status = (publish_id: string) =>
      tool.extra<{ publish_status: number; fail_reason?: string }>('getPublishStatus', { publish_id });
    expect(await status(first.publish_id)).toMatchObject({
      publish_status: 4,
      fail_reason: '审核退回：活动时间需与场馆再确认',
    });
    expect((await status(second.publish_id)).publish_status).toBe(1);
    const sent = await tool.call<{ msg_id: number }>('massSendNews', media_id, true);
    expect(String(sent.msg_id)).toBe(second.publish_id);
  });

  it('answers a change no replica confirmed, and a Redis gone, with errcode -1 in WeChat’s envelope', async () => {
    const path = `/gateway/wechat/cgi-bin/draft/add?access_token=${await token()}`;
    const addTo = async (app: ReturnType<ReviewApp['appWith']>) => {
      const res = await request(app)
        .post(path)
        .send({ articles: [ARTICLE] });
      return {
        status: res.status,
        contentType: res.headers['content-type'] ?? '',
        answer: res.body as WechatAnswer,
      };
    };
    // The hook the service's edge waits on with Sentinel (WAIT 1), failing as when no replica acknowledges.
    const unconfirmed = t.appWith({ confirmWrites: () => Promise.reject(new ReplicationUnconfirmedError()) });
    const notConfirmed = await addTo(unconfirmed);
    expectWechatRefusal(notConfirmed, -1, 'no replica confirmed');
    expect(notConfirmed.answer.errmsg).toContain('没有副本确认');

    const wechatOnGone = { ...t.gateway.wechat, ...(await gatewayPartsOnLostRedis(t)) };
    const down = await addTo(t.appWith({ gateway: { ...t.gateway, wechat: wechatOnGone } }));
    expectWechatRefusal(down, -1, 'Redis gone');
    expect(down.answer.errmsg).toContain('存储服务（Redis）暂时不可用');
  });

  // Last: it moves the server's clock past every token handed out so far.
  it('answers 42001 for an expired token and 40001 for a wrong one', async () => {
    const fresh = await token();
    const get = (accessToken: string) =>
      post(`/cgi-bin/draft/get?access_token=${accessToken}`, JSON.stringify({ media_id: 'x' }));
    expect((await get(fresh)).answer.errcode).toBe(40007);
    expectWechatRefusal(await get(`${fresh}x`), 40001, 'a wrong token');
    t.advanceClock(7200 * 1000);
    expectWechatRefusal(await get(fresh), 42001, 'an expired token');
  });
});
