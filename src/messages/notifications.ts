import { accountOf } from '../domain/accounts.js';
import type { AdminAlert } from '../domain/admin-alert.js';
import type { EgressRefusal } from '../domain/egress-policy.js';
import type { Notification } from '../domain/notification.js';
import type { ReviewState } from '../domain/workflow/review-state.js';
import { waitingStage } from '../domain/workflow/review-state.js';
import { ALERT_KIND_NAMES } from './admin-texts.js';
import { accountLabel, GRADE_NAMES } from './zh-cn.js';

/** Why a person hears of a draft. */
export type NotificationKind = 'awaiting' | 'remind' | 'escalate' | 'returned';

const HEADS: Record<NotificationKind, string> = {
  awaiting: '待审签',
  remind: '提醒：仍待审签',
  escalate: '超时未审签',
  returned: '稿件被退回',
};

/** The message about draft `title` in `review`, linking to `url`. */
export function notificationOf(
  kind: NotificationKind,
  draft: { title: string; review: ReviewState },
): Omit<Notification, 'url'> {
  const { review } = draft;
  const returning = review.stages.find((s) => s.decision?.verdict === 'rejected');
  const returned = returning?.decision;
  const description =
    kind === 'returned'
      ? `${returning?.label ?? ''}环节退回｜退回人：${returned?.by.name ?? ''}；意见：${returned?.comment ?? ''}`
      : `${GRADE_NAMES[review.grade]}｜${waitingStage(review)?.label ?? ''}环节｜拟稿人 ${review.drafter.name}`;
  return { title: `${HEADS[kind]}：${draft.title}`, description };
}

/** Titles a digest names before 等 N 份. */
const DIGEST_TITLES_NAMED = 5;

/** A digest of the drafts waiting for one person (您有 N 份稿件待审核): their titles, the first few named. */
export function digestNotificationOf(
  drafts: readonly { title: string }[],
): Pick<Notification, 'title' | 'description'> {
  const named = drafts.slice(0, DIGEST_TITLES_NAMED).map((draft) => `《${draft.title}》`);
  const more = drafts.length > DIGEST_TITLES_NAMED ? ` 等 ${drafts.length} 份` : '';
  return { title: `您有 ${drafts.length} 份稿件待审核`, description: `${named.join('、')}${more}` };
}

/** The message to an organisation's admins about an alert: what happened, to which account, in its words. */
export function alertNotificationOf(alert: AdminAlert): Omit<Notification, 'url'> {
  const account = alert.target && accountOf(alert.target);
  const about = account ? `：${accountLabel(account.platform, account.name)}` : '';
  return {
    title: `告警｜${ALERT_KIND_NAMES[alert.kind]}${about}`,
    description: `${alert.message}（请在“管理 → 告警”中查看处理）`,
  };
}

/** Why a webhook address is refused by the egress policy (issue 14, point 3). */
export const EGRESS_REFUSALS: Record<EgressRefusal, string> = {
  not_https: 'Webhook 地址须为 https:// 网址；http:// 仅限管理员明确放行的主机',
  private_address: 'Webhook 地址不能指向本机、内网、链路本地、组播或保留地址（管理员可明确放行该主机）',
  not_an_address: 'Webhook 地址的主机无法识别',
};
