import type { SecretSealer } from '../services/ports/accounts.js';
import { PUBLISHING_TEXT } from '../messages/publishing.js';
import type { RedisClient } from '../adapters/redis/redis-client.js';
import { systemSleep } from '../adapters/system-sleep.js';
import type { Clock } from '../domain/clock.js';
import { WechatClient } from '../adapters/platforms/wechat/wechat-client.js';
import { readDefaultCover, WechatPublisher } from '../adapters/platforms/wechat/wechat-publisher.js';
import { WechatTokenCache } from '../adapters/platforms/wechat/wechat-token-cache.js';
import { WechatCoverCache } from '../adapters/platforms/wechat/wechat-cover-cache.js';
import { WeiboClient } from '../adapters/platforms/weibo/weibo-client.js';
import { WeiboPublisher } from '../adapters/platforms/weibo/weibo-publisher.js';
import { WebhookNotifier } from '../adapters/notifications/webhook/webhook-notifier.js';
import { WecomClient } from '../adapters/notifications/wecom/wecom-client.js';
import { WechatTemplateClient } from '../adapters/notifications/wechat-template/wechat-template-client.js';
import { WechatTemplateNotifier } from '../adapters/notifications/wechat-template/wechat-template-notifier.js';
import { WecomNotifier } from '../adapters/notifications/wecom/wecom-notifier.js';
import type { RedisKeys } from '../adapters/redis/redis-keys.js';
import type { Config } from '../config/config-schema.js';
import { type AccountService } from '../services/account-service.js';
import type { ChannelSender } from '../services/ports/notifications.js';

/** One WeChat client and one token cache for everything that calls WeChat (publishing, template messages). */
export interface WechatAccess {
  client: WechatClient;
  tokens: WechatTokenCache;
  /** The cover's media_id per account, uploaded once (publishing). */
  covers: WechatCoverCache;
}

export function wechatOn(
  client: RedisClient,
  keys: RedisKeys,
  publishing: Config['publishing'],
  /** Seals the cached access tokens (the installation's key). */
  sealer: SecretSealer,
): WechatAccess {
  const wechat = new WechatClient({
    baseUrl: publishing.wechatApiBase,
    timeoutMs: publishing.platformTimeoutMs,
  });
  const covers = new WechatCoverCache(client, keys);
  return { client: wechat, tokens: new WechatTokenCache(client, keys, wechat, sealer), covers };
}

export async function createPublishers(wechat: WechatAccess, publishing: Config['publishing'], now: Clock) {
  const timeoutMs = publishing.platformTimeoutMs;
  const weibo = new WeiboClient({ baseUrl: publishing.weiboApiBase, timeoutMs });
  return [
    new WechatPublisher({
      client: wechat.client,
      tokens: wechat.tokens,
      cover: await readDefaultCover(),
      covers: wechat.covers,
      timeoutMs,
      imageAllowHosts: publishing.imageAllowHosts,
      confirmAfterMs: publishing.confirmMs,
      pollDelaysMs: [200, 400, 800, 1600],
      now,
      sleep: systemSleep,
    }),
    new WeiboPublisher({
      client: weibo,
      rip: publishing.weiboRip,
      confirmAfterMs: publishing.confirmMs,
      now,
    }),
  ];
}

/** The channels this installation can send on: webhooks always; WeCom and WeChat templates when configured. */
export function notificationSenders(
  config: Config['notifications'],
  publishing: Config['publishing'],
  wechat: { accounts: AccountService; tokens: WechatTokenCache },
): ChannelSender[] {
  const timeoutMs = publishing.platformTimeoutMs;
  const senders: ChannelSender[] = [new WebhookNotifier({ timeoutMs, allowHosts: config.webhookAllowHosts })];
  if (config.wecom) {
    const client = new WecomClient({ baseUrl: config.wecomApiBase, timeoutMs });
    const { corpid, secret: corpsecret, agentid } = config.wecom;
    senders.push(new WecomNotifier({ client, corpid, corpsecret, agentid }));
  }
  const template = config.wechatTemplate;
  if (template) {
    // The 服务号's credentials stay sealed in the account store; they are opened only to fetch its token.
    const credentials = async () => {
      const opened = await wechat.accounts.credentials(template.org, 'wechat', template.account);
      if (!opened.ok) throw new Error(PUBLISHING_TEXT.templateAccountMissing(template.org, template.account));
      return { appid: opened.value.account.appid ?? '', secret: opened.value.secret };
    };
    senders.push(
      new WechatTemplateNotifier({
        client: new WechatTemplateClient({ baseUrl: publishing.wechatApiBase, timeoutMs }),
        templateId: template.templateId,
        getToken: async () => {
          const { appid, secret } = await credentials();
          return wechat.tokens.token(appid, secret);
        },
        refreshToken: async (stale) => {
          const { appid, secret } = await credentials();
          return wechat.tokens.refresh(appid, secret, stale);
        },
      }),
    );
  }
  return senders;
}
