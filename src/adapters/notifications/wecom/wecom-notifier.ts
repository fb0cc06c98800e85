import {
  addressFor,
  type ChannelAddress,
  type ChannelSender,
  type DeliveryReceipt,
  type Notification,
} from '../notification.js';
import type { WecomClient } from './wecom-client.js';
import { createWecomError } from './wecom-error-codes.js';
import { WecomTokenCache } from './wecom-token-cache.js';
import type { WecomSendResult } from './wecom-types.js';

export interface WecomNotifierOptions {
  readonly client: WecomClient;
  readonly corpid: string;
  /** The app's own secret: each WeCom app (agent) has its own secret and token. */
  readonly corpsecret: string;
  readonly agentid: number;
  /** Clock for token expiry; default Date.now. */
  readonly now?: () => number;
}

const LINK_BUTTON_TEXT = '查看稿件';
const APPROVE = { text: '同意', style: 1 } as const;
const REJECT = { text: '退回', style: 2 } as const;

/**
 * Notifies one WeCom member through the app: a textcard with the review link, or, when the message carries
 * a decision, a button_interaction card with 同意 / 退回 whose taps arrive at the receive URL
 * (wecom-callback.ts). The app's token is cached per instance and refreshed once on a token error.
 */
export class WecomNotifier implements ChannelSender {
  readonly channel = 'wecom';
  readonly #client: WecomClient;
  readonly #agentid: number;
  readonly #tokens: WecomTokenCache;

  constructor(options: WecomNotifierOptions) {
    this.#client = options.client;
    this.#agentid = options.agentid;
    this.#tokens = new WecomTokenCache({
      client: options.client,
      corpid: options.corpid,
      corpsecret: options.corpsecret,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  async send(recipient: ChannelAddress, message: Notification): Promise<DeliveryReceipt> {
    const { userId } = addressFor('wecom', recipient);
    const result = await this.#tokens.withToken((token) => this.#sendOne(token, userId, message));
    // WeCom sends to the valid recipients and lists the others (lower-cased) instead of failing.
    if (result.invalidUsers.includes(userId.toLowerCase())) throw createWecomError('recipient_refused');
    return { delivered: true, id: result.msgid };
  }

  /**
   * After a decision through the card (or elsewhere), replaces its buttons with `replaceText` (已同意 / 已退回)
   * for these members. `responseCode` comes from the click callback; each works once, within 72 h.
   */
  async updateCard(update: {
    readonly userIds: readonly string[];
    readonly responseCode: string;
    readonly replaceText: string;
  }): Promise<void> {
    const body = {
      agentid: this.#agentid,
      userids: update.userIds,
      responseCode: update.responseCode,
      replaceText: update.replaceText,
    };
    await this.#tokens.withToken((token) => this.#client.updateTemplateCard(token, body));
  }

  #sendOne(token: string, userId: string, message: Notification): Promise<WecomSendResult> {
    const common = {
      agentid: this.#agentid,
      touser: [userId],
      title: message.title,
      description: message.description,
      url: message.url,
    };
    const { decision } = message;
    if (!decision) return this.#client.sendTextCard(token, { ...common, btntxt: LINK_BUTTON_TEXT });
    return this.#client.sendTemplateCardButtons(token, {
      ...common,
      taskId: decision.taskId,
      buttons: [
        { ...APPROVE, key: decision.approveKey },
        { ...REJECT, key: decision.rejectKey },
      ],
    });
  }
}
