import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WechatClient } from '../../../src/adapters/platforms/wechat/wechat-client.js';
import type { WechatArticle } from '../../../src/adapters/platforms/wechat/wechat-types.js';
import type { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { failureOf, imageFile } from './platform-test-helpers.js';
import {
  ACCOUNT,
  article,
  OTHER_ACCOUNT,
  prepareDraft,
  startFakeWechat,
  wechatClientFor,
} from './wechat-test-setup.js';

describe('WechatClient uploads and drafts against FakeWechatServer', () => {
  let server: FakeWechatServer;
  let client: WechatClient;
  let token: string;
  let thumbMediaId: string;

  beforeAll(async () => {
    server = await startFakeWechat();
    client = wechatClientFor(server);
    ({ token, thumbMediaId } = await prepareDraft(client));
  });

  afterAll(async () => {
    await server.close();
  });

  it('uploads a body image and returns an mmbiz URL the draft keeps, dropping external images', async () => {
    const url = await client.uploadImage(token, imageFile('png'));
    expect(url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\/mmbiz_png\//);
    const content = `<p>正文</p><img src="${url}"><img src="https://example.com/x.png"><script>alert(1)</script>`;
    const mediaId = await client.addDraft(token, [article(thumbMediaId, { content })]);
    const [stored] = await client.getDraft(token, mediaId);
    expect(stored?.content).toBe(`<p>正文</p><img src="${url}">`);
    expect(stored?.url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\?/);
  });

  it.each([
    ['a GIF', imageFile('gif'), '40005', /文件类型不支持/],
    ['a 1 MB PNG', imageFile('png', 1024 * 1024), '40009', /小于 1MB/],
  ])('refuses %s as a body image, permanently', async (_what, image, code, explanation) => {
    const error = await failureOf(client.uploadImage(token, image));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code, kind: 'permanent' });
    expect(error.explanation).toMatch(explanation);
  });

  it('adds a permanent image with a media_id and a URL', async () => {
    const material = await client.addImageMaterial(token, imageFile('gif'));
    expect(material.mediaId).toMatch(/^[\w-]{20,}$/);
    expect(material.url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\//);
  });

  const tooMuch: [string, Partial<WechatArticle>, string, RegExp][] = [
    ['a 33-character title', { title: '通'.repeat(33) }, '45003', /32 字/],
    ['a 17-character author', { author: '作'.repeat(17) }, '45110', /16 字/],
    ['a 129-character digest', { digest: '摘'.repeat(129) }, '45004', /128 字/],
    ['20,000 characters of content', { content: '字'.repeat(20_000) }, '45002', /2 万字/],
    ['1 MB of HTML', { content: `<p style="${'x'.repeat(1024 * 1024)}">字</p>` }, '45002', /小于 1MB/],
    ['an empty title', { title: ' ' }, '40227', /标题不能为空/],
    ['an unknown cover', { thumbMediaId: 'no-such-media' }, '40007', /封面须为永久图片素材/],
  ];
  it.each(tooMuch)('refuses a draft with %s, permanently', async (_what, overrides, code, explanation) => {
    const error = await failureOf(client.addDraft(token, [article(thumbMediaId, overrides)]));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code, kind: 'permanent' });
    expect(error.explanation).toMatch(explanation);
  });

  it('accepts exactly the limits: 32-character title, 128-character digest, 19,999 characters', async () => {
    const limits = { title: '通'.repeat(32), digest: '摘'.repeat(128), content: '字'.repeat(19_999) };
    const mediaId = await client.addDraft(token, [article(thumbMediaId, limits)]);
    expect((await client.getDraft(token, mediaId))[0]?.title).toBe(limits.title);
  });

  it('refuses a cover from another account', async () => {
    const other = await client.getStableToken(OTHER_ACCOUNT.appid, OTHER_ACCOUNT.secret);
    const error = await failureOf(client.addDraft(other.accessToken, [article(thumbMediaId)]));
    expect(error.platformCode).toBe('40007');
  });

  it('updates one article of a draft and refuses an index outside it (40114)', async () => {
    const mediaId = await client.addDraft(token, [article(thumbMediaId)]);
    await client.updateDraft(token, mediaId, 0, article(thumbMediaId, { title: '更正后的标题' }));
    expect((await client.getDraft(token, mediaId))[0]?.title).toBe('更正后的标题');
    const error = await failureOf(client.updateDraft(token, mediaId, 1, article(thumbMediaId)));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '40114', kind: 'permanent' });
  });

  it('deletes a draft, after which it is unknown (40007)', async () => {
    const mediaId = await client.addDraft(token, [article(thumbMediaId)]);
    const before = server.draftCount(ACCOUNT.appid);
    await client.deleteDraft(token, mediaId);
    expect(server.draftCount(ACCOUNT.appid)).toBe(before - 1);
    expect((await failureOf(client.deleteDraft(token, mediaId))).platformCode).toBe('40007');
  });
});
