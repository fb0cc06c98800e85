import { afterEach, describe, expect, it } from 'vitest';
import type { WechatClient } from '../../../src/adapters/platforms/wechat/wechat-client.js';
import type { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { failureOf, ManualClock } from './platform-test-helpers.js';
import { ACCOUNT, OTHER_ACCOUNT, startFakeWechat, wechatClientFor } from './wechat-test-setup.js';

const HOUR = 3_600_000;

describe('WechatClient tokens against FakeWechatServer', () => {
  let server: FakeWechatServer;
  let client: WechatClient;
  let clock: ManualClock;

  async function start(forceRefreshIntervalMs?: number): Promise<void> {
    clock = new ManualClock();
    server = await startFakeWechat({
      now: clock.now,
      ...(forceRefreshIntervalMs ? { forceRefreshIntervalMs } : {}),
    });
    client = wechatClientFor(server);
  }

  /** Any cheap business call, to see whether a token still works. */
  const useToken = (token: string): Promise<unknown> =>
    client.batchGetPublished(token, { offset: 0, count: 1 });

  afterEach(async () => {
    await server.close();
  });

  it('hands out the current stable token with its remaining lifetime until forced', async () => {
    await start();
    const first = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret);
    expect(first.expiresInSeconds).toBe(7200);
    clock.advance(HOUR);
    const again = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret);
    expect(again).toEqual({ accessToken: first.accessToken, expiresInSeconds: 3600 });
  });

  it('revokes the old token on force_refresh: using it is a token error (40001), the new one works', async () => {
    await start();
    const old = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret);
    const fresh = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret, true);
    expect(fresh.accessToken).not.toBe(old.accessToken);
    const error = await failureOf(useToken(old.accessToken));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '40001', kind: 'token' });
    expect(error.explanation).toMatch(/无效或已不是最新/);
    await expect(useToken(fresh.accessToken)).resolves.toBeDefined();
  });

  it('rotates five minutes before expiry, while the old token keeps working until it expires (42001)', async () => {
    await start();
    const old = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret);
    clock.advance(2 * HOUR - 4 * 60_000);
    const next = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret);
    expect(next.accessToken).not.toBe(old.accessToken);
    expect(next.expiresInSeconds).toBe(7200);
    await expect(useToken(old.accessToken)).resolves.toBeDefined();
    clock.advance(5 * 60_000);
    const error = await failureOf(useToken(old.accessToken));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '42001', kind: 'token' });
    await expect(useToken(next.accessToken)).resolves.toBeDefined();
  });

  it('after an expiry the next non-forced stable_token call yields a working token', async () => {
    await start();
    const { accessToken } = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret);
    server.expireTokens(ACCOUNT.appid);
    expect((await failureOf(useToken(accessToken))).platformCode).toBe('42001');
    const renewed = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret);
    await expect(useToken(renewed.accessToken)).resolves.toBeDefined();
  });

  it('limits forced refreshes to one per 30 seconds (45011, transient)', async () => {
    await start();
    await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret, true);
    const error = await failureOf(client.getStableToken(ACCOUNT.appid, ACCOUNT.secret, true));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '45011', kind: 'transient' });
    clock.advance(30_000);
    await expect(client.getStableToken(ACCOUNT.appid, ACCOUNT.secret, true)).resolves.toBeDefined();
  });

  it('reports a wrong secret as permanent, not as a token problem that a refresh would fix', async () => {
    await start();
    const error = await failureOf(client.getStableToken(ACCOUNT.appid, 'not-the-secret'));
    expect({ code: error.platformCode, kind: error.kind }).toEqual({ code: '40125', kind: 'permanent' });
    expect(error.explanation).toMatch(/AppSecret/);
    const unknown = await failureOf(client.getStableToken('wx-unknown', ACCOUNT.secret));
    expect(unknown.platformCode).toBe('40013');
  });

  it('treats a malformed token as 40014 and a missing one as 41001, both token problems', async () => {
    await start();
    const malformed = await failureOf(useToken('short'));
    expect({ code: malformed.platformCode, kind: malformed.kind }).toEqual({ code: '40014', kind: 'token' });
    const response = await fetch(`${server.baseUrl}/cgi-bin/draft/get`, { method: 'POST', body: '{}' });
    const body = (await response.json()) as { errcode: number; errmsg: string };
    expect(body.errcode).toBe(41001);
    expect(body.errmsg).toMatch(/^access_token missing rid: [\da-f]{8}-[\da-f]{8}-[\da-f]{8}$/);
  });

  it('keeps cgi-bin/token and stable_token pools apart, and one account per token', async () => {
    await start();
    const stable = await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret);
    const query = `grant_type=client_credential&appid=${ACCOUNT.appid}&secret=${ACCOUNT.secret}`;
    const legacy = (await (await fetch(`${server.baseUrl}/cgi-bin/token?${query}`)).json()) as {
      access_token: string;
    };
    expect(legacy.access_token).not.toBe(stable.accessToken);
    await client.getStableToken(ACCOUNT.appid, ACCOUNT.secret, true); // revokes the stable token only
    await expect(useToken(legacy.access_token)).resolves.toBeDefined();
    const other = await client.getStableToken(OTHER_ACCOUNT.appid, OTHER_ACCOUNT.secret);
    expect(other.accessToken).not.toBe(stable.accessToken);
  });

  it('answers GET on stable_token with 43002, as the platform requires POST', async () => {
    await start();
    const response = await fetch(`${server.baseUrl}/cgi-bin/stable_token`);
    expect(await response.json()).toMatchObject({ errcode: 43002 });
  });
});
