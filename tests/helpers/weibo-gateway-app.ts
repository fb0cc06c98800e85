import { expect } from 'vitest';
import { FakeWeiboServer } from '../fakes/fake-weibo-server.js';
import { as, startReviewApp, type Auth, type ReviewApp } from './review-app.js';

/** The Weibo account the gateway tests publish to: 崇川微博 of org `cc`, safe domain www.chongchuan.gov.cn. */
export const WEIBO_ACCOUNT = {
  uid: '2001',
  screenName: '崇川微博',
  token: 'real-weibo-token',
  safeDomain: 'www.chongchuan.gov.cn',
};

export interface WeiboGatewayApp {
  t: ReviewApp;
  weibo: FakeWeiboServer;
  admin: Auth;
  reviewer: Auth;
  editor: Auth;
  /** Where the app listens (the gateway is under `/gateway/weibo/2/…`). */
  baseUrl: string;
}

/**
 * The app with its worker publishing to a fake Weibo, the account added, and the general chain's people: 王五
 * (an outsourced drafter, who gets the gateway credentials), 李四 (reviewer), 赵六 (editor, the signer).
 */
export async function startWeiboGatewayApp(): Promise<WeiboGatewayApp> {
  const weibo = await new FakeWeiboServer({ accounts: [WEIBO_ACCOUNT] }).start();
  const t = await startReviewApp({ weiboApiBase: weibo.baseUrl });
  const admin = await t.person('管理员', ['admin']);
  await t.person('王五', ['drafter'], { outsourced: true });
  const reviewer = await t.person('李四', ['reviewer']);
  const editor = await t.person('赵六', ['editor']);
  const added = await as(t.app, admin).post('/api/orgs/cc/accounts', {
    platform: 'weibo',
    name: '崇川微博',
    token: WEIBO_ACCOUNT.token,
    link: 'https://www.chongchuan.gov.cn/',
  });
  expect(added.status).toBe(201);
  await t.startWorker();
  return { t, weibo, admin, reviewer, editor, baseUrl: await t.listen() };
}
