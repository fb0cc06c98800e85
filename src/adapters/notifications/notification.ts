import type { Notification as DomainNotification } from '../../domain/notification.js';
import type { FailureKind, PlatformFailure } from '../../domain/platform-failure.js';
export type { NotificationEvent } from '../../domain/notification.js';

/** The message every channel takes; each channel renders it in its own format and limits. */
export interface Notification extends Readonly<DomainNotification> {
  /** For WeCom template_card buttons: 同意 / 退回 answer through the callback with these keys. */
  readonly decision?: {
    readonly taskId: string;
    readonly approveKey: string;
    readonly rejectKey: string;
  };
}

export type NotificationChannel = 'wecom' | 'wechat_template' | 'webhook';

/** Where one person receives messages on one channel (from their channel settings). */
export type ChannelAddress =
  | { readonly channel: 'wecom'; readonly userId: string }
  | { readonly channel: 'wechat_template'; readonly openid: string }
  | { readonly channel: 'webhook'; readonly url: string; readonly secret: string };

export interface DeliveryReceipt {
  readonly delivered: true;
  /** The platform's message id (WeCom msgid, WeChat template msgid as an exact decimal string). */
  readonly id?: string;
}

/**
 * One channel. `send` resolves only when the platform accepted the message for this recipient, and
 * otherwise rejects with a NotificationError whose `transient` says whether sending again later can help.
 * Not in the contract: de-duplication (a retry after a timeout may deliver twice) and read receipts.
 */
export interface ChannelSender {
  readonly channel: NotificationChannel;
  send(recipient: ChannelAddress, message: Notification): Promise<DeliveryReceipt>;
}

/**
 * - `transient`: sending again later may work (network, timeout, 5xx, rate limits, busy).
 * - `token`: the access token was refused; senders refresh it once themselves, so one that escapes
 *   means the fresh token was refused too. Retrying later (with yet another token) may help.
 * - `permanent`: the recipient, the configuration or the message is wrong; retrying repeats the refusal.
 */
export type NotificationErrorKind = FailureKind;

export interface NotificationErrorInit {
  readonly channel: NotificationChannel;
  /** The platform's errcode as a string, an HTTP-derived code (`http_404`) or ours (`timeout`, …). */
  readonly code: string;
  readonly kind: NotificationErrorKind;
  /** Chinese text for admins and for the person's channel settings page. */
  readonly explanation: string;
  /** The platform's own errmsg, kept for logs; never shown instead of `explanation`. */
  readonly platformMessage?: string;
  readonly cause?: unknown;
}

/** A message that was not delivered, classified once by its channel's error table. */
export class NotificationError extends Error implements PlatformFailure {
  override readonly name = 'NotificationError';
  readonly channel: NotificationChannel;
  readonly code: string;
  readonly kind: NotificationErrorKind;
  readonly explanation: string;
  /** True when sending again later may succeed (`transient` and `token` kinds). */
  readonly transient: boolean;

  constructor(init: NotificationErrorInit) {
    const detail = init.platformMessage ? `（${init.platformMessage}）` : '';
    super(`${init.channel} ${init.code}：${init.explanation}${detail}`, { cause: init.cause });
    this.channel = init.channel;
    this.code = init.code;
    this.kind = init.kind;
    this.explanation = init.explanation;
    this.transient = init.kind !== 'permanent';
  }
}

/** The recipient's address if it belongs to `channel`; another channel's address here is a routing bug. */
export function addressFor<Channel extends NotificationChannel>(
  channel: Channel,
  recipient: ChannelAddress,
): Extract<ChannelAddress, { channel: Channel }> {
  if (recipient.channel !== channel) {
    throw new NotificationError({
      channel,
      code: 'address_mismatch',
      kind: 'permanent',
      explanation: `收件地址属于 ${recipient.channel} 渠道，不能经 ${channel} 发送`,
    });
  }
  return recipient as Extract<ChannelAddress, { channel: Channel }>;
}
