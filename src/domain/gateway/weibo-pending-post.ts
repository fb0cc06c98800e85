import type { Target } from '../draft-content.js';
import type { Publication } from '../publishing/publication.js';
import type { ReviewState } from '../workflow/review-state.js';

/**
 * A Weibo post a tool sent to the gateway (statuses/share or statuses/update), known to the tool by the pending
 * id qianfa answered: a decimal number, like a Weibo status id, that names the review item it became.
 */
export interface WeiboPendingPost {
  /** The pending id (`id`/`idstr` of the pending answer). */
  id: string;
  reviewDraftId: string;
  org: string;
  target: Target;
}

/** The post as Weibo published it: its real status id (`idstr`), text and `created_at` as Weibo writes it. */
export interface WeiboPublishedPost {
  idstr: string;
  text: string;
  createdAt: string;
}

/**
 * Where a post taken in through the gateway stands, as statuses/show answers for its pending id:
 * `pending` while it waits for sign-off (`in_review`) or for the publisher (`publishing`); `published` with the
 * real post; `refused` when the checker blocked it, a reviewer returned it, or Weibo refused it for good.
 */
export type WeiboPostState =
  | { state: 'pending'; stage: 'in_review' | 'publishing' }
  | { state: 'published'; post: WeiboPublishedPost }
  | { state: 'refused'; why: 'blocked' | 'rejected' | 'failed'; reason: string };

export interface WeiboRefusalReasons {
  blocked: string;
  rejected: (comment: string | undefined) => string;
  failed: (p: Publication) => string;
}

export function weiboPostStateOf(
  review: ReviewState,
  publication: Publication | undefined,
  reasons: WeiboRefusalReasons,
): WeiboPostState {
  if (review.status === 'blocked') return { state: 'refused', why: 'blocked', reason: reasons.blocked };
  if (review.status === 'rejected') {
    const rejection = review.stages.find((stage) => stage.decision?.verdict === 'rejected')?.decision;
    return { state: 'refused', why: 'rejected', reason: reasons.rejected(rejection?.comment) };
  }
  if (publication?.status === 'failed') {
    return { state: 'refused', why: 'failed', reason: reasons.failed(publication) };
  }
  const post = publication?.status === 'published' ? publishedPostOf(publication) : undefined;
  if (post) return { state: 'published', post };
  return { state: 'pending', stage: review.status === 'in_review' ? 'in_review' : 'publishing' };
}

/** The Weibo publisher records the post's idstr and created_at in `ids`, and the text it sent in `progress`. */
function publishedPostOf(publication: Publication): WeiboPublishedPost | undefined {
  const idstr = publication.ids?.['post_id'];
  if (!idstr) return undefined;
  const createdAt = publication.ids?.['created_at'] ?? weiboDate(new Date(publication.updatedAt));
  return { idstr, text: publication.progress['text'] ?? '', createdAt };
}

/** A time as Weibo writes `created_at`, in Beijing time: "Wed Oct 24 23:49:17 +0800 2012". */
export function weiboDate(date: Date): string {
  const beijing = new Date(date.getTime() + 8 * 3_600_000);
  const [weekday, day, month, year, time] = beijing.toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${time} +0800 ${year}`;
}
