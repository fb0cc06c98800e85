import type { ReviewState } from '../workflow/review-state.js';
import type { LifecycleRequest, RegisterEntry } from './register-entry.js';
import { targetOfEntry } from './register-entry.js';

/** How a lifecycle request's draft stands: still in its sign-off, approved by the principal, or dropped. */
export type RequestOutcome =
  | { type: 'waiting' }
  | { type: 'approved'; at: string; by: string }
  | { type: 'dropped'; at: string; why: 'withdrawn' | 'no_principal' | 'draft_gone' };

const SIGNED_OFF: readonly ReviewState['status'][] = ['approved', 'published', 'publish_failed'];

/**
 * Reads a request's outcome from its draft's review: approved once every stage is, and only if the principal
 * (主要负责人) signed one of them (seed 002 art. 6 and 7: 经单位主要领导审核、批准); a chain without the principal
 * (an organisation's own workflow) cannot approve it.
 */
export function requestOutcome(review: ReviewState | undefined, now: Date): RequestOutcome {
  if (!review) return { type: 'dropped', at: now.toISOString(), why: 'draft_gone' };
  if (review.status === 'withdrawn' || review.withdrawal)
    return { type: 'dropped', at: review.withdrawal?.at ?? now.toISOString(), why: 'withdrawn' };
  if (!SIGNED_OFF.includes(review.status)) return { type: 'waiting' };
  const principal = review.stages.find(
    (stage) => stage.role === 'principal' && stage.decision?.verdict === 'approved',
  );
  if (!principal?.decision) return { type: 'dropped', at: now.toISOString(), why: 'no_principal' };
  return { type: 'approved', at: principal.decision.at, by: principal.decision.by.id };
}

const KIND_LABELS: Record<LifecycleRequest['kind'], string> = {
  open: '开设',
  change: '变更',
  closure: '注销',
};
const PLATFORM_LABELS = { wechat: '微信公众号', weibo: '微博' } as const;

/** The title and body of a request's draft: what the chain reads before it signs (the filing form's core). */
export function requestDraftText(
  entry: RegisterEntry,
  request: Pick<LifecycleRequest, 'kind' | 'reason' | 'name'>,
  announcement?: string,
): { title: string; body: string } {
  const label = `${PLATFORM_LABELS[entry.platform]}“${entry.name}”`;
  if (request.kind === 'closure' && announcement !== undefined)
    return { title: `关于${label}注销的公告`, body: announcement };
  const lines = [
    `主办单位：${entry.details.organiser}`,
    `账号：${label}`,
    ...(request.name && request.name !== entry.name ? [`新名称：${request.name}`] : []),
    `${KIND_LABELS[request.kind]}理由：${request.reason}`,
  ];
  return {
    title: `政务新媒体${KIND_LABELS[request.kind]}申请：${targetOfEntry(entry)}`,
    body: lines.join('\n'),
  };
}
