import type { Clock } from '../../../domain/clock.js';
import { isFailureOfKind } from '../../../domain/platform-failure.js';
import type { PublicationProgress } from '../../../domain/publishing/publication.js';
import { weiboStatusFor } from '../../../domain/publishing/weibo-text.js';
import type { PublishItem, PublishOutcome, Publisher } from '../../../services/ports/publishing.js';
import { PublisherError } from '../publisher-error.js';
import type { WeiboClient } from './weibo-client.js';
import type { WeiboPost } from './weibo-types.js';
import { createWeiboError } from './weibo-error-codes.js';

export interface WeiboPublisherOptions {
  client: WeiboClient;
  /** The real IP statuses/share requires (`rip`). */
  rip: string;
  /** How long after an unanswered share we keep looking for the post before posting again. */
  confirmAfterMs: number;
  /** Dates the post (`posted_at`) and tells when `confirmAfterMs` has passed. */
  now: Clock;
}

/** Recent posts searched for an unconfirmed share. */
const CONFIRM_POSTS = 50;

/**
 * Posts to Weibo: `【title】summary… tail link`, linking the account's configured safe-domain link, or the same
 * draft's WeChat article when it lies under that link's host (chooseWeiboLink). The text is saved before statuses/share;
 * a worker resuming an unanswered share looks for that text among the account's recent posts first.
 */
export class WeiboPublisher implements Publisher {
  readonly platform = 'weibo' as const;

  constructor(private readonly options: WeiboPublisherOptions) {}

  private now(): number {
    return this.options.now().getTime();
  }

  async publish(
    item: PublishItem,
    start: PublicationProgress,
    save: (progress: PublicationProgress) => Promise<void>,
  ): Promise<PublishOutcome> {
    const { client } = this.options;
    const text = start.text || composeText(item);
    if (start.posted_at) {
      const found = await this.findPost(item.secret, text);
      if (found) return found;
      if (this.now() - Number(start.posted_at) < this.options.confirmAfterMs)
        throw createWeiboError('post_unconfirmed');
    }
    await save({ ...start, text, posted_at: String(this.now()) });
    const shared = await asPermanentTokenError(
      client.share(item.secret, { status: text, rip: this.options.rip }),
    );
    if (shared.state === 'accepted_unconfirmed') throw createWeiboError('post_unconfirmed');
    await save({ ...start, text, posted_at: String(this.now()), post_id: shared.post.id });
    return { ids: postIds(shared.post) };
  }

  private async findPost(token: string, text: string): Promise<PublishOutcome | undefined> {
    const posts = await asPermanentTokenError(
      this.options.client.recentPosts(token, { count: CONFIRM_POSTS }),
    );
    const post = posts.find((candidate) => candidate.text === text);
    return post ? { ids: postIds(post) } : undefined;
  }
}

/** The post's idstr, and its created_at as Weibo wrote it (the gateway's statuses/show answers with both). */
function postIds(post: WeiboPost): PublishOutcome['ids'] {
  return { post_id: post.id, created_at: post.createdAt };
}

function composeText(item: PublishItem): string {
  const article = { title: item.final.title, tail: item.final.tail, content: item.content };
  const status = weiboStatusFor(article, item.account.link, item.linkedUrl);
  if ('refused' in status) throw createWeiboError(status.refused);
  return status.text;
}

/**
 * Weibo gives server apps no refresh token: a dead token waits for an administrator to re-authorise, which
 * retries cannot bring about. So a token error fails the post at once (and tells the admins).
 */
async function asPermanentTokenError<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (isFailureOfKind(error, 'token')) {
      throw new PublisherError({
        platform: 'weibo',
        platformCode: error.code,
        kind: 'permanent',
        explanation: `${error.explanation}：请管理员重新授权该微博账号后重新添加`,
        cause: error,
      });
    }
    throw error;
  }
}
