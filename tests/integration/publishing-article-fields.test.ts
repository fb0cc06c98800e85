import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { untilPublishingIdle } from '../helpers/queues-idle.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../helpers/review-app.js';
import { WECHAT_ACCOUNT, WECHAT_DRAFT } from '../helpers/publishing-fixtures.js';
import { until } from '../helpers/until.js';
import { fakeImageBytes } from '../fakes/image-bytes.js';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const WECHAT = WECHAT_ACCOUNT;
const DRAFT = WECHAT_DRAFT;

/** What the WeChat article carries besides its text (issue 15, point 3): byline, comment switches, cover. */
describe('the published WeChat article', () => {
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let drafter: Auth;
  let reviewer: Auth;
  let editor: Auth;

  beforeEach(async () => {
    wechat = await new FakeWechatServer({ accounts: [WECHAT] }).start();
    // The image servers below listen on loopback: allowed by configuration, as an intranet image host would be.
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl, imageAllowHosts: ['127.0.0.1'] });
    const admin = await t.person('管理员', ['admin']);
    drafter = await t.person('张三', ['drafter']);
    reviewer = await t.person('李四', ['reviewer']);
    editor = await t.person('王五', ['editor']);
    const account = { platform: 'wechat', name: '崇川发布', ...WECHAT };
    expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    await t.startWorker();
  });

  afterEach(async () => {
    await t.close();
    await wechat.close();
  });

  async function approve(id: string): Promise<void> {
    for (const person of [reviewer, editor]) {
      const approved = await as(t.app, person).post(`/api/drafts/${id}/approve`, { version: 1 });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
  }

  /** The news item WeChat published for draft `id`, once the worker is done. */
  async function publishedItem(id: string, index = 0) {
    await until(`draft ${id} to be published`, async () => {
      const draft = (await as(t.app, editor).get(`/api/drafts/${id}`)).body as { status: string };
      return draft.status === 'published';
    });
    await untilPublishingIdle(t);
    return wechat.publishedArticles(WECHAT.appid)[index]?.items[0];
  }

  it('carries the byline and comment switches a REST draft sets, and invents no byline when it sets none', async () => {
    const fields = { author: '崇川区融媒体中心', need_open_comment: true, only_fans_can_comment: true };
    const submitted = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, ...fields });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = (submitted.body as { id: string }).id;
    await approve(id);
    expect(await publishedItem(id)).toMatchObject({
      author: '崇川区融媒体中心',
      need_open_comment: 1,
      only_fans_can_comment: 1,
    });

    const plain = (await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title: '第二篇通知' })).body as {
      id: string;
    };
    await approve(plain.id);
    expect(await publishedItem(plain.id, 1)).toMatchObject({
      author: '',
      need_open_comment: 0,
      only_fans_can_comment: 0,
    });
  });

  it('publishes the digest (摘要) a REST draft sets, and the body’s first 54 characters when it sets none', async () => {
    const digest = '区图书馆周六延长开放，亲子阅读区新增绘本两千册。';
    const submitted = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, digest });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = (submitted.body as { id: string }).id;
    await approve(id);
    expect(await publishedItem(id)).toMatchObject({ digest });
    const plain = (await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title: '第二篇通知' })).body as {
      id: string;
    };
    await approve(plain.id);
    expect((await publishedItem(plain.id, 1))?.digest).not.toBe(digest);
  });

  it('refuses a REST digest longer than 120 characters (WeChat takes 128)', async () => {
    const refused = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, digest: '摘'.repeat(121) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('摘要不能超过 120 个字符');
  });

  it('refuses a REST byline longer than WeChat takes (16 characters)', async () => {
    const refused = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, author: '长'.repeat(17) });
    expect(refused.status).toBe(400);
  });

  it('carries the byline and comment switches a tool set through the gateway', async () => {
    await t.person('赵六', ['drafter'], { outsourced: true });
    const credential = await t.grantGateway('wechat:崇川发布', '赵六');
    const gateway = (path: string, token?: string) =>
      request(t.app).post(`/gateway/wechat/cgi-bin/${path}${token ? `?access_token=${token}` : ''}`);
    const issued = await gateway('stable_token').send({ grant_type: 'client_credential', ...credential });
    const token = (issued.body as { access_token: string }).access_token;
    const article = {
      title: DRAFT.title,
      author: '区图书馆',
      digest: '',
      content: `<p>${DRAFT.body}</p>`,
      content_source_url: '',
      thumb_media_id: 'cover-from-the-tool',
      need_open_comment: 1,
      only_fans_can_comment: 1,
    };
    const added = await gateway('draft/add', token).send({ articles: [article] });
    const mediaId = (added.body as { media_id: string }).media_id;
    expect(mediaId, JSON.stringify(added.body)).toBeTruthy();
    const submitted = await gateway('freepublish/submit', token).send({ media_id: mediaId });
    expect(
      (submitted.body as { publish_id?: string }).publish_id,
      JSON.stringify(submitted.body),
    ).toBeTruthy();
    const waiting = await as(t.app, reviewer).get('/api/drafts?awaiting=me');
    const id = (waiting.body as { drafts: { id: string }[] }).drafts[0]?.id ?? '';
    await approve(id);
    expect(await publishedItem(id)).toMatchObject({
      author: '区图书馆',
      need_open_comment: 1,
      only_fans_can_comment: 1,
    });
  });

  async function publishedDraft(title: string): Promise<string> {
    const submitted = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title });
    const id = (submitted.body as { id: string }).id;
    await approve(id);
    return id;
  }

  it('uploads the cover once per account and reuses it, so the material library does not fill up', async () => {
    const first = await publishedItem(await publishedDraft('第一篇通知'), 0);
    const second = await publishedItem(await publishedDraft('第二篇通知'), 1);
    expect(wechat.callCount('/cgi-bin/material/add_material')).toBe(1);
    expect(wechat.materialCount(WECHAT.appid)).toBe(1);
    expect(second?.thumb_media_id).toBe(first?.thumb_media_id);
  });

  it('uploads the cover again when it was deleted in the console, and still publishes once', async () => {
    const first = await publishedItem(await publishedDraft('第一篇通知'), 0);
    wechat.deleteMaterial(first?.thumb_media_id ?? '');
    const id = await publishedDraft('第二篇通知');
    const second = await publishedItem(id, 1);
    expect(second?.thumb_media_id).not.toBe(first?.thumb_media_id);
    expect(wechat.callCount('/cgi-bin/material/add_material')).toBe(2);
    expect(wechat.publishedCount(WECHAT.appid)).toBe(2);
    const retried = t.logged.find((entry) => entry.message === 'publish attempt failed, will retry');
    expect(retried?.fields).toMatchObject({ draft: id, code: 'cover_gone' });
  });

  it('after a lost submit answer, finds its own article among others with the same cover', async () => {
    await publishedItem(await publishedDraft('第一篇通知'), 0);
    wechat.faults.add('/cgi-bin/freepublish/submit', { type: 'drop_connection', afterHandling: true });
    const id = await publishedDraft('第二篇通知');
    const published = await publishedItem(id, 1);
    expect(wechat.publishedCount(WECHAT.appid)).toBe(2);
    expect(wechat.callCount('/cgi-bin/freepublish/submit')).toBe(2);
    const [publication] = (
      (await as(t.app, editor).get(`/api/drafts/${id}`)).body as { publications: { url: string }[] }
    ).publications;
    expect(publication?.url).toBe(published?.url);
  });

  /** A PNG of `size` bytes as a data: URI, and the SHA-256 the fake records for it. */
  function pngCover(size: number) {
    const bytes = Buffer.from(fakeImageBytes('png', size));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { uri: `data:image/png;base64,${bytes.toString('base64')}`, sha256 };
  }

  it('publishes the draft’s own cover, uploaded once for two drafts with the same image', async () => {
    const cover = pngCover(2048);
    const ids: string[] = [];
    for (const title of ['第一篇通知', '第二篇通知']) {
      const submitted = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title, cover: cover.uri });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      ids.push((submitted.body as { id: string }).id);
    }
    await approve(ids[0] ?? '');
    const first = await publishedItem(ids[0] ?? '', 0);
    await approve(ids[1] ?? '');
    const second = await publishedItem(ids[1] ?? '', 1);
    expect(wechat.material(WECHAT.appid, first?.thumb_media_id ?? '')?.sha256).toBe(cover.sha256);
    expect(second?.thumb_media_id).toBe(first?.thumb_media_id);
    expect(wechat.callCount('/cgi-bin/material/add_material')).toBe(1);
  });

  /** A loopback image server for one test: serves a PNG, or redirects `/moved` to `movedTo`; records paths. */
  async function withImageServer(work: (base: string, seen: string[], png: Buffer) => Promise<void>) {
    const png = Buffer.from(fakeImageBytes('png', 4096));
    const seen: string[] = [];
    const movedTo = { url: '' };
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === '/moved') res.writeHead(302, { Location: movedTo.url }).end();
      else res.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      movedTo.url = `http://localhost:${port}/after-redirect.png`;
      await work(`http://127.0.0.1:${port}`, seen, png);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('downloads a cover given as a URL and uploads that image', async () => {
    await withImageServer(async (base, _seen, png) => {
      const submitted = await as(t.app, drafter).post('/api/drafts', {
        ...DRAFT,
        cover: `${base}/cover.png`,
      });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      const id = (submitted.body as { id: string }).id;
      await approve(id);
      const item = await publishedItem(id);
      const sha256 = createHash('sha256').update(png).digest('hex');
      expect(wechat.material(WECHAT.appid, item?.thumb_media_id ?? '')?.sha256).toBe(sha256);
    });
  });

  it('fetches no image at a loopback or private address whose host is not allowed, and says which image failed', async () => {
    await withImageServer(async (base, seen) => {
      const port = new URL(base).port;
      const drafts = [
        // A name resolving to loopback: refused at connect, on the address resolved.
        { cover: `http://localhost:${port}/by-name.png` },
        // A literal address (IPv4-mapped IPv6): refused before connecting.
        { cover: `http://[::ffff:127.0.0.1]:${port}/literal.png` },
        // An allowed host redirecting to one that is not: the redirect is not followed.
        { cover: `${base}/moved` },
      ];
      for (const [index, fields] of drafts.entries()) {
        const title = `第${index + 1}篇通知`;
        const submitted = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, title, ...fields });
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
        const id = (submitted.body as { id: string }).id;
        await approve(id);
        const failed = await until(`draft ${id} to fail`, async () => {
          const draft = (await as(t.app, editor).get(`/api/drafts/${id}`)).body as {
            status: string;
            publications: { failure: { code: string; explanation: string } | null }[];
          };
          return draft.status === 'publish_failed' ? draft.publications[0]?.failure : undefined;
        });
        expect(failed?.code).toBe('image_refused');
        expect(failed?.explanation).toMatch(
          /^封面（http:\/\/.+）：图片地址是本机或内网地址，出于安全不予下载/,
        );
      }
      expect(seen).toEqual(['/moved']);
      expect(wechat.publishedCount(WECHAT.appid)).toBe(0);
    });
  });

  it('refuses a cover that is not a png/jpeg data: URI or http(s) URL, or is over 512 KB, naming the field', async () => {
    const bad = [
      'ftp://example.org/cover.png',
      'data:image/gif;base64,R0lGODlh',
      'data:image/png;base64,AAAA',
      pngCover(512 * 1024 + 1).uri,
    ];
    for (const cover of bad) {
      const refused = await as(t.app, drafter).post('/api/drafts', { ...DRAFT, cover });
      expect(refused.status, cover.slice(0, 40)).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('封面');
    }
  });
});
