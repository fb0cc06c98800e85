import type { CheckReport } from '../checks/finding.js';
import type { DraftContent, Target } from '../draft-content.js';
import type { Publication } from '../publishing/publication.js';
import type { ReviewState } from '../workflow/review-state.js';
import type { GatewayPublished } from './gateway-published.js';

/**
 * Two things are called "draft" here, and they keep apart names: the tool's entry in the gateway's draft box
 * (`GatewayDraft`, known by its media_id) and the qianfa draft it becomes under review (the review item,
 * `reviewDraftId`). An entry has at most one review item; each publish request submits a new version of it.
 */

/**
 * One article of a WeChat draft as an existing tool sent it to the gateway (draft/add, draft/update).
 * Field names are the platform's, so draft/get answers exactly what the tool stored.
 */
export interface GatewayArticle {
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  need_open_comment: number;
  only_fans_can_comment: number;
}

/** What connects a draft box entry to its review item once the tool asked to publish it. */
export interface GatewaySubmission {
  /**
   * The review item's (qianfa draft's) id, chosen before the review item is created, so retries find it.
   * Stored as `draft` (the adapter translates).
   */
  reviewDraftId: string;
  /** What the tool got back from freepublish/submit (or, as msg_id, from message/mass/sendall). */
  publishId: string;
  /** contentHash of the content last submitted: a retried submit of the same content changes nothing. */
  hash: string;
  /**
   * Earlier submissions of the entry, each superseded by a submit of changed content (WeChat issues a new
   * publish_id per submit): their publish ids keep answering how they ended.
   */
  earlier?: readonly SupersededSubmission[];
}

/** A publish id of an earlier submission, with the answer it keeps (frozen when it was superseded). */
export interface SupersededSubmission {
  publishId: string;
  view: GatewayPublishView;
}

/**
 * An entry of the gateway's draft box (草稿箱), what the tool calls a draft: kept by qianfa instead of WeChat,
 * attributed to the operator whose credential stored it, and visible to every credential of the same account
 * (as WeChat's draft box is).
 */
export interface GatewayDraft {
  mediaId: string;
  org: string;
  target: Target;
  /** The gateway credential (appid) that created it. */
  credential: string;
  /** Person id of the operator: the review item is theirs. */
  person: string;
  article: GatewayArticle;
  /** 1 when created, +1 on every change: the compare-and-set token. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  submission?: GatewaySubmission;
  /** Set once its review item was published: the entry has left the draft box. */
  published?: GatewayPublished;
}

/**
 * The review item's content for a gateway article: HTML, one target, the byline and comment switches the tool
 * set (published as set), and the cover when it is a material the tool uploaded through the gateway
 * (`coverMediaId`; otherwise the account's default). The digest is not kept: the publisher takes it from the
 * approved body. "Read original" (content_source_url) is kept as the source URL, which the publisher sends only
 * for reposts.
 */
export function reviewContentOf(
  article: GatewayArticle,
  target: Target,
  coverMediaId?: string,
): DraftContent {
  return {
    title: article.title,
    body: article.content,
    format: 'html',
    targets: [target],
    ...(article.content_source_url ? { source_url: article.content_source_url } : {}),
    ...(article.author.trim() ? { author: article.author.trim() } : {}),
    ...(article.need_open_comment ? { need_open_comment: true } : {}),
    ...(article.only_fans_can_comment ? { only_fans_can_comment: true } : {}),
    ...(coverMediaId ? { cover_media_id: coverMediaId } : {}),
  };
}

/**
 * freepublish/get's answer for a submitted box entry (facts §1.5): 1 while under review or on its way,
 * 0 once published (with the platform's article id and URL), 4 when rejected or blocked (with the reason),
 * 3 when publishing failed for good.
 */
export type GatewayPublishView =
  | { publishStatus: 1 }
  | { publishStatus: 0; articleId: string; articleUrl: string }
  | { publishStatus: 3 | 4; reason: string };

/**
 * Where a submitted box entry's review item stands, for the tool. `blockedReason` and `failedReason` are the Chinese reasons the
 * caller derived from the findings and the platform's failure.
 */
export function publishViewOf(
  review: ReviewState,
  publication: Publication | undefined,
  reasons: {
    blocked: string;
    rejected: (comment: string | undefined) => string;
    failed: (p: Publication) => string;
  },
): GatewayPublishView {
  if (review.status === 'blocked') return { publishStatus: 4, reason: reasons.blocked };
  if (review.status === 'rejected') {
    const rejection = review.stages.find((stage) => stage.decision?.verdict === 'rejected')?.decision;
    return { publishStatus: 4, reason: reasons.rejected(rejection?.comment) };
  }
  if (publication?.status === 'published') {
    return {
      publishStatus: 0,
      articleId: publication.ids?.['article_id'] ?? '',
      articleUrl: publication.url ?? '',
    };
  }
  if (publication?.status === 'failed') return { publishStatus: 3, reason: reasons.failed(publication) };
  return { publishStatus: 1 };
}

/** A 【bracketed headline】 at the start of a post, as government Weibo posts usually open. */
const HEADLINE = /^【([^】]{1,40})】\s*([\s\S]*)$/u;
/** Otherwise the first clause, up to this many characters, serves as the title. */
const MAX_CLAUSE = 30;

/**
 * The review item's content for a Weibo post sent to statuses/share. The publisher posts `【title】body tail
 * link`, so the post's own headline becomes the title (or its first clause, or its first 20 characters).
 */
export function weiboShareContentOf(status: string, target: Target): DraftContent {
  const text = status.trim();
  const headline = HEADLINE.exec(text);
  const split = headline ? { title: headline[1] ?? '', body: headline[2] ?? '' } : splitFirstClause(text);
  return { title: split.title, body: split.body, format: 'text', targets: [target] };
}

function splitFirstClause(text: string): { title: string; body: string } {
  const characters = [...text];
  const end = characters.findIndex((c, index) => index < MAX_CLAUSE && /[。！？!?，,；;：:\s]/u.test(c));
  const cut = end > 0 ? end : Math.min(20, characters.length);
  const title = characters.slice(0, cut).join('');
  const body = characters
    .slice(end > 0 ? cut + 1 : cut)
    .join('')
    .trim();
  return { title, body };
}

/** Why the checker blocked a version, one line per distinct finding, for the tool that submitted it. */
export function blockingFindings(report: CheckReport): string[] {
  const lines = report.findings.filter((f) => f.action === 'block').map((f) => `${f.message}（“${f.text}”）`);
  return [...new Set(lines)];
}
