import { isFailureOfKind } from '../../../domain/platform-failure.js';
import {
  addressFor,
  type ChannelAddress,
  type ChannelSender,
  type DeliveryReceipt,
  type Notification,
} from '../notification.js';
import { truncateCharacters } from '../text-limits.js';
import type { WechatTemplateClient } from './wechat-template-client.js';

export interface WechatTemplateNotifierOptions {
  readonly client: WechatTemplateClient;
  /** The 服务号's current token, from the caller's own cache (shared with its other uses of the account). */
  readonly getToken: () => Promise<string>;
  /**
   * Called once when WeChat refuses the token (40001, 40014, 41001, 42001) with the refused token; returns a
   * fresh one. Without it a token error is thrown for the caller to handle.
   */
  readonly refreshToken?: (stale: string) => Promise<string>;
  /** A template from the account's 我的模板 list. */
  readonly templateId: string;
  /** Maps the message onto the template's keywords; default {@link defaultTemplateData}. */
  readonly toData?: (message: Notification) => Readonly<Record<string, string>>;
}

/** `thing` keywords take at most 20 characters (WeChat's keyword rules; not in the facts file). */
const THING_MAX_CHARACTERS = 20;

/**
 * For a template whose keywords are `thing1` (稿件标题) and `thing2` (待办说明). Templates are chosen per
 * account from WeChat's library, so most deployments will pass their own `toData`.
 */
export function defaultTemplateData(message: Notification): Readonly<Record<string, string>> {
  return {
    thing1: truncateCharacters(message.title, THING_MAX_CHARACTERS),
    thing2: truncateCharacters(message.description, THING_MAX_CHARACTERS),
  };
}

/**
 * Notifies a follower of a verified 服务号 with a template message that opens the review link. There are no
 * buttons: the decision is taken on the page. The delivery id is WeChat's msgid as an exact decimal string.
 */
export class WechatTemplateNotifier implements ChannelSender {
  readonly channel = 'wechat_template';
  readonly #options: WechatTemplateNotifierOptions;

  constructor(options: WechatTemplateNotifierOptions) {
    this.#options = options;
  }

  async send(recipient: ChannelAddress, message: Notification): Promise<DeliveryReceipt> {
    const { openid } = addressFor('wechat_template', recipient);
    const { client, templateId, toData = defaultTemplateData } = this.#options;
    const request = { touser: openid, templateId, url: message.url, data: toData(message) };
    const msgid = await this.#withToken((token) => client.sendTemplate(token, request));
    return { delivered: true, id: msgid };
  }

  async #withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const stale = await this.#options.getToken();
    try {
      return await call(stale);
    } catch (error) {
      const { refreshToken } = this.#options;
      if (!refreshToken || !isFailureOfKind(error, 'token')) throw error;
      return call(await refreshToken(stale));
    }
  }
}
