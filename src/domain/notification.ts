import type { Grade } from './checks/finding.js';

/** Where one person is reached (per-person settings): a WeCom user, a WeChat follower, or a webhook. */
export type ChannelAddress =
  | { channel: 'wecom'; userId: string }
  | { channel: 'wechat_template'; openid: string }
  | { channel: 'webhook'; url: string; secret: string };

/** What happened, for receivers that branch on it (the webhook payload's `event`). */
export type NotificationEvent =
  | 'review_awaiting'
  | 'review_reminder'
  | 'review_escalated'
  | 'draft_rejected'
  | 'draft_approved'
  | 'admin_alert';

/**
 * Which draft, stage and organisation a message is about, for receivers that file messages by draft rather
 * than recognise them by title. The stage is the one waiting, or the one that returned the draft.
 */
export interface NotificationSubject {
  draft: string;
  version: number;
  stage?: string;
  /** The stage's Chinese name (审核, 审签, …). */
  stageName?: string;
  grade: Grade;
  gradeName: string;
  /** The organisation's slug, and its name when known. */
  org: string;
  orgName?: string;
}

/** One draft in a digest (您有 N 份稿件待审核), with the person's own link to it. */
export interface DigestItem {
  draft: string;
  title: string;
  grade: Grade;
  url: string;
}

/** One message to a person: what awaits them and the link that opens it. */
export interface Notification extends Partial<NotificationSubject> {
  title: string;
  description: string;
  url: string;
  /** Default `review_awaiting`. */
  event?: NotificationEvent;
  /** A digest's drafts, for channels that carry several links (the webhook); `url` opens the first. */
  items?: readonly DigestItem[];
}
