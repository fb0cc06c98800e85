import { afterEach, describe, expect, it } from 'vitest';
import type { WeiboClient } from '../../../src/adapters/platforms/weibo/weibo-client.js';
import type { FakeWeiboServer, FakeWeiboServerOptions } from '../../fakes/fake-weibo-server.js';
import { failureOf, imageFile } from './platform-test-helpers.js';
import {
  OTHER_WEIBO_ACCOUNT,
  RIP,
  startFakeWeibo,
  validStatus,
  WEIBO_ACCOUNT,
  weiboClientFor,
} from './weibo-test-setup.js';

const TOKEN = WEIBO_ACCOUNT.token;
/** 24 half-width characters: 12 units as Weibo counts. */
const SAFE_LINK = 'http://chongchuan.gov.cn';

describe('WeiboClient against FakeWeiboServer', () => {
  let server: FakeWeiboServer;
  let client: WeiboClient;

  async function start(options: FakeWeiboServerOptions = {}): Promise<void> {
    server = await startFakeWeibo(options);
    client = weiboClientFor(server);
  }

  afterEach(async () => {
    await server.close();
  });

  it('posts and returns the exact idstr, even beyond 2^53, and the post shows in recentPosts', async () => {
    await start();
    const result = await client.share(TOKEN, { status: validStatus(), rip: RIP });
    if (result.state !== 'posted') throw new Error('expected posted');
    expect(result.post.id).toBe('9007199254740993');
    expect(result.post.createdAt).toMatch(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \+0800 \d{4}$/);
    expect(await client.recentPosts(TOKEN)).toEqual([result.post]);
    expect(server.postCount(WEIBO_ACCOUNT.uid)).toBe(1);
  });

  it('sends a picture as multipart and refuses other image types or 5 MB', async () => {
    await start();
    const withPicture = await client.share(TOKEN, {
      status: validStatus(1),
      rip: RIP,
      pic: imageFile('png'),
    });
    if (withPicture.state !== 'posted') throw new Error('expected posted');
    expect(withPicture.post.pictureUrl).toMatch(/^https:\/\/wx1\.sinaimg\.cn\//);
    const bmp = await failureOf(
      client.share(TOKEN, { status: validStatus(2), rip: RIP, pic: imageFile('bmp') }),
    );
    expect({ code: bmp.platformCode, kind: bmp.kind }).toEqual({ code: '20005', kind: 'permanent' });
    const big = imageFile('jpeg', 5 * 1024 * 1024);
    expect(
      (await failureOf(client.share(TOKEN, { status: validStatus(3), rip: RIP, pic: big }))).platformCode,
    ).toBe('20006');
  });

  it('refuses the same text twice with permanent 20019, but another account may post it', async () => {
    await start();
    await client.share(TOKEN, { status: validStatus(), rip: RIP });
    const error = await failureOf(client.share(TOKEN, { status: validStatus(), rip: RIP }));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '20019', kind: 'permanent' });
    expect(error.explanation).toMatch(/重复发布/);
    const elsewhere = `同步转发 ${SAFE_LINK.replace('chongchuan', 'nantong')}/a`;
    await client.share(OTHER_WEIBO_ACCOUNT.token, { status: elsewhere, rip: RIP });
    await client.share(OTHER_WEIBO_ACCOUNT.token, { status: `${elsewhere}b`, rip: RIP });
    expect([server.postCount(WEIBO_ACCOUNT.uid), server.postCount(OTHER_WEIBO_ACCOUNT.uid)]).toEqual([1, 2]);
  });

  it('accepts 140 units as Weibo counts them and refuses 141 with permanent 20012', async () => {
    await start();
    const fits = `${'通'.repeat(128)}${SAFE_LINK}`;
    await expect(client.share(TOKEN, { status: fits, rip: RIP })).resolves.toMatchObject({ state: 'posted' });
    const error = await failureOf(
      client.share(TOKEN, { status: `${'通'.repeat(129)}${SAFE_LINK}`, rip: RIP }),
    );
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '20012', kind: 'permanent' });
    expect(error.explanation).toMatch(/140 字/);
  });

  it.each([
    ['no link', '崇川区今冬供暖工作安排已发布'],
    ['a link outside the safe domain', '详见 https://www.nantong.gov.cn/a.html'],
    ['a look-alike domain', '详见 https://notchongchuan.gov.cn/a.html'],
    ['a topic', `#供暖# 详见 ${SAFE_LINK}/a.html`],
  ])('refuses a post with %s as 10017, permanently', async (_what, status) => {
    await start();
    const error = await failureOf(client.share(TOKEN, { status, rip: RIP }));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '10017', kind: 'permanent' });
    expect(error.explanation).toMatch(/安全域名/);
  });

  it('accepts a link on a subdomain of the safe domain', async () => {
    await start();
    const status = '详见 https://www.chongchuan.gov.cn/art/1.html';
    await expect(client.share(TOKEN, { status, rip: RIP })).resolves.toMatchObject({ state: 'posted' });
  });

  it('refuses an invalid rip and an unknown token', async () => {
    await start();
    expect(
      (await failureOf(client.share(TOKEN, { status: validStatus(), rip: 'localhost' }))).platformCode,
    ).toBe('10017');
    const unknown = await failureOf(client.share('2.00NoSuchToken', { status: validStatus(), rip: RIP }));
    expect({ code: unknown.platformCode, kind: unknown.kind }).toEqual({ code: '21332', kind: 'token' });
  });

  it('treats 20032 as accepted: the post exists, so it must be confirmed rather than sent again', async () => {
    await start();
    server.faults.add('/2/statuses/share.json', { type: 'error_code', code: 20032, afterHandling: true });
    const status = validStatus(7);
    expect(await client.share(TOKEN, { status, rip: RIP })).toEqual({ state: 'accepted_unconfirmed' });
    expect((await client.recentPosts(TOKEN)).map((post) => post.text)).toEqual([status]);
  });

  it('reads error_code written as a string, as in the official sample', async () => {
    await start({ errorCodeAsString: true });
    await client.share(TOKEN, { status: validStatus(), rip: RIP });
    const response = await fetch(`${server.baseUrl}/2/statuses/share.json`, {
      method: 'POST',
      body: new URLSearchParams({ access_token: TOKEN, status: validStatus(), rip: RIP }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      request: '/2/statuses/share.json',
      error_code: '20019',
      error: 'repeat content!',
    });
    expect((await failureOf(client.share(TOKEN, { status: validStatus(), rip: RIP }))).kind).toBe(
      'permanent',
    );
  });

  it('lists posts made outside qianfa (planted) newest first without counting them as ours', async () => {
    await start();
    await client.share(TOKEN, { status: validStatus(1), rip: RIP });
    server.plantPost(WEIBO_ACCOUNT.uid, '未经签发的微博');
    const recent = await client.recentPosts(TOKEN, { count: 1 });
    expect(recent.map((post) => post.text)).toEqual(['未经签发的微博']);
    expect((await client.recentPosts(TOKEN, { count: 1, page: 2 })).map((post) => post.text)).toEqual([
      validStatus(1),
    ]);
    expect(server.postCount(WEIBO_ACCOUNT.uid)).toBe(1);
    expect(server.callCount('/2/statuses/user_timeline.json')).toBe(2);
  });
});
