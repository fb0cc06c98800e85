/** Where one person is reached (per-person settings): a WeCom user, a WeChat follower, or a webhook. */
export type ChannelAddress =
  | { channel: 'wecom'; userId: string }
  | { channel: 'wechat_template'; openid: string }
  | { channel: 'webhook'; url: string; secret: string };

/** One message to a person: what awaits them and the link that opens it. */
export interface Notification {
  title: string;
  description: string;
  url: string;
}
