import { WechatClient } from '../../../src/adapters/platforms/wechat/wechat-client.js';
import type { WechatArticle } from '../../../src/adapters/platforms/wechat/wechat-types.js';
import { FakeWechatServer, type FakeWechatServerOptions } from '../../fakes/fake-wechat-server.js';
import { imageFile } from './platform-test-helpers.js';

export const ACCOUNT = { appid: 'wx5a1b2c3d4e5f6a01', secret: 'nantong-secret-0001' } as const;
export const OTHER_ACCOUNT = { appid: 'wx5a1b2c3d4e5f6a02', secret: 'chongchuan-secret-02' } as const;

export async function startFakeWechat(options: FakeWechatServerOptions = {}): Promise<FakeWechatServer> {
  return new FakeWechatServer({ accounts: [ACCOUNT, OTHER_ACCOUNT], ...options }).start();
}

export function wechatClientFor(server: FakeWechatServer, timeoutMs = 5_000): WechatClient {
  return new WechatClient({ baseUrl: server.baseUrl, timeoutMs });
}

export function article(thumbMediaId: string, overrides: Partial<WechatArticle> = {}): WechatArticle {
  return {
    title: '南通市2026年秋季征兵工作通告',
    author: '市政府办公室',
    digest: '适龄青年请于11月30日前完成网上报名。',
    content: '<p>根据《征兵工作条例》，现将有关事项通告如下。</p>',
    thumbMediaId,
    ...overrides,
  };
}

/** A token, a cover and a one-article draft on the account: what every publishing call needs first. */
export async function prepareDraft(
  client: WechatClient,
  appid: string = ACCOUNT.appid,
  secret: string = ACCOUNT.secret,
): Promise<{ token: string; thumbMediaId: string; draftMediaId: string }> {
  const { accessToken: token } = await client.getStableToken(appid, secret);
  const { mediaId: thumbMediaId } = await client.addImageMaterial(token, imageFile('jpeg'));
  const draftMediaId = await client.addDraft(token, [article(thumbMediaId)]);
  return { token, thumbMediaId, draftMediaId };
}
