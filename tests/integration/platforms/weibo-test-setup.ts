import { WeiboClient } from '../../../src/adapters/platforms/weibo/weibo-client.js';
import { FakeWeiboServer, type FakeWeiboServerOptions } from '../../fakes/fake-weibo-server.js';

export const WEIBO_ACCOUNT = {
  uid: '5234567890',
  screenName: '崇川发布',
  token: '2.00ChongchuanFaBuTokenAbCdEf0123456789',
  safeDomain: 'chongchuan.gov.cn',
} as const;

export const OTHER_WEIBO_ACCOUNT = {
  uid: '5234567891',
  screenName: '南通发布',
  token: '2.00NantongFaBuTokenAbCdEf01234567890',
  safeDomain: 'nantong.gov.cn',
} as const;

export const RIP = '211.156.0.1';

export async function startFakeWeibo(options: FakeWeiboServerOptions = {}): Promise<FakeWeiboServer> {
  return new FakeWeiboServer({ accounts: [WEIBO_ACCOUNT, OTHER_WEIBO_ACCOUNT], ...options }).start();
}

export function weiboClientFor(server: FakeWeiboServer, timeoutMs = 5_000): WeiboClient {
  return new WeiboClient({ baseUrl: server.baseUrl, timeoutMs });
}

/** A post that passes every rule; `n` keeps texts distinct (Weibo refuses repeats with 20019). */
export function validStatus(n = 1): string {
  return `【第${n}期】崇川区今冬供暖工作安排已发布，详见 https://www.chongchuan.gov.cn/art/2026/11/${n}.html`;
}
