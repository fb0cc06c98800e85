import type { WeiboPostState } from '../domain/gateway/weibo-pending-post.js';
import { REVIEW_REFUSED_WEIBO } from '../errors/error-registry.js';
import { WEIBO_GATEWAY_TEXT } from '../messages/weibo-gateway.js';
import type { WeiboShown } from '../services/weibo-gateway-service.js';
import type { GatewayOutcome } from './gateway-audit.js';

/** Where a tool polls a post it sent, by the pending id the share answered (issue 15, point 14). */
export const SHOW = '/2/statuses/show.json';

/** "Published, the server is delayed" (facts §2.3): accepted, not visible yet; clients treat it as success. */
export const PENDING_CODE = 20032;
/** Weibo's "target weibo does not exist". */
export const POST_NOT_FOUND = 20101;
/** Weibo's "remote service error": Weibo refused the post for good when qianfa published it. */
const PUBLISH_FAILED = 10003;

/** The pending id as a Weibo status id: `id` a JSON number (below 2^53, so exact), `idstr` the same digits. */
export function pendingIds(pendingId: string): { id: number; idstr: string } {
  return { id: Number(pendingId), idstr: pendingId };
}

/**
 * statuses/show for a pending id. Pending: HTTP 200, Weibo's envelope with 20032 as the share answered, the
 * pending id and `qianfa.status` `pending_review` | `publishing`. Published: HTTP 200, a Weibo Status object of
 * the real post (its own id/idstr, text, created_at) with `qianfa.status` `published`. Refused (blocked,
 * returned by a reviewer, or refused by Weibo at publishing): HTTP 400, Weibo's error envelope, a Chinese hint.
 */
export function showAnswer({ pending, state }: WeiboShown): GatewayOutcome {
  const draft = pending.reviewDraftId;
  const call = { draft, code: 0 };
  switch (state.state) {
    case 'pending': {
      const inReview = state.stage === 'in_review';
      const body = {
        request: SHOW,
        error_code: PENDING_CODE,
        error: inReview ? WEIBO_GATEWAY_TEXT.inReview(draft) : WEIBO_GATEWAY_TEXT.publishing(draft),
        ...pendingIds(pending.id),
        qianfa: { draft, status: inReview ? 'pending_review' : 'publishing' },
      };
      return { body, call: { ...call, code: PENDING_CODE } };
    }
    case 'published':
      return publishedAnswer(pending.id, draft, state.post);
    case 'refused': {
      const code = state.why === 'failed' ? PUBLISH_FAILED : REVIEW_REFUSED_WEIBO;
      const refusal = weiboError(SHOW, code, WEIBO_GATEWAY_TEXT.refused(draft, state.reason), state.why);
      return {
        ...refusal,
        body: { ...refusal.body, qianfa: { draft, status: state.why } },
        call: { ...refusal.call, draft },
      };
    }
  }
}

function publishedAnswer(
  pendingId: string,
  draft: string,
  post: Extract<WeiboPostState, { state: 'published' }>['post'],
): GatewayOutcome {
  const body = {
    created_at: post.createdAt,
    id: post.idstr,
    idstr: post.idstr,
    mid: post.idstr,
    text: post.text,
    qianfa: { draft, status: 'published', pending_id: pendingId },
  };
  // Weibo writes `id` as a bare int64; real ids may pass 2^53, so it is spliced in as digits, never a double.
  const json = /^\d+$/.test(post.idstr)
    ? JSON.stringify(body).replace(`"id":"${post.idstr}"`, `"id":${post.idstr}`)
    : JSON.stringify(body);
  return { body, json, call: { draft, code: 0 } };
}

export function weiboError(
  request: string,
  code: number,
  text: string,
  reason: string,
  details?: Record<string, string>,
): GatewayOutcome {
  return {
    status: 400,
    body: { request, error_code: code, error: `[qianfa] ${text}` },
    call: { code, refusal: reason, ...(details ? { details } : {}) },
  };
}
