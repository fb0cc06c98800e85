import { expect } from 'vitest';
import type { PublishingConfig } from '../../src/config/config-schema.js';
import { FakeWechatServer } from '../fakes/fake-wechat-server.js';
import { as, startReviewApp, type Auth, type ReviewApp } from './review-app.js';

/** The WeChat account the publishing tests publish to: 崇川发布 of org `cc`. */
export const WECHAT_ACCOUNT = { appid: 'wx0123456789abcdef', secret: 'chongchuan-app-secret' };

export interface WechatPublishingApp {
  t: ReviewApp;
  wechat: FakeWechatServer;
  admin: Auth;
  /** 张三, who writes the drafts. */
  drafter: Auth;
  /** 李四 and 王五: the general chain's 审核 and 审签. */
  reviewer: Auth;
  editor: Auth;
  close(): Promise<void>;
}

/** Adds 崇川发布 (WECHAT_ACCOUNT, on the fake) to org `cc`, as `admin`. */
export async function addWechatAccount(t: ReviewApp, admin: Auth): Promise<void> {
  const account = { platform: 'wechat', name: '崇川发布', ...WECHAT_ACCOUNT };
  expect((await as(t.app, admin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
}

/** The app with its worker publishing to a fake WeChat, account 崇川发布 added, and the general chain's people. */
export async function startWechatPublishingApp(
  publishing: Partial<PublishingConfig> = {},
  /** Default: the run's redis-server. */
  redisUrl?: string,
): Promise<WechatPublishingApp> {
  const wechat = await new FakeWechatServer({ accounts: [WECHAT_ACCOUNT] }).start();
  const t = await startReviewApp(
    { wechatApiBase: wechat.baseUrl, ...publishing },
    {},
    {},
    undefined,
    {},
    ...(redisUrl ? [redisUrl] : []),
  );
  const admin = await t.person('管理员', ['admin']);
  const people = {
    drafter: await t.person('张三', ['drafter']),
    reviewer: await t.person('李四', ['reviewer']),
    editor: await t.person('王五', ['editor']),
  };
  await addWechatAccount(t, admin);
  await t.startWorker();
  return {
    t,
    wechat,
    admin,
    ...people,
    async close() {
      await t.close();
      await wechat.close();
    },
  };
}
